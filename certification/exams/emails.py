"""Emails with the session as an .ics calendar file: the confirmation and the reminders.

The kernel's outbox (`portal.notifications`) sends plain emails; these carry an attachment, so the
exam stage keeps its own small outbox (`ExamEmail`): a row written in the transaction of the
change, sent by Celery after the commit, re-sent by beat while pending, one row per booking and
kind (a reminder goes out once). The in-app notification is written through the kernel as usual.
"""

import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from . import conf, ics
from .models import BookingStatus, ExamBooking, ExamEmail

logger = logging.getLogger(__name__)


def template_for(kind):
    """confirmation → exams/confirmation; reminder_7, reminder_1 … → exams/reminder."""
    return "exams/reminder" if kind.startswith("reminder_") else f"exams/{kind}"


def context_for(booking, kind):
    context = {"booking": booking, "session": booking.session}
    if kind.startswith("reminder_"):
        context["days"] = int(kind.split("_", 1)[1])
    return context


def render(booking, kind):
    """Subject and body of `notifications/<template>_*.txt` in the candidate's language."""
    recipient = booking.application.applicant
    context = {
        "recipient": recipient,
        "site_url": settings.SITE_URL,
        "url": booking.get_absolute_url(),
        **context_for(booking, kind),
    }
    template = template_for(kind)
    with translation.override(recipient.language or settings.LANGUAGE_CODE):
        subject = " ".join(render_to_string(f"notifications/{template}_subject.txt", context).split())
        body = render_to_string(f"notifications/{template}_body.txt", context).strip()
    return subject[:255], body


def queue_exam_email(booking, kind):
    """Write the email row (once per booking and kind) and send it after the commit. Returns the row,
    or None when it exists already or the candidate has no email address."""
    recipient = booking.application.applicant
    if not recipient.email:
        return None
    subject, body = render(booking, kind)
    try:
        with transaction.atomic():
            email = ExamEmail.objects.create(booking=booking, kind=kind, to=recipient.email, subject=subject, body=body)
    except IntegrityError:
        return None
    email_id = email.pk
    transaction.on_commit(lambda: enqueue(email_id))
    return email


def enqueue(email_id):
    from .tasks import send_exam_email

    try:
        send_exam_email.delay(email_id)
    except Exception:  # broker down: beat re-sends what is pending
        logger.warning("Broker unavailable; exam email %s stays pending", email_id)


def deliver(email_id):
    """Send one pending email with the booking's current .ics. Idempotent: a sent row is never sent
    again; a failure keeps it pending (until EXAM_EMAIL_MAX_ATTEMPTS). Returns True when sent."""
    with transaction.atomic():
        email = (
            ExamEmail.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("booking", "booking__session", "booking__session__scheme", "booking__session__province",
                            "booking__application__applicant")
            .filter(pk=email_id, status=ExamEmail.Status.PENDING)
            .first()
        )
        if email is None:
            return False
        booking = email.booking
        message = EmailMessage(subject=email.subject, body=email.body, from_email=settings.DEFAULT_FROM_EMAIL, to=[email.to])
        if booking.status == BookingStatus.CONFIRMED:
            message.attach(ics.filename(booking), ics.calendar_for(booking), "text/calendar; charset=utf-8; method=PUBLISH")
        email.attempts += 1
        try:
            message.send()
        except Exception as exc:  # SMTP down, timeout: stays pending for the next round
            email.last_error = f"{type(exc).__name__}: {exc}"[:2000]
            if email.attempts >= conf.get("EXAM_EMAIL_MAX_ATTEMPTS"):
                email.status = ExamEmail.Status.FAILED
            email.save(update_fields=["attempts", "last_error", "status"])
            logger.warning("Sending exam email %s failed: %s", email_id, email.last_error)
            return False
        email.status = ExamEmail.Status.SENT
        email.sent_at = timezone.now()
        email.last_error = ""
        email.save(update_fields=["attempts", "last_error", "status", "sent_at"])
        return True


def resend_pending(limit=500):
    ids = list(
        ExamEmail.objects.filter(status=ExamEmail.Status.PENDING).order_by("created_at").values_list("pk", flat=True)[:limit]
    )
    return sum(1 for pk in ids if deliver(pk))


def reminder_kind(days):
    return f"reminder_{days}"


def send_reminders(now=None):
    """Remind candidates with a seat EXAM_REMINDER_DAYS (7 and 1) days before their session, each
    reminder once, and only to bookings made before it fell due (someone who books three days
    ahead gets the confirmation and the 1-day reminder). Returns how many were queued."""
    from datetime import timedelta

    from portal.notifications.services import notify

    now = now or timezone.now()
    queued = 0
    for days in sorted(conf.get("EXAM_REMINDER_DAYS")):
        kind = reminder_kind(days)
        due = (
            ExamBooking.objects.confirmed()
            .filter(session__starts_at__gt=now, session__starts_at__lte=now + timedelta(days=days), session__is_published=True)
            .exclude(emails__kind=kind)
            .select_related("session", "session__scheme", "session__province", "session__regional_office", "application__applicant")
            .order_by("session__starts_at", "pk")
        )
        for booking in due:
            if booking.confirmed_at and booking.confirmed_at > booking.session.starts_at - timedelta(days=days):
                continue
            with transaction.atomic():
                if queue_exam_email(booking, kind) is None:
                    continue  # queued by a concurrent run (accounts always have an email address)
                notify(booking.application.applicant, template_for(kind), context_for(booking, kind),
                       url=booking.get_absolute_url(), email=False)
                queued += 1
    return queued
