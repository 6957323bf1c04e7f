"""A complaint's status moves only through the kernel's workflow engine (`perform`):

    received ──triage──> triaged ──start──> in progress ──resolve──> resolved ──close──> closed
        └──────────────────┴───────reject───────┴──────────> rejected ──close──┘

Triage needs a category and a handler (set by `services.triage` in the same transaction). Every
stage but the last has a service level (`due_at`): COMPLAINT_SLA_TRIAGE_DAYS from receipt to
triage, COMPLAINT_SLA_RESOLVE_DAYS from triage to the decision. The complainant is told by the
services (they may have no account: the engine notifies users only)."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.utils.translation import pgettext_lazy

from portal.workflow.engine import Transition, Workflow

from .choices import ComplaintStatus as S
from .rules import handles


def assigned_handler(complaint):
    return [complaint.handler] if complaint.handler_id else []


def ready_for_triage(complaint):
    if not complaint.category:
        return _("Choose a category.")
    if complaint.handler_id is None:
        return _("Choose who handles the complaint.")
    if complaint.handler.role != complaint.handler_role or not complaint.handler.is_active:
        return _("This person does not handle complaints of this kind.")
    return None


def _triaged(complaint, actor):
    now = timezone.now()
    complaint.triaged_at = now
    complaint.due_at = now + timedelta(days=settings.COMPLAINT_SLA_RESOLVE_DAYS)


def _started(complaint, actor):
    complaint.started_at = timezone.now()


def _decided(complaint, actor):
    complaint.decided_at = timezone.now()
    complaint.due_at = None


def _closed(complaint, actor):
    complaint.closed_at = timezone.now()
    complaint.due_at = None


COMPLAINT_WORKFLOW = Workflow(
    name="complaint",
    field="status",
    states=S,
    transitions=[
        Transition(
            name="triage",
            source=(S.RECEIVED,),
            target=S.TRIAGED,
            label=gettext_lazy("Triage"),
            event_label=pgettext_lazy("workflow event", "Triaged"),
            allowed=handles,
            guard=ready_for_triage,
            effect=_triaged,
            recipients=assigned_handler,
            template="complaints/assigned",
        ),
        Transition(
            name="start",
            source=(S.TRIAGED,),
            target=S.IN_PROGRESS,
            label=gettext_lazy("Start handling"),
            event_label=pgettext_lazy("workflow event", "Handling started"),
            allowed=handles,
            effect=_started,
        ),
        Transition(
            name="resolve",
            source=(S.IN_PROGRESS,),
            target=S.RESOLVED,
            label=gettext_lazy("Resolve"),
            event_label=pgettext_lazy("workflow event", "Resolved"),
            allowed=handles,
            effect=_decided,
            note_required=True,
        ),
        Transition(
            name="reject",
            source=(S.RECEIVED, S.TRIAGED, S.IN_PROGRESS),
            target=S.REJECTED,
            label=gettext_lazy("Reject"),
            event_label=pgettext_lazy("workflow event", "Rejected"),
            allowed=handles,
            effect=_decided,
            note_required=True,
        ),
        Transition(
            name="close",
            source=(S.RESOLVED, S.REJECTED),
            target=S.CLOSED,
            label=gettext_lazy("Close"),
            event_label=pgettext_lazy("workflow event", "Closed"),
            allowed=handles,
            effect=_closed,
        ),
    ],
)

#: Transitions made from the detail page's "decision" form (a note: the resolution or the reason).
DECISIONS = ("resolve", "reject")
#: Transitions made with a button and an optional note.
SIMPLE = ("start", "close")
