"""An appeal's status moves only through the kernel's workflow engine:

    submitted ──form_panel──> in_review ──uphold──> upheld
                                   └──────grant──> granted (the outcome carried out on the file)

The handler forms the panel (at least APPEAL_PANEL_MIN_MEMBERS members, added by `services.add_member`);
a member of the panel records the panel's decision with its reasons. Granting carries the outcome out
on the decided file through the programme's workflow, in the same transaction (`services.decide`)."""

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy, ngettext, pgettext_lazy

from portal.workflow.engine import Transition, Workflow

from .models import AppealStatus as S
from .rules import handles, on_panel


def appellant_and_panel(appeal):
    return [appeal.appellant, *[m.member for m in appeal.panel.select_related("member")]]


def appellant_and_handlers(appeal):
    from portal.accounts.models import User

    return [appeal.appellant, *User.objects.filter(role=appeal.handler_role, is_active=True)]


def panel_complete(appeal):
    needed = settings.APPEAL_PANEL_MIN_MEMBERS
    if appeal.panel.count() < needed:
        return ngettext(
            "The panel needs at least %(count)d member.", "The panel needs at least %(count)d members.", needed
        ) % {"count": needed}
    return None


def outcome_chosen(appeal):
    from .services import outcome_problem

    return outcome_problem(appeal)


def _panel_formed(appeal, actor):
    appeal.panel_formed_at = timezone.now()


def _decided(appeal, actor):
    appeal.decided_at = timezone.now()
    appeal.decided_by = actor


APPEAL_WORKFLOW = Workflow(
    name="appeal",
    field="status",
    states=S,
    transitions=[
        Transition(
            name="form_panel",
            source=(S.SUBMITTED,),
            target=S.IN_REVIEW,
            label=gettext_lazy("Hand to the panel"),
            event_label=pgettext_lazy("workflow event", "Appeals panel formed"),
            allowed=handles,
            guard=panel_complete,
            effect=_panel_formed,
            recipients=appellant_and_panel,
            template="appeals/panel_formed",
        ),
        Transition(
            name="uphold",
            source=(S.IN_REVIEW,),
            target=S.UPHELD,
            label=gettext_lazy("Uphold the decision"),
            event_label=pgettext_lazy("workflow event", "Appeal decided: the decision stands"),
            allowed=on_panel,
            note_required=True,
            effect=_decided,
            recipients=appellant_and_handlers,
            template="appeals/decided",
        ),
        Transition(
            name="grant",
            source=(S.IN_REVIEW,),
            target=S.GRANTED,
            label=gettext_lazy("Grant the appeal"),
            event_label=pgettext_lazy("workflow event", "Appeal granted"),
            allowed=on_panel,
            note_required=True,
            guard=outcome_chosen,
            effect=_decided,
            recipients=appellant_and_handlers,
            template="appeals/decided",
        ),
    ],
)

DECISIONS = ("uphold", "grant")

