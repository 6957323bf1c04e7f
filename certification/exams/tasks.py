"""Celery tasks of the exam stage: they take ids, delegate to the domain modules and are idempotent."""

from celery import shared_task

from . import cards, emails, services


@shared_task(bind=True, acks_late=True, max_retries=5, default_retry_delay=30)
def render_admission_card(self, booking_id):
    """Render (once) the admission card of a booking; a second run finds it current and stops."""
    try:
        booking = cards.ensure_card(booking_id)
    except OSError as exc:  # storage full or unavailable
        raise self.retry(exc=exc)
    return booking.card_sha256 if booking else None


@shared_task
def send_exam_reminders():
    """Periodic (hourly): the 7-day and 1-day reminders, each once."""
    return emails.send_reminders()


@shared_task
def issue_missing_certificates():
    """Periodic: certificates for *Kompeten* applications whose issuance batch was lost."""
    return services.issue_missing_certificates()
