"""Notifications' kind of record for retention (portal.retention): the messages the portal sent, once
they are old. What is still to be sent (pending, being sent) is never due."""

from django.utils.translation import gettext_lazy as _

from portal.retention.rules import Kind

from .models import Notification

DONE = (Notification.Status.SENT, Notification.Status.SKIPPED, Notification.Status.FAILED)


def old_messages(cutoff):
    return Notification.objects.filter(status__in=DONE, created_at__lt=cutoff)


KINDS = [
    Kind(
        key="notifications.messages",
        label=_("Messages sent by the portal"),
        description=_("In-app messages and the copies of e-mails sent, read or not."),
        default_months=24, minimum_months=3, order=40,
        due=old_messages,
    ),
]
