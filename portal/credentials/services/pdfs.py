"""The credential's PDF: rendered and stored once (`ensure_pdf`, by Celery after issuance), and the sweep
of the PDFs a lost task left missing."""

import hashlib
from datetime import timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from .. import signing
from ..models import Credential
from .register import IMPORT_SOURCE


def pdf_name(credential):
    return f"{credential.lookup}.pdf"


def ensure_pdf(credential_id, *, force=False):
    """Render and store the credential's PDF unless it is already there. Idempotent: the row is locked
    while rendering, and the file is named after the number, so a retry or a duplicate task leaves one
    credential and one file. Returns the credential (None if it no longer exists)."""
    from .. import pdf

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
