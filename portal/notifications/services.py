"""The outbox: queue notifications in the caller's transaction, deliver them after commit."""

import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from .models import Notification

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 12


def notify(recipient, template, context=None, *, url="", email=True):
    """Queue a notification for `recipient`, rendered now in the recipient's language.

    `template` names `notifications/<template>_subject.txt` and `notifications/<template>_body.txt`.
    Call inside the transaction that makes the change: the row commits or rolls back with it.
    """
    context = {"recipient": recipient, "site_url": settings.SITE_URL, "url": url, **(context or {})}
    with translation.override(recipient.language or settings.LANGUAGE_CODE):
        subject = " ".join(render_to_string(f"notifications/{template}_subject.txt", context).split())
        body = render_to_string(f"notifications/{template}_body.txt", context).strip()
    send = email and bool(recipient.email)
    notification = Notification.objects.create(
        recipient=recipient,
        email=recipient.email if send else "",
        template=template,
        subject=subject[:255],
        body=body,
        url=url,
        in_app=True,
        status=Notification.Status.PENDING if send else Notification.Status.SKIPPED,
    )
    if send:
        dispatch_on_commit(notification.pk)
    return notification


def queue_email(*, to, subject, body, body_html=None, recipient=None):
    """Queue a plain email (account verification, password reset…) through the same outbox."""
    notification = Notification.objects.create(
        recipient=recipient,
        email=to,
        subject=subject[:255],
        body=body,
        body_html=body_html or "",
        in_app=False,
    )
    dispatch_on_commit(notification.pk)
    return notification


def dispatch_on_commit(notification_id):
    transaction.on_commit(lambda: enqueue(notification_id))


def enqueue(notification_id):
    """Hand the notification to Celery. A broker outage is logged, not raised: the row stays pending
    and the periodic re-send picks it up."""
    from .tasks import send_notification

    try:
        send_notification.delay(notification_id)
    except Exception:  # the broker is down or unreachable; the outbox keeps the work
        logger.warning("Broker unavailable; notification %s stays pending for the re-send task", notification_id)


def deliver(notification_id):
    """Send one pending notification's email. Idempotent: a sent row is never sent again."""
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update(skip_locked=True)
            .filter(pk=notification_id, status=Notification.Status.PENDING)
            .first()
        )
        if notification is None:
            return False
        message = EmailMultiAlternatives(
            subject=notification.subject,
            body=notification.body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[notification.email],
        )
        if notification.body_html:
            message.attach_alternative(notification.body_html, "text/html")
        notification.attempts += 1
        try:
            message.send()
        except Exception as exc:  # SMTP down, timeout…: keep it pending for the next round
            notification.last_error = f"{type(exc).__name__}: {exc}"[:2000]
            if notification.attempts >= MAX_ATTEMPTS:
                notification.status = Notification.Status.FAILED
            notification.save(update_fields=["attempts", "last_error", "status"])
            logger.warning("Sending notification %s failed: %s", notification_id, notification.last_error)
            return False
        notification.status = Notification.Status.SENT
        notification.sent_at = timezone.now()
        notification.last_error = ""
        notification.save(update_fields=["attempts", "last_error", "status", "sent_at"])
        return True


def resend_pending(limit=500):
    """Deliver what is still pending (called by Celery beat). Returns how many were sent."""
    ids = list(
        Notification.objects.filter(status=Notification.Status.PENDING)
        .order_by("created_at")
        .values_list("pk", flat=True)[:limit]
    )
    return sum(1 for pk in ids if deliver(pk))


def visible_to(user):
    """The in-app notifications of `user`."""
    return Notification.objects.filter(recipient=user, in_app=True)


def unread_count(user):
    return visible_to(user).filter(read_at__isnull=True).count()


def mark_read(user, notification_id=None):
    qs = visible_to(user).filter(read_at__isnull=True)
    if notification_id is not None:
        qs = qs.filter(pk=notification_id)
    return qs.update(read_at=timezone.now())
