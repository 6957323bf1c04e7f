"""The outbox: queue notifications in the caller's transaction, deliver them after commit."""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template import Context, engines
from django.utils import timezone, translation

from portal.core.tasks import send_after_commit

from . import attachments
from .models import Notification

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 12
SEND_TASK = "portal.notifications.tasks.send_notification"


def render_text(template_name, context):
    """A plain-text message template, without HTML escaping: "Yayasan Kasih & Peduli" and "Nur'aini"
    arrive as typed, not as "&amp;" and "&#x27;"."""
    return engines["django"].engine.get_template(template_name).render(Context(context, autoescape=False))


def notify(recipient, template, context=None, *, url="", email=True, in_app=True, attachments=(), key=""):
    """Queue a notification for `recipient`, rendered now in the recipient's language.

    `template` names `notifications/<template>_subject.txt` and `notifications/<template>_body.txt`;
    the body ends with the portal's signature (`notifications/signature.txt`: PORTAL_NAME and SITE_URL),
    so no message goes out without naming the portal.
    Call inside the transaction that makes the change: the row commits or rolls back with it.
    `in_app=False`: an email only (not in the in-app list). `attachments`: [(maker name, argument)]
    (see `portal.notifications.attachments`), made when the email is sent. `key`: at most one
    notification per key ever (returns None when one exists).
    """
    if not getattr(recipient, "is_active", True):
        email = False  # a deactivated account, or a profile imported and not yet claimed: no e-mail
    context = {
        "recipient": recipient,
        "site_url": settings.SITE_URL,
        "portal_name": settings.PORTAL_NAME,
        "url": url,
        **(context or {}),
    }
    with translation.override(recipient.language or settings.LANGUAGE_CODE):
        subject = " ".join(render_text(f"notifications/{template}_subject.txt", context).split())
        body = render_text(f"notifications/{template}_body.txt", context).strip()
        body = f"{body}\n\n{render_text('notifications/signature.txt', context).strip()}"
    send = email and bool(recipient.email)
    if not send and not in_app:
        return None
    fields = dict(
        recipient=recipient,
        email=recipient.email if send else "",
        template=template,
        subject=subject[:255],
        body=body,
        url=url,
        in_app=in_app,
        attachments=[list(item) for item in attachments],
        key=key,
        status=Notification.Status.PENDING if send else Notification.Status.SKIPPED,
    )
    try:
        with transaction.atomic():  # a savepoint: a duplicate key leaves the caller's transaction intact
            notification = Notification.objects.create(**fields)
    except IntegrityError:
        if key and Notification.objects.filter(key=key).exists():
            return None
        raise
    if send:
        send_after_commit(SEND_TASK, notification.pk)
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
    send_after_commit(SEND_TASK, notification.pk)
    return notification


def _claim(notification_id):
    """Take a pending notification for sending, in a short transaction of its own: the row is marked
    "sending" and no lock is held while the mail server is talked to."""
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update(skip_locked=True)
            .filter(pk=notification_id, status=Notification.Status.PENDING)
            .first()
        )
        if notification is None:
            return None
        notification.status = Notification.Status.SENDING
        notification.claimed_at = timezone.now()
        notification.attempts += 1
        notification.save(update_fields=["status", "claimed_at", "attempts"])
    return notification


def _message(notification):
    message = EmailMultiAlternatives(
        subject=notification.subject,
        body=notification.body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[notification.email],
    )
    if notification.body_html:
        message.attach_alternative(notification.body_html, "text/html")
    for name, argument in notification.attachments:
        made = attachments.make(name, argument)
        if made is not None:
            message.attach(*made)
    return message


def deliver(notification_id):
    """Send one pending notification's email. Idempotent: a sent row is never sent again; a failure
    (the mail server, an attachment that cannot be made) leaves it pending until MAX_ATTEMPTS."""
    notification = _claim(notification_id)
    if notification is None:
        return False
    try:
        _message(notification).send()
    except Exception as exc:  # SMTP down, timeout…: keep it pending for the next round
        error = f"{type(exc).__name__}: {exc}"[:2000]
        failed = notification.attempts >= MAX_ATTEMPTS
        Notification.objects.filter(pk=notification.pk).update(
            status=Notification.Status.FAILED if failed else Notification.Status.PENDING, last_error=error
        )
        logger.warning("Sending notification %s failed: %s", notification_id, error)
        return False
    Notification.objects.filter(pk=notification.pk).update(
        status=Notification.Status.SENT, sent_at=timezone.now(), last_error=""
    )
    return True


def resend_pending(limit=500):
    """Deliver what is still pending (called by Celery beat), after giving back the rows a lost worker
    left "sending" for longer than NOTIFICATION_CLAIM_SECONDS. Returns how many were sent."""
    stale = timezone.now() - timedelta(seconds=settings.NOTIFICATION_CLAIM_SECONDS)
    Notification.objects.filter(status=Notification.Status.SENDING, claimed_at__lt=stale).update(
        status=Notification.Status.PENDING
    )
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
