import contextvars
import hashlib
import logging
import re
import secrets
from contextlib import contextmanager
from datetime import timedelta
from functools import partial
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from portal.audit.services import record

from .models import Document
from .validation import validate_upload

logger = logging.getLogger(__name__)

#: The kind of the documents a user keeps in their own library (`documents:mine`): attached to
#: nothing on purpose, so never purged.
LIBRARY_KIND = "personal"

#: Storage names written by `store_upload` inside the innermost `atomic_with_uploads` block.
_stored_here = contextvars.ContextVar("documents_stored_here", default=None)

#: Extra access rules registered by domain apps: functions (user, document) -> bool.
_access_rules = []


def register_access_rule(rule):
    """Let a domain app grant access (e.g. an assessor to the documents of a file assigned to them, an
    admin to the documents of their domain): `rule(user, document) -> bool`, any True opens it."""
    if rule not in _access_rules:
        _access_rules.append(rule)
    return rule


def storage():
    return FileSystemStorage(location=settings.PRIVATE_MEDIA_ROOT, base_url=None)


def store_upload(owner, upload, *, kind="", images_only=False):
    """Validate an upload by content and size, store it under a random name, record its sha256.
    The caller's form has checked the owner's quota and rate (`forms.limit_uploads`). Call it inside
    `atomic_with_uploads()` so that a rollback deletes the file too."""
    name, content_type = validate_upload(upload, images_only=images_only)
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    storage_name = secrets.token_hex(16)
    storage_name = f"{storage_name[:2]}/{storage_name}"
    saved = storage().save(storage_name, upload)
    try:
        document = Document.objects.create(
            owner=owner,
            kind=kind,
            original_name=name,
            content_type=content_type,
            size=upload.size,
            sha256=digest.hexdigest(),
            storage_name=saved,
        )
    except BaseException:
        _delete_files([saved])
        raise
    stored = _stored_here.get()
    if stored is not None:
        stored.append(saved)
    return document


@contextmanager
def atomic_with_uploads():
    """`transaction.atomic()` for a change that stores uploads: when it rolls back, the files that
    `store_upload` wrote inside it are deleted too. (A rollback further out leaves files without a
    row; `purge_unattached` removes them a day later.) Usable as a decorator."""
    stored = []
    token = _stored_here.set(stored)
    try:
        with transaction.atomic():
            yield
    except BaseException:
        _delete_files(stored)
        raise
    finally:
        _stored_here.reset(token)
    outer = _stored_here.get()
    if outer is not None:  # committed into an enclosing block: its rollback removes them
        outer.extend(stored)


def _delete_files(names):
    files = storage()
    for name in names:
        files.delete(name)


def _references():
    """Every relation pointing at Document, found from the models (the kernel knows no domain app)."""
    fields = Document._meta.get_fields(include_hidden=True)
    return [rel for rel in fields if rel.is_relation and rel.auto_created and not rel.concrete]


def unreferenced(documents=None):
    """Documents (of `documents`, default all) that nothing refers to."""
    documents = Document.objects.all() if documents is None else documents
    for rel in _references():
        referring = rel.related_model._base_manager.filter(**{rel.field.name: OuterRef("pk")})
        documents = documents.exclude(Exists(referring))
    return documents


def unattached():
    """Documents nothing refers to (a failed or abandoned form, a replaced or removed file), except
    the users' own library."""
    return unreferenced(Document.objects.exclude(kind=LIBRARY_KIND))


def delete_documents(documents):
    """Delete these documents: the rows now, their files once the transaction commits (a rollback
    keeps both). Returns how many."""
    rows = list(documents.values_list("pk", "storage_name"))
    Document.objects.filter(pk__in=[pk for pk, _name in rows]).delete()
    transaction.on_commit(partial(_delete_files, [name for _pk, name in rows]))
    return len(rows)


#: A name `store_upload` writes: "ab/<32 hex>" (Django adds "_<7 characters>" on a clash).
_STORED_FILE = re.compile(r"[0-9a-f]{32}(_[A-Za-z0-9]{7})?")


def purge_unattached(*, older_than=timedelta(days=1), batch=500):
    """Delete documents attached to nothing for longer than `older_than` (row and file), then files
    under PRIVATE_MEDIA_ROOT that have no Document row (left by a rollback). Idempotent; returns
    (documents, files) removed."""
    cutoff = timezone.now() - older_than
    documents = 0
    while True:
        with transaction.atomic():
            rows = list(
                unattached().filter(created_at__lt=cutoff).select_for_update(skip_locked=True)
                .values_list("pk", "storage_name")[:batch]
            )
            if not rows:
                break
            Document.objects.filter(pk__in=[pk for pk, _name in rows]).delete()
            transaction.on_commit(partial(_delete_files, [name for _pk, name in rows]))
        documents += len(rows)
    files = 0
    for folder in sorted(Path(settings.PRIVATE_MEDIA_ROOT).glob("[0-9a-f][0-9a-f]")):
        old = {
            f"{folder.name}/{path.name}": path
            for path in folder.iterdir()
            if _STORED_FILE.fullmatch(path.name) and path.is_file() and path.stat().st_mtime < cutoff.timestamp()
        }
        if not old:
            continue
        known = set(Document.objects.filter(storage_name__in=list(old)).values_list("storage_name", flat=True))
        for name in old.keys() - known:
            old[name].unlink(missing_ok=True)
            files += 1
    if documents or files:
        logger.info("Purged %s unattached documents and %s files without a document", documents, files)
    return documents, files


def can_view(user, document):
    """The owner, and whoever a domain app's access rule names. The kernel grants no role anything of
    its own: an LSP admin opens what certification and the registry grant, a BALKS admin what
    accreditation grants (each app registers its rules in `AppConfig.ready()`)."""
    if not user.is_authenticated:
        return False
    if document.owner_id == user.pk:
        return True
    return any(rule(user, document) for rule in _access_rules)


def open_document(document):
    return storage().open(document.storage_name, "rb")


def audit_download(user, document, request):
    if document.owner_id != user.pk:
        record(user, "document.view", document, request=request)
