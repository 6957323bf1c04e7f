"""The import engine: read a file, check it (a dry run), import it in one transaction.

- `evaluate(importer, data, name)`: the dry run. Reads the file (`spreadsheet.read`, refused as a whole with a
  reason), matches the header, hands the rows to the importer's `check` and returns its `Plan`.
- `apply(importer, data, name, actor=)`: the same check again inside one transaction holding the kind's lock
  (a PostgreSQL advisory lock: two imports of one kind run one after the other), then the importer's `commit`
  and one audit event `import.commit`. With any error nothing is written; a crash rolls everything back.
- Jobs (the admin pages): `upload` stores the file first (so nothing uploaded is lost if a worker dies) and
  queues the check; `confirm` queues the import; the tasks call `check_job` and `run_job`, which are
  idempotent (a job already done stays done; an import of rows already there creates nothing).
"""

import hashlib
import logging
import zlib
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.utils import timezone
from django.utils.crypto import get_random_string
from django.utils import translation
from django.utils.translation import gettext as _

from portal.audit.services import record
from portal.core.tasks import send_after_commit

from . import spreadsheet
from .kinds import Plan
from .models import ImportJob
from .spreadsheet import FileRefused, RowError

logger = logging.getLogger(__name__)
CHECK_TASK = "portal.imports.tasks.check_import"
RUN_TASK = "portal.imports.tasks.run_import"
Status = ImportJob.Status


def evaluate(importer, data, name):
    """The dry run: a Plan (errors by row, rows to create, rows unchanged, preview). Raises FileRefused for a
    file that cannot be read as a spreadsheet of this kind."""
    rows = spreadsheet.read(data, name)
    start, keys, errors = spreadsheet.header_keys(rows, importer.columns)
    if errors:
        return Plan(errors=errors)
    records = []
    for number, values, beyond in spreadsheet.records(rows, start, keys):
        if beyond:
            errors.append(RowError(number, "", _("This row has values beyond the last column.")))
        records.append((number, values))
    del rows
    if not records:
        return Plan(errors=[RowError(None, "", _("The file has a header but no rows."))])
    plan = importer.check(records)
    plan.total = len(records)
    plan.errors = sorted(errors + plan.errors, key=lambda e: (e.row or 0))
    return plan


def _lock(kind):
    """Hold the kind's lock until the transaction ends (PostgreSQL; SQLite writes one at a time anyway)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [0x1D9047, zlib.crc32(kind.encode()) & 0x7FFFFFFF])


def apply(importer, data, name, *, actor=None, job=None, progress=None):
    """Check the file again and import it, in one transaction: everything or nothing. Returns the Plan
    (its `errors` non-empty: nothing was written) and the counts the importer's commit returned."""
    with transaction.atomic():
        _lock(importer.key)
        plan = evaluate(importer, data, name)
        if plan.errors:
            return plan, {}
        if not plan.new:  # every row is in the register already: nothing changes, not even the audit trail
            return plan, {**plan.counts(), "created": 0}
        counts = {**plan.counts(), **importer.commit(plan, actor=actor, progress=progress)}
        record(
            actor, "import.commit", job,
            after={"kind": importer.key, "file": name, "sha256": hashlib.sha256(data).hexdigest(), **counts},
        )
    return plan, counts


# --- jobs -----------------------------------------------------------------------------------------------
def upload(importer, upload_file, *, actor, request=None):
    """Store the uploaded file and its job, then check it in the background (at once in embedded mode).
    Raises FileRefused for a file too large to store."""
    if upload_file.size > settings.IMPORT_MAX_BYTES:
        raise FileRefused(
            _("The file is %(size)s MB; an import file may be at most %(limit)s MB. Split it into smaller files.")
            % {"size": round(upload_file.size / 2**20, 1), "limit": round(settings.IMPORT_MAX_BYTES / 2**20, 1)},
            "too_big",
        )
    upload_file.seek(0)
    data = upload_file.read()
    name = (upload_file.name or "import")[-150:]
    with transaction.atomic():
        job = ImportJob(
            kind=importer.key, file_name=name, size=len(data), sha256=hashlib.sha256(data).hexdigest(),
            created_by=actor,
        )
        job.file.save(f"{importer.key}-{get_random_string(24)}", ContentFile(data), save=False)
        job.save()
        record(actor, "import.upload", job, after={"kind": importer.key, "file": name, "size": len(data)}, request=request)
        send_after_commit(CHECK_TASK, job.pk)
    return job


def _discard_file(job):
    """An uploaded register holds NIKs: its file goes once the import is done or the file refused (the job
    keeps the counts and the problems). A failed import keeps it, to be run again."""
    if job.file:
        storage, name = job.file.storage, job.file.name
        job.file = ""
        transaction.on_commit(lambda: storage.delete(name))


def _read(job):
    with job.file.storage.open(job.file.name, "rb") as handle:
        return handle.read()


def _language(user):
    return getattr(user, "language", "") or settings.LANGUAGE_CODE


def _errors(plan):
    return [error.as_dict() for error in plan.errors[: settings.IMPORT_ERRORS_SHOWN]]


def check_job(job_id):
    """The dry run of a stored job: counts, preview and errors saved on the job."""
    job = ImportJob.objects.filter(pk=job_id).first()
    if job is None or job.status not in (Status.UPLOADED, Status.CHECKED) or not job.file:
        return job
    importer = job.importer
    try:
        with translation.override(_language(job.created_by)):  # the messages are kept: in the uploader's language
            plan = evaluate(importer, _read(job), job.file_name)
    except FileRefused as refused:
        job.status, job.message, job.counts, job.errors, job.preview = Status.INVALID, refused.message, {}, [], []
    else:
        job.status = Status.CHECKED if plan.ok else Status.INVALID
        job.message = ""
        job.counts, job.errors, job.preview = plan.counts(), _errors(plan), plan.preview
    job.checked_at = timezone.now()
    if job.status == Status.INVALID:
        _discard_file(job)
    job.save()
    return job


def confirm(job, *, actor, request=None):
    """The admin confirms a checked job: it is imported in the background (at once in embedded mode)."""
    with transaction.atomic():
        job = ImportJob.objects.select_for_update().get(pk=job.pk)
        if job.status != Status.CHECKED:
            return job
        job.status, job.confirmed_by = Status.QUEUED, actor
        job.save(update_fields=["status", "confirmed_by", "updated_at"])
        send_after_commit(RUN_TASK, job.pk)
    job.refresh_from_db()  # in embedded mode the import has run by now
    return job


def progress_key(job_id):
    return f"imports:progress:{job_id}"


def progress_of(job):
    """Rows written so far by a running import (kept in the cache: the import is one transaction)."""
    return cache.get(progress_key(job.pk), 0) if job.status == Status.QUEUED else None


def run_job(job_id):
    """Import a confirmed job. A second run of a job already done does nothing; a run after a crash checks
    and imports the file again (the crashed transaction left nothing)."""
    job = ImportJob.objects.filter(pk=job_id).first()
    if job is None or job.status != Status.QUEUED or not job.file:
        return job
    importer = job.importer

    def progress(done):
        cache.set(progress_key(job.pk), done, 3600)

    try:
        with translation.override(_language(job.confirmed_by)):
            plan, counts = apply(importer, _read(job), job.file_name, actor=job.confirmed_by, job=job, progress=progress)
    except FileRefused as refused:
        job.status, job.message = Status.INVALID, refused.message
        _discard_file(job)
        job.save()
        return job
    except Exception as exc:  # the transaction rolled back: nothing is imported; say so and keep the file
        logger.exception("Import %s failed", job.pk)
        job.status, job.message = Status.FAILED, str(exc)[:500]
        job.save()
        return job
    if plan.errors:  # the register changed since the check (another import): nothing written
        job.status, job.counts, job.errors, job.preview = Status.INVALID, plan.counts(), _errors(plan), plan.preview
    else:
        job.status, job.counts = Status.DONE, counts
        job.finished_at = timezone.now()
    _discard_file(job)
    job.save()
    cache.delete(progress_key(job.pk))
    return job


def resume_stale(older_than_seconds=None):
    """The sweep (beat): jobs a lost worker left waiting are handed to a task again. Returns how many."""
    seconds = older_than_seconds if older_than_seconds is not None else settings.IMPORT_STALE_SECONDS
    before = timezone.now() - timedelta(seconds=seconds)
    count = 0
    for job in ImportJob.objects.filter(status__in=(Status.UPLOADED, Status.QUEUED), updated_at__lt=before):
        send_after_commit(CHECK_TASK if job.status == Status.UPLOADED else RUN_TASK, job.pk)
        count += 1
    return count
