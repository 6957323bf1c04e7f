"""A credential's status moves only through the kernel's workflow engine (`perform`): suspension,
revocation and reinstatement by the admin of its kind, with a reason; expiry by the periodic task."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from portal.workflow.engine import Transition, Workflow

from .rules import is_system, manages


class CredentialStatus(models.TextChoices):
    VALID = "valid", _("Valid")
    EXPIRED = "expired", _("Expired")
    SUSPENDED = "suspended", _("Suspended")
    REVOKED = "revoked", _("Revoked")


#: Bootstrap colour of each status, for badges and the public page's banner.
STATUS_TONE = {
    CredentialStatus.VALID: "success",
    CredentialStatus.EXPIRED: "secondary",
    CredentialStatus.SUSPENDED: "warning",
    CredentialStatus.REVOKED: "danger",
}


def holder_of(credential):
    return [credential.holder] if credential.holder_id else []


def past_its_date(credential):
    if credential.valid_until >= timezone.localdate():
        return _("The credential is still within its validity period.")
    return None


CREDENTIAL_WORKFLOW = Workflow(
    name="credential",
    field="status",
    states=CredentialStatus,
    transitions=[
        Transition(
            name="suspend",
            source=(CredentialStatus.VALID,),
            target=CredentialStatus.SUSPENDED,
            label=_("Suspend"),
            event_label=pgettext_lazy("workflow event", "Suspended"),
            allowed=manages,
            recipients=holder_of,
            template="credentials/status",
            note_required=True,
        ),
        Transition(
            name="revoke",
            source=(CredentialStatus.VALID, CredentialStatus.SUSPENDED, CredentialStatus.EXPIRED),
            target=CredentialStatus.REVOKED,
            label=_("Revoke"),
            event_label=pgettext_lazy("workflow event", "Revoked"),
            allowed=manages,
            recipients=holder_of,
            template="credentials/status",
            note_required=True,
        ),
        Transition(
            name="reinstate",
            source=(CredentialStatus.SUSPENDED,),
            target=CredentialStatus.VALID,
            label=_("Reinstate"),
            event_label=pgettext_lazy("workflow event", "Reinstated"),
            allowed=manages,
            recipients=holder_of,
            template="credentials/status",
            note_required=True,
        ),
        Transition(
            name="expire",
            source=(CredentialStatus.VALID,),
            target=CredentialStatus.EXPIRED,
            label=_("Mark expired"),
            event_label=pgettext_lazy("workflow event", "Expired"),
            allowed=is_system,
            recipients=holder_of,
            template="credentials/expired",
            guard=past_its_date,
        ),
    ],
)
