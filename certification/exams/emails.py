"""Emails about a booking with the session as an .ics calendar file: the confirmation and the
reminders. They go through the kernel's outbox (`portal.notifications`): an email-only notification
with the booking's calendar attached when it is sent, at most one per booking and kind (its key), so a
reminder goes out once. The in-app notification is a separate one, as for every other change.
"""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from portal.notifications.models import Notification
from portal.notifications.services import notify

from . import ics
from .models import BookingStatus, ExamBooking

#: the attachment maker (portal.notifications.attachments) registered by the app: a booking's .ics
ICS_ATTACHMENT = "exams.booking_ics"


def booking_ics(booking_id):
    """(filename, content, mimetype) of a confirmed booking's calendar file, or None."""
    booking = (
        ExamBooking.objects.select_related("session", "session__scheme", "session__province", "application__applicant")
        .filter(pk=booking_id, status=BookingStatus.CONFIRMED)
        .first()
    )
    if booking is None:
        return None
    return ics.filename(booking), ics.calendar_for(booking), "text/calendar; charset=utf-8; method=PUBLISH"


def email_key(booking, kind):
    return f"exams.{kind}:{booking.pk}"


def template_for(kind):
    """confirmation → exams/confirmation; reminder_7, reminder_1 … → exams/reminder."""
    return "exams/reminder" if kind.startswith("reminder_") else f"exams/{kind}"


def context_for(booking, kind):
    context = {"booking": booking, "session": booking.session}
    if kind.startswith("reminder_"):
        context["days"] = int(kind.split("_", 1)[1])
    return context


def queue_exam_email(booking, kind):
    """Queue the email (once per booking and kind) with the booking's .ics. Returns the notification,
    or None when it was queued before or the candidate has no email address."""
    return notify(
        booking.application.applicant,
        template_for(kind),
        context_for(booking, kind),
        url=booking.get_absolute_url(),
        in_app=False,
        attachments=[(ICS_ATTACHMENT, booking.pk)],
        key=email_key(booking, kind),
    )


def reminder_kind(days):
    return f"reminder_{days}"


def send_reminders(now=None):
    """Remind candidates with a seat EXAM_REMINDER_DAYS (7 and 1) days before their session, each
    reminder once, and only to bookings made before it fell due (someone who books three days
    ahead gets the confirmation and the 1-day reminder). Returns how many were queued."""
    now = now or timezone.now()
    queued = 0
    for days in sorted(settings.EXAM_REMINDER_DAYS):
        kind = reminder_kind(days)
        due = list(
            ExamBooking.objects.confirmed()
            .filter(session__starts_at__gt=now, session__starts_at__lte=now + timedelta(days=days), session__is_published=True)
            .select_related("session", "session__scheme", "session__province", "session__regional_office", "application__applicant")
            .order_by("session__starts_at", "pk")
        )
        sent = set(Notification.objects.filter(key__in=[email_key(b, kind) for b in due]).values_list("key", flat=True))
        for booking in due:
            if email_key(booking, kind) in sent:
                continue
            if booking.confirmed_at and booking.confirmed_at > booking.session.starts_at - timedelta(days=days):
                continue
            with transaction.atomic():
                if queue_exam_email(booking, kind) is None:
                    continue  # queued by a concurrent run (accounts always have an email address)
                notify(booking.application.applicant, template_for(kind), context_for(booking, kind),
                       url=booking.get_absolute_url(), email=False)
                queued += 1
    return queued
