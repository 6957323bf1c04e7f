"""A data request: received → done (the correction made, the erasure carried out) | refused (with
the legal reason). Only the data protection officer moves it; the person is told each time."""

from django.utils import timezone
from django.utils.translation import gettext_lazy, pgettext_lazy

from portal.workflow.engine import Transition, Workflow

from .models import RequestKind, RequestStatus


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
