"""A data request: received → done (the correction made, the erasure carried out) | refused (with
the legal reason). Only the data protection officer moves it; the person is told each time.

A personal-data breach: recorded → notified (the authority and every person affected told, Pasal
46) → closed (with what was done); or recorded → closed when it turns out not to be a breach of
personal data. Only the data protection officer moves it."""

from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy, pgettext_lazy

from portal.core.text import sentence
from portal.workflow.engine import Transition, Workflow

from . import rules
from .models import BreachStatus, RequestKind, RequestStatus


def is_officer(user, data_request):
    return user.is_authenticated and user.is_active and user.is_dpo


def person(data_request):
    """The person, told of the answer. An erasure carried out has closed (and perhaps made anonymous)
    the account: `services.answer` tells them at the address they had."""
    if data_request.kind == RequestKind.ERASURE and data_request.status == RequestStatus.DONE:
        return []
    return [data_request.person]


def answered(data_request, actor):
    from .services import erase

    data_request.answered_at = timezone.now()
    data_request.answered_by = actor
    if data_request.kind == RequestKind.ERASURE and data_request.status == RequestStatus.DONE:
        data_request.outcome = erase(data_request.person)


DATA_REQUEST_WORKFLOW = Workflow(
    name="data_request",
    field="status",
    states=RequestStatus,
    transitions=[
        Transition(
            name="complete",
            source=(RequestStatus.RECEIVED,),
            target=RequestStatus.DONE,
            label=gettext_lazy("Done: answer the person"),
            event_label=pgettext_lazy("workflow event", "Answered"),
            allowed=is_officer,
            recipients=person,
            template="privacy/request_answered",
            note_required=True,
            effect=answered,
        ),
        Transition(
            name="refuse",
            source=(RequestStatus.RECEIVED,),
            target=RequestStatus.REFUSED,
            label=gettext_lazy("Refuse, with the legal reason"),
            event_label=pgettext_lazy("workflow event", "Refused"),
            allowed=is_officer,
            recipients=person,
            template="privacy/request_answered",
            note_required=True,
            effect=answered,
        ),
    ],
)


def missing_for_notified(breach):
    """What is still missing before the breach counts as notified, as a translated reason, or None."""
    missing = []
    if breach.authority_notified_at is None:
        missing.append(gettext("the date the authority was notified"))
    affected = breach.affected.all()
    if not affected.exists():
        missing.append(gettext("the people affected (nobody is listed)"))
    else:
        waiting = affected.filter(notified_at=None).count()
        if waiting:
            missing.append(gettext("the notice to %(n)s people affected, not yet sent") % {"n": waiting})
    if not missing:
        return None
    return sentence(gettext("Still missing: %(missing)s") % {"missing": "; ".join(str(m) for m in missing)})


def closed(breach, actor):
    breach.closed_at = timezone.now()


BREACH_WORKFLOW = Workflow(
    name="breach",
    field="status",
    states=BreachStatus,
    transitions=[
        Transition(
            name="notify",
            source=(BreachStatus.RECORDED,),
            target=BreachStatus.NOTIFIED,
            label=gettext_lazy("Mark as notified"),
            event_label=pgettext_lazy("workflow event", "Authority and people affected notified"),
            allowed=rules.may_handle_breach,
            guard=missing_for_notified,
        ),
        Transition(
            name="close",
            source=(BreachStatus.NOTIFIED,),
            target=BreachStatus.CLOSED,
            label=gettext_lazy("Close the incident"),
            event_label=pgettext_lazy("workflow event", "Incident closed"),
            allowed=rules.may_handle_breach,
            note_required=True,
            effect=closed,
        ),
        Transition(
            name="dismiss",
            source=(BreachStatus.RECORDED,),
            target=BreachStatus.CLOSED,
            label=gettext_lazy("Close: not a breach of personal data"),
            event_label=pgettext_lazy("workflow event", "Closed as not a breach of personal data"),
            allowed=rules.may_handle_breach,
            note_required=True,
            effect=closed,
        ),
    ],
)
