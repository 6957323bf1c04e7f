"""A credential's status after issuance: suspend, revoke, reinstate (through the workflow, the status lists
rebuilt after the commit), expiry and the 180/90/30-day reminders."""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone

from portal.audit.services import record
from portal.core.tasks import send_after_commit
from portal.notifications.services import notify
from portal.workflow.engine import TransitionNotAllowed, perform

from ..models import Credential, CredentialReminder
from .issuance import STATUS_LIST_TASK, Status


def _change_status(credential, transition, actor, reason, request=None):
    reason = (reason or "").strip()
    with transaction.atomic():
        locked = perform(credential, transition, actor, note=reason, request=request)
        locked.status_reason = "" if locked.status == Status.VALID else reason
        locked.save(update_fields=["status_reason", "updated_at"])
        # The signed status lists follow after the commit (a task; the sweep if the broker is down).
        send_after_commit(STATUS_LIST_TASK, locked.pk)
    credential.refresh_from_db()
    return credential


def suspend_credential(credential, *, actor, reason, request=None):
    """Suspend a valid credential (LSP admin for worker certificates, BALKS admin for accreditations).
    A reason is required; it is audited and told to the holder. The public page shows it at once."""
    return _change_status(credential, "suspend", actor, reason, request)


def revoke_credential(credential, *, actor, reason, request=None):
    """Revoke for good (from valid, suspended or expired). The public page shows the reason."""
    return _change_status(credential, "revoke", actor, reason, request)


def reinstate_credential(credential, *, actor, reason, request=None):
    """Lift a suspension."""
    return _change_status(credential, "reinstate", actor, reason, request)


def mark_expired():
    """Mark valid credentials past their date as expired (audited, holder told). Returns how many."""
    today = timezone.localdate()
    count = 0
    for credential in Credential.objects.filter(status=Status.VALID, valid_until__lt=today).order_by("pk").iterator():
        try:
            perform(credential, "expire", None)
        except TransitionNotAllowed:  # changed meanwhile (revoked, suspended)
            continue
        count += 1
    return count


def send_expiry_reminders():
    """Remind holders CREDENTIAL_REMINDER_DAYS (180, 90, 30) days before expiry, each reminder exactly
    once. A run that finds a credential past several thresholds at once (issued late, the task did
    not run) sends only the nearest and records the others as passed. Returns how many were sent."""
    today = timezone.localdate()
    thresholds = sorted(settings.CREDENTIAL_REMINDER_DAYS)  # 30, 90, 180
    sent = 0
    lower = 0
    for days in thresholds:
        # Credentials whose nearest due threshold is `days`: (lower, days] days left.
        window = Credential.objects.filter(
            status=Status.VALID,
            holder__isnull=False,
            valid_until__gte=today + timedelta(days=lower),
            valid_until__lte=today + timedelta(days=days),
        ).exclude(Exists(CredentialReminder.objects.filter(credential=OuterRef("pk"), days_before=days)))
        for pk in window.order_by("pk").values_list("pk", flat=True):
            sent += _remind(pk, days, today)
        lower = days + 1
    return sent


def _remind(credential_id, days, today):
    with transaction.atomic():
        credential = (
            Credential.objects.select_for_update(of=("self",)).select_related("holder").filter(pk=credential_id).first()
        )
        if credential is None or credential.status != Status.VALID or credential.holder is None:
            return 0
        passed = [t for t in settings.CREDENTIAL_REMINDER_DAYS if t >= days]
        done = set(credential.reminders.values_list("days_before", flat=True))
        if days in done:
            return 0
        CredentialReminder.objects.bulk_create(
            [CredentialReminder(credential=credential, days_before=t, notified=t == days) for t in passed if t not in done]
        )
        notify(
            credential.holder,
            "credentials/reminder",
            {
                "credential": credential,
                "days_left": (credential.valid_until - today).days,
                "kind_label": credential.get_kind_display(),
            },
            url=reverse("credentials:mine"),
        )
        record(None, "credential.remind", credential, after={"days_before": days})
    return 1
