"""The credential service: issue, render, suspend, revoke, reinstate, expire, remind, bulk-issue.

Certification (on *Kompeten*) and accreditation (on a grade) call `issue_credential`; everything
else here runs from the admin screens or from Celery.
"""

import calendar
import hashlib
import logging
from datetime import date, timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.audit.services import record, record_many
from portal.core import bulk
from portal.core.tasks import send_after_commit
from portal.notifications.services import notify
from portal.workflow.engine import TransitionNotAllowed, perform

from . import numbering, signing, vc
from .models import Credential, CredentialCounter, CredentialReminder, IssuanceBatch

logger = logging.getLogger(__name__)
PDF_TASK = "portal.credentials.tasks.render_credential_pdf"
STATUS_LIST_TASK = "portal.credentials.tasks.rebuild_status_lists"
BATCH_TASK = "portal.credentials.tasks.run_batch"
#: the source of a credential brought in from the register kept before the portal (`import_credentials`)
IMPORT_SOURCE = "import:"

Kind = Credential.Kind
Status = Credential.Status


# ---- validity -----------------------------------------------------------------------------------
def add_years(day, years):
    """The same calendar day `years` later (29 February becomes 28 February)."""
    year = day.year + years
    return day.replace(year=year, day=min(day.day, calendar.monthrange(year, day.month)[1]))


def validity_years_for(kind, subject_code=""):
    """Worker certificates: CREDENTIAL_VALIDITY_YEARS (5). LKS accreditations: by grade
    (CREDENTIAL_LKS_VALIDITY_YEARS, A 5 / B 3 / C 2); the grade is the subject code."""
    if kind == Kind.WORKER_CERTIFICATE:
        return settings.CREDENTIAL_VALIDITY_YEARS
    grade = numbering.normalise(subject_code)
    try:
        return settings.CREDENTIAL_LKS_VALIDITY_YEARS[grade]
    except KeyError:
        raise ValueError(f"No validity is configured for LKS grade {subject_code!r}.") from None


def valid_until_for(issued_on, years):
    """Valid for `years` years: until the day before the anniversary."""
    return add_years(issued_on, years) - timedelta(days=1)


# ---- issuance -----------------------------------------------------------------------------------
def _locked_counter(prefix, year):
    """The (prefix, year) counter row, created if needed and locked until the transaction ends."""
    CredentialCounter.objects.bulk_create([CredentialCounter(prefix=prefix, year=year)], ignore_conflicts=True)
    return CredentialCounter.objects.select_for_update().get(prefix=prefix, year=year)


def _audit_facts(credential):
    return {
        "number": credential.number,
        "kind": credential.kind,
        "holder_name": credential.holder_name,
        "subject": credential.subject,
        "issued_on": credential.issued_on.isoformat(),
        "valid_until": credential.valid_until.isoformat(),
        "key_id": credential.key_id,
    }


def issue_credential(
    *,
    kind,
    source,
    holder=None,
    holder_name,
    subject,
    subject_code,
    issuer,
    province=None,
    issued_on=None,
    validity_years=None,
    actor=None,
    subject_en="",
    request=None,
):
    """Issue a credential, once per (kind, source): calling again with the same pair (a retried task,
    a double click) returns the credential issued the first time and does nothing else.

    `source` names what it is issued for, e.g. "certification.application:42". The number is
    allocated without gaps or duplicates (`PS-GEN-2026-000123-K`), the public facts are signed with
    the active Ed25519 key, the issuance is audited, the holder (if an account) is notified with a
    link to "My certificates", and the PDF is rendered by Celery after the commit.
    """
    kind = Kind(kind)
    source = str(source).strip()
    if not source:
        raise ValueError("A credential needs a source (what it is issued for).")
    existing = Credential.objects.filter(kind=kind, source=source).first()
    if existing is not None:
        return existing
    holder_name = " ".join(str(holder_name or "").split())
    subject = " ".join(str(subject or "").split())
    if not holder_name or not subject or not issuer:
        raise ValueError("A credential needs a holder name, a subject and an issuer.")
    issued_on = issued_on or timezone.localdate()
    years = validity_years if validity_years is not None else validity_years_for(kind, subject_code)
    prefix = numbering.number_prefix(kind, subject_code)
    try:
        with transaction.atomic():
            counter = _locked_counter(prefix, issued_on.year)
            # Under the counter's lock: a concurrent call for the same source has committed by now.
            existing = Credential.objects.filter(kind=kind, source=source).first()
            if existing is not None:
                return existing
            counter.last += 1
            counter.save(update_fields=["last"])
            credential = _new_credential(
                kind, numbering.format_number(prefix, issued_on.year, counter.last), actor,
                holder=holder,
                holder_name=holder_name,
                subject=subject,
                subject_en=" ".join(str(subject_en or "").split()),
                subject_code=numbering.subject_part(subject_code),
                issuer=issuer,
                province=province,
                issued_on=issued_on,
                valid_until=valid_until_for(issued_on, years),
                source=source,
            )
            credential.save()
            vc.ensure_vc(credential)
            record(actor, "credential.issue", credential, after=_audit_facts(credential), request=request)
            if holder is not None:
                notify(
                    holder,
                    "credentials/issued",
                    {"credential": credential, "kind_label": credential.get_kind_display()},
                    url=reverse("credentials:mine"),
                )
            send_after_commit(PDF_TASK, credential.pk)
    except IntegrityError:
        # Another process issued for the same source between our check and our insert.
        existing = Credential.objects.filter(kind=kind, source=source).first()
        if existing is None:
            raise
        return existing
    return credential


def _new_credential(kind, number, actor, **facts):
    """A credential (not saved) with its number, the kind's signatory and the issuer's signature over its
    public facts: the one way issuance and the import of the old register build one."""
    signatory = settings.CREDENTIAL_SIGNATORIES.get(kind, {})
    credential = Credential(
        number=number,
        lookup=numbering.normalise(number),
        kind=kind,
        signatory_name=signatory.get("name", ""),
        signatory_title=signatory.get("title", ""),
        signatory_title_en=signatory.get("title_en", ""),
        issued_by=actor if getattr(actor, "is_authenticated", False) else None,
        **facts,
    )
    credential.key_id, credential.signature = signing.sign(signing.payload_of(credential))
    return credential


def verify_signature(credential):
    """True when the stored signature still matches the credential's facts."""
    return signing.verify(credential.key_id, signing.payload_of(credential), credential.signature)


# ---- PDF ----------------------------------------------------------------------------------------
def pdf_name(credential):
    return f"{credential.lookup}.pdf"


def ensure_pdf(credential_id, *, force=False):
    """Render and store the credential's PDF unless it is already there. Idempotent: the row is locked
    while rendering, and the file is named after the number, so a retry or a duplicate task leaves one
    credential and one file. Returns the credential (None if it no longer exists)."""
    from . import pdf

    with transaction.atomic():
        credential = (
            Credential.objects.select_for_update(of=("self",)).select_related("province").filter(pk=credential_id).first()
        )
        if credential is None:
            return None
        if not force and credential.has_pdf and credential.pdf.storage.exists(credential.pdf.name):
            return credential
        fields = ["pdf", "pdf_sha256", "pdf_rendered_at", "updated_at"]
        if not credential.signature:  # made outside issue_credential (an import): sign before printing
            credential.key_id, credential.signature = signing.sign(signing.payload_of(credential))
            fields += ["key_id", "signature"]
        data = pdf.render_pdf(credential)
        credential.pdf.save(pdf_name(credential), ContentFile(data), save=False)
        credential.pdf_sha256 = hashlib.sha256(data).hexdigest()
        credential.pdf_rendered_at = timezone.now()
        credential.save(update_fields=fields)
    return credential


def render_missing_pdfs(limit=200):
    """Render the PDFs still missing CREDENTIAL_PDF_LOST_AFTER_SECONDS after issuance (issued while
    the broker was down, or their task was lost with a worker). Run every minute by beat."""
    lost_before = timezone.now() - timedelta(seconds=settings.CREDENTIAL_PDF_LOST_AFTER_SECONDS)
    ids = list(
        Credential.objects.filter(pdf_sha256="", created_at__lt=lost_before)
        .exclude(source__startswith=IMPORT_SOURCE)  # imported: rendered when first downloaded
        .order_by("pk")
        .values_list("pk", flat=True)[:limit]
    )
    for pk in ids:
        ensure_pdf(pk)
    return len(ids)


# ---- status -------------------------------------------------------------------------------------
def _change_status(credential, transition, actor, reason, request=None):
    reason = (reason or "").strip()
    with transaction.atomic():
        locked = perform(credential, transition, actor, note=reason, request=request)
        locked.status_reason = "" if locked.status == Status.VALID else reason
        locked.save(update_fields=["status_reason", "updated_at"])
        # The signed status lists follow after the commit (a task; the sweep if the broker is down).
        send_after_commit(STATUS_LIST_TASK, locked.pk)
    credential.refresh_from_db()
    return credential


def suspend_credential(credential, *, actor, reason, request=None):
    """Suspend a valid credential (LSP admin for worker certificates, BALKS admin for accreditations).
    A reason is required; it is audited and told to the holder. The public page shows it at once."""
    return _change_status(credential, "suspend", actor, reason, request)


def revoke_credential(credential, *, actor, reason, request=None):
    """Revoke for good (from valid, suspended or expired). The public page shows the reason."""
    return _change_status(credential, "revoke", actor, reason, request)


def reinstate_credential(credential, *, actor, reason, request=None):
    """Lift a suspension."""
    return _change_status(credential, "reinstate", actor, reason, request)


def mark_expired():
    """Mark valid credentials past their date as expired (audited, holder told). Returns how many."""
    today = timezone.localdate()
    count = 0
    for credential in Credential.objects.filter(status=Status.VALID, valid_until__lt=today).order_by("pk").iterator():
        try:
            perform(credential, "expire", None)
        except TransitionNotAllowed:  # changed meanwhile (revoked, suspended)
            continue
        count += 1
    return count


def send_expiry_reminders():
    """Remind holders CREDENTIAL_REMINDER_DAYS (180, 90, 30) days before expiry, each reminder exactly
    once. A run that finds a credential past several thresholds at once (issued late, the task did
    not run) sends only the nearest and records the others as passed. Returns how many were sent."""
    today = timezone.localdate()
    thresholds = sorted(settings.CREDENTIAL_REMINDER_DAYS)  # 30, 90, 180
    sent = 0
    lower = 0
    for days in thresholds:
        # Credentials whose nearest due threshold is `days`: (lower, days] days left.
        window = Credential.objects.filter(
            status=Status.VALID,
            holder__isnull=False,
            valid_until__gte=today + timedelta(days=lower),
            valid_until__lte=today + timedelta(days=days),
        ).exclude(Exists(CredentialReminder.objects.filter(credential=OuterRef("pk"), days_before=days)))
        for pk in window.order_by("pk").values_list("pk", flat=True):
            sent += _remind(pk, days, today)
        lower = days + 1
    return sent


def _remind(credential_id, days, today):
    with transaction.atomic():
        credential = (
            Credential.objects.select_for_update(of=("self",)).select_related("holder").filter(pk=credential_id).first()
        )
        if credential is None or credential.status != Status.VALID or credential.holder is None:
            return 0
        passed = [t for t in settings.CREDENTIAL_REMINDER_DAYS if t >= days]
        done = set(credential.reminders.values_list("days_before", flat=True))
        if days in done:
            return 0
        CredentialReminder.objects.bulk_create(
            [CredentialReminder(credential=credential, days_before=t, notified=t == days) for t in passed if t not in done]
        )
        notify(
            credential.holder,
            "credentials/reminder",
            {
                "credential": credential,
                "days_left": (credential.valid_until - today).days,
                "kind_label": credential.get_kind_display(),
            },
            url=reverse("credentials:mine"),
        )
        record(None, "credential.remind", credential, after={"days_before": days})
    return 1


# ---- bulk issuance ------------------------------------------------------------------------------
ITEM_FIELDS = {
    "source", "holder_id", "holder_name", "subject", "subject_en", "subject_code", "issuer",
    "province_id", "issued_on", "validity_years",
}
REQUIRED_ITEM_FIELDS = {"source", "holder_name", "subject", "subject_code", "issuer"}


def _item(raw):
    item = dict(raw)
    if "holder" in item:
        holder = item.pop("holder")
        item["holder_id"] = holder.pk if holder is not None else None
    if "province" in item:
        province = item.pop("province")
        item["province_id"] = province.pk if province is not None else None
    if isinstance(item.get("issued_on"), date):
        item["issued_on"] = item["issued_on"].isoformat()
    unknown = set(item) - ITEM_FIELDS
    missing = REQUIRED_ITEM_FIELDS - {k for k, v in item.items() if v not in (None, "")}
    if unknown or missing:
        raise ValueError(f"Bulk issuance item {raw!r}: unknown {sorted(unknown)}, missing {sorted(missing)}")
    return item


def start_bulk_issuance(*, kind, items, actor=None, title="", request=None):
    """Issue many credentials in the background (a plenary's list of candidates) and follow the
    progress at `batch.get_absolute_url()`.

    `items` are dicts of `issue_credential` arguments (`holder` and `province` may be objects or
    `holder_id`/`province_id`; `issued_on` a date). Each item is idempotent on its `source`, so
    the batch can be retried safely.
    """
    kind = Kind(kind)
    prepared = [_item(raw) for raw in items]
    sources = [item["source"] for item in prepared]
    if len(set(sources)) != len(sources):
        raise ValueError("Each item of a batch needs its own source.")
    for item in prepared:  # fail now, not half-way through the batch
        numbering.subject_part(item["subject_code"])
        if item.get("validity_years") is None:
            validity_years_for(kind, item["subject_code"])
    with transaction.atomic():
        batch = IssuanceBatch.objects.create(
            kind=kind,
            title=title or _("Issuance of %(count)s credentials") % {"count": len(prepared)},
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
            items=prepared,
            total=len(prepared),
        )
        record(actor, "credential.batch_start", batch, after={"total": batch.total}, request=request)
        send_after_commit(BATCH_TASK, batch.pk)
    return batch


def process_batch(batch_id, limit=None):
    """Issue the next `limit` items of a batch (all if None). Resumes where the last run stopped.
    Returns True while items remain."""
    from portal.accounts.models import User
    from portal.regions.models import Province

    with transaction.atomic():
        batch = IssuanceBatch.objects.select_for_update().filter(pk=batch_id).first()
        if batch is None or batch.status == IssuanceBatch.Status.DONE:
            return False
        batch.status = IssuanceBatch.Status.RUNNING
        start = batch.processed
        end = batch.total if limit is None else min(batch.total, start + limit)
        for index in range(start, end):
            item = dict(batch.items[index])
            try:
                with transaction.atomic():
                    holder_id, province_id = item.pop("holder_id", None), item.pop("province_id", None)
                    issued_on = item.pop("issued_on", None)
                    credential = issue_credential(
                        kind=batch.kind,
                        holder=User.objects.get(pk=holder_id) if holder_id else None,
                        province=Province.objects.get(pk=province_id) if province_id else None,
                        issued_on=date.fromisoformat(issued_on) if issued_on else None,
                        actor=batch.created_by,
                        **item,
                    )
                    batch.credentials.add(credential)
            except Exception as exc:  # one bad item must not stop the plenary's batch
                logger.exception("Batch %s item %s failed", batch.pk, index)
                batch.errors = [*batch.errors, {"index": index, "source": item.get("source", ""), "error": str(exc)[:500]}]
        batch.processed = end
        if batch.processed >= batch.total:
            batch.status = IssuanceBatch.Status.DONE
            batch.finished_at = timezone.now()
        batch.save()
        return batch.processed < batch.total


def batch_progress(batch):
    """The progress of a batch, for the JSON endpoint and the page: issued and rendered counts and
    one percentage (each item counts twice: once issued, once its PDF ready; a failed item counts done)."""
    issued = batch.credentials.count()
    rendered = batch.credentials.exclude(pdf_sha256="").count()
    failed = len(batch.errors)
    total = batch.total
    percent = 100 if not total else min(100, round(100 * (batch.processed + rendered + failed) / (2 * total)))
    finished = batch.status == IssuanceBatch.Status.DONE and rendered + failed >= total
    return {
        "id": batch.pk,
        "status": batch.status,
        "status_label": str(batch.get_status_display()) if not finished else str(_("Finished")),
        "total": total,
        "processed": batch.processed,
        "issued": issued,
        "rendered": rendered,
        "failed": failed,
        "percent": percent,
        "finished": finished,
    }


# ---- the register from before the portal (issue 18, item 6) -------------------------------------------
def import_source(number):
    """The source of an imported credential: its number, compact (one credential per number, whatever its kind)."""
    return f"{IMPORT_SOURCE}{numbering.normalise(number)}"


def import_credentials(*, kind, items, actor=None, progress=None, batch_size=2000):
    """Bring in credentials issued before the portal, with their numbers exactly as issued. Each is signed
    (the QR payload and its VC, with the active key), placed in the status lists (a revoked or suspended one
    has its bit set once the lists are rebuilt after the commit) and audited (`credential.import`); its PDF
    is rendered when first downloaded, never here. No holder is notified (`holder` is None until the person
    claims their profile).

    `items`: dicts with `number`, `holder_name`, `subject`, `subject_code`, `issued_on`, `valid_until`,
    `status`, and optionally `subject_en`, `issuer`, `province_id`, `status_reason`, `holder_id`, `facts` (added to
    the audit event: what the old register said that the credential has no field for). The caller
    checked them (the import engine: numbers new, dates in order) and holds its transaction. Returns the
    number created."""
    kind = Kind(kind)
    issuer = vc.ISSUER_NAMES[kind]
    created = 0
    blocks = {}
    for start in range(0, len(items), batch_size):
        chunk = items[start:start + batch_size]
        rows = []
        for item in chunk:
            credential = _new_credential(
                kind, item["number"], actor,
                holder_id=item.get("holder_id"),
                holder_name=" ".join(item["holder_name"].split()),
                subject=" ".join(item["subject"].split()),
                subject_en=" ".join((item.get("subject_en") or "").split()),
                subject_code=numbering.normalise(item.get("subject_code", ""))[:40],
                issuer=item.get("issuer") or issuer,
                province_id=item.get("province_id"),
                issued_on=item["issued_on"],
                valid_until=item["valid_until"],
                status=item.get("status") or Status.VALID,
                status_reason=item.get("status_reason", ""),
                source=import_source(item["number"]),
            )
            rows.append(credential)
        if bulk.assign_ids(Credential, rows):  # PostgreSQL: keys first, so each VC is signed before the insert
            for credential in rows:
                credential.vc_jwt = vc.signed_vc(credential)
            bulk.insert(Credential, rows)
        else:
            bulk.insert(Credential, rows)
            for credential in rows:
                credential.vc_jwt = vc.signed_vc(credential)
            Credential.objects.bulk_update(rows, ["vc_jwt"])
        record_many(actor, "credential.import", [
            (c, _audit_facts(c) | {"status": c.status} | item.get("facts", {})) for c, item in zip(rows, chunk)
        ])
        for credential in rows:
            if credential.status in vc.BIT_STATUS.values():
                blocks.setdefault(vc.position(credential)[0], credential.pk)
        created += len(rows)
        if progress is not None:
            progress(created)
    for pk in blocks.values():  # one rebuild per block of the status lists with a bit to set
        send_after_commit(STATUS_LIST_TASK, pk)
    return created
