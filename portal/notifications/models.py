from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    """An outbox row: written in the same transaction as the change it tells about.

    A Celery task sends the email after commit; a periodic task re-sends whatever is still pending,
    so a broker or mail-server outage delays a notification and never loses it. Rows with
    `in_app=True` also show in the recipient's in-app list.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("pending")
        SENDING = "sending", _("sending")
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed")
        SKIPPED = "skipped", _("no email needed")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="notifications"
    )
    email = models.EmailField(_("email address"), blank=True)
    template = models.CharField(max_length=100, blank=True)
    subject = models.CharField(_("subject"), max_length=255)
    body = models.TextField(_("message"))
    body_html = models.TextField(blank=True)
    url = models.CharField(max_length=500, blank=True)
    #: [[name, argument], …]: files made when the email is sent, by the makers registered under these
    #: names (portal.notifications.attachments), e.g. an exam booking's .ics
    attachments = models.JSONField(default=list, blank=True)
    #: sent at most once per key (e.g. "exams.reminder_7:42"); empty: no such limit
    key = models.CharField(max_length=100, blank=True)
    in_app = models.BooleanField(default=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    #: when a worker took it for sending (a row left "sending" by a lost worker is taken again later)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["key"], condition=~models.Q(key=""), name="notif_once_per_key"),
        ]
        indexes = [
            models.Index(fields=["status", "created_at"], name="notif_outbox_idx"),
            models.Index(fields=["recipient", "in_app", "read_at"], name="notif_unread_idx"),
            models.Index(fields=["recipient", "-created_at"], name="notif_list_idx"),
        ]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")

    def __str__(self):
        return self.subject
