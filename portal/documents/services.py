import hashlib
import secrets

from django.conf import settings
from django.core.files.storage import FileSystemStorage

from portal.audit.services import record

from .models import Document
from .validation import validate_upload

#: Extra access rules registered by domain apps: functions (user, document) -> bool.
_access_rules = []


def register_access_rule(rule):
    """Let a domain app grant access (e.g. an assessor to the documents of a file assigned to them)."""
    if rule not in _access_rules:
        _access_rules.append(rule)
    return rule


def storage():
    return FileSystemStorage(location=settings.PRIVATE_MEDIA_ROOT, base_url=None)


def store_upload(owner, upload, *, kind="", images_only=False):
    """Validate an upload by content and size, store it under a random name, record its sha256."""
    name, content_type = validate_upload(upload, images_only=images_only)
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    storage_name = secrets.token_hex(16)
    storage_name = f"{storage_name[:2]}/{storage_name}"
    saved = storage().save(storage_name, upload)
    return Document.objects.create(
        owner=owner,
        kind=kind,
        original_name=name,
        content_type=content_type,
        size=upload.size,
        sha256=digest.hexdigest(),
        storage_name=saved,
    )


def can_view(user, document):
    if not user.is_authenticated:
        return False
    if document.owner_id == user.pk or user.is_portal_admin:
        return True
    return any(rule(user, document) for rule in _access_rules)


def open_document(document):
    return storage().open(document.storage_name, "rb")


def audit_download(user, document, request):
    if document.owner_id != user.pk:
        record(user, "document.view", document, request=request)
