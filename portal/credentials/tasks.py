"""Celery tasks of the credential service. They take ids and delegate to `services`; each is
idempotent, so a retry or a duplicate delivery does no harm."""

from celery import shared_task
from django.conf import settings

from . import services


@shared_task(bind=True, acks_late=True, max_retries=5, default_retry_delay=30)
def render_credential_pdf(self, credential_id):
    """Render and store one certificate PDF (once: a second run finds the file and stops)."""
    try:
        credential = services.ensure_pdf(credential_id)
    except OSError as exc:  # storage full or unavailable: try again later
        raise self.retry(exc=exc)
    return credential.pdf_sha256 if credential else None


@shared_task(acks_late=True)
def rebuild_status_lists(credential_id):
    """Rebuild the signed revocation and suspension lists of the credential's block after its status changed."""
    from . import vc
    from .models import Credential

    credential = Credential.objects.filter(pk=credential_id).first()
    if credential is not None:
        vc.rebuild_for(credential)


@shared_task
def rebuild_stale_status_lists():
    """Every few minutes: the lists a lost task left behind."""
    from . import vc

    return vc.rebuild_stale_lists()


@shared_task
def render_missing_pdfs():
    return services.render_missing_pdfs()


@shared_task
def expire_and_remind():
    """Daily: mark credentials past their date expired, then send the 180/90/30-day reminders."""
    return {"expired": services.mark_expired(), "reminded": services.send_expiry_reminders()}


@shared_task(bind=True, acks_late=True, max_retries=3, default_retry_delay=10)
def run_batch(self, batch_id):
    """Issue the next chunk of a batch, then hand the rest to a fresh task (short tasks: a lost
    worker costs one chunk, which is idempotent anyway)."""
    if services.process_batch(batch_id, limit=settings.CREDENTIAL_BATCH_CHUNK):
        run_batch.delay(batch_id)
    return batch_id
