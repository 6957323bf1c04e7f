import pytest
from django.core.exceptions import PermissionDenied

from portal.accounts.roles import Role
from portal.audit.models import AuditEvent
from portal.notifications.models import Notification
from portal.workflow.engine import Transition, TransitionForbidden, TransitionNotAllowed, Workflow, perform
from portal.workflow.history import timeline
from tests.testapp.models import TICKET_WORKFLOW, Ticket, TicketState

pytestmark = pytest.mark.django_db


@pytest.fixture
def ticket(applicant):
    return Ticket.objects.create(owner=applicant, title="Berkas A")


def counts():
    return AuditEvent.objects.count(), Notification.objects.count()


def test_legal_move_writes_one_audit_event_and_one_outbox_row(ticket, applicant, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        result = perform(ticket, "submit", applicant)
    assert result.state == TicketState.SUBMITTED
    ticket.refresh_from_db()
    assert ticket.state == TicketState.SUBMITTED
    assert counts() == (1, 1)
    event = AuditEvent.objects.get()
    assert event.action == "ticket.submit"
    assert event.actor == applicant
    assert event.before == {"state": "draft"} and event.after == {"state": "submitted"}
    assert event.object_id == str(ticket.pk)
    notification = Notification.objects.get()
    assert notification.recipient == applicant
    assert notification.status == Notification.Status.PENDING
    assert notification.url == f"/tickets/{ticket.pk}/"
    assert len(callbacks) == 1  # the send is queued after commit, not before


def test_illegal_move_is_refused_and_writes_nothing(ticket, secretariat):
    with pytest.raises(TransitionNotAllowed) as error:
        perform(ticket, "accept", secretariat)
    assert "Draft" in str(error.value)
    ticket.refresh_from_db()
    assert ticket.state == TicketState.DRAFT
    assert counts() == (0, 0)


def test_move_by_a_role_that_may_not_make_it_is_forbidden(ticket, applicant, make_user):
    perform(ticket, "submit", applicant)
    other_applicant = make_user(Role.APPLICANT)
    for actor in (applicant, other_applicant):
        with pytest.raises(TransitionForbidden) as error:
            perform(ticket, "accept", actor)
        assert isinstance(error.value, PermissionDenied)
    ticket.refresh_from_db()
    assert ticket.state == TicketState.SUBMITTED
    assert counts() == (1, 1)


def test_only_the_owner_may_submit(ticket, make_user):
    with pytest.raises(TransitionForbidden):
        perform(ticket, "submit", make_user(Role.APPLICANT))
    assert counts() == (0, 0)


def test_guard_explains_why_not(applicant):
    ticket = Ticket.objects.create(owner=applicant, title="")
    with pytest.raises(TransitionNotAllowed, match="A title is needed first."):
        perform(ticket, "submit", applicant)
    assert counts() == (0, 0)


def test_note_required_and_recorded(ticket, applicant, secretariat):
    perform(ticket, "submit", applicant)
    with pytest.raises(TransitionNotAllowed):
        perform(ticket, "return", secretariat, note="  ")
    perform(ticket, "return", secretariat, note="Ijazah kurang jelas")
    perform(ticket, "submit", applicant)
    events = timeline(ticket)
    assert [e.action for e in events] == ["ticket.submit", "ticket.return", "ticket.submit"]
    assert events[1].note == "Ijazah kurang jelas"
    assert Notification.objects.filter(recipient=applicant).count() == 3


def test_unknown_transition_is_refused(ticket, applicant):
    with pytest.raises(TransitionNotAllowed):
        perform(ticket, "explode", applicant)


def test_available_lists_only_moves_the_user_may_make(ticket, applicant, secretariat):
    assert [t.name for t in TICKET_WORKFLOW.available(ticket, applicant)] == ["submit"]
    assert TICKET_WORKFLOW.available(ticket, secretariat) == []
    perform(ticket, "submit", applicant)
    assert [t.name for t in TICKET_WORKFLOW.available(ticket, secretariat)] == ["accept", "return"]


def test_every_move_outside_the_table_is_refused(applicant, secretariat):
    table = {(source, name) for source, name, _target in TICKET_WORKFLOW.table()}
    for state in TicketState.values:
        for transition in TICKET_WORKFLOW.transitions:
            if (state, transition.name) in table:
                continue
            ticket = Ticket.objects.create(owner=applicant, title="x", state=state)
            actor = applicant if transition.name == "submit" else secretariat
            with pytest.raises(TransitionNotAllowed):
                perform(ticket, transition.name, actor, note="n")
            ticket.refresh_from_db()
            assert ticket.state == state


def test_workflow_declaration_is_checked():
    with pytest.raises(ValueError):
        Workflow("bad", "state", TicketState, [Transition(
            name="x",
            source=("draft",),
            target="nowhere",
            label="X",
            event_label="X happened",
            allowed=lambda u, o: True,
        )])
    with pytest.raises(ValueError):
        Workflow(
            "bad",
            "state",
            TicketState,
            [
                Transition(
                    name="x",
                    source=("draft",),
                    target="submitted",
                    label="X",
                    event_label="X happened",
                    allowed=lambda u, o: True,
                ),
                Transition(
                    name="x",
                    source=("submitted",),
                    target="accepted",
                    label="X",
                    event_label="X happened",
                    allowed=lambda u, o: True,
                ),
            ],
        )


def test_a_later_stage_extends_the_workflow(applicant, secretariat):
    from tests.testapp.models import has_title, is_secretariat, owner_of

    workflow = Workflow(
        "ticket2", "state", TicketState,
        [Transition(
            name="submit",
            source=("draft",),
            target="submitted",
            label="Submit",
            event_label="Submitted",
            allowed=lambda u, o: True,
            recipients=owner_of,
            guard=has_title,
        )],
    )
    accept = Transition(
        name="accept",
        source=("submitted",),
        target="accepted",
        label="Accept",
        event_label="Accepted",
        allowed=is_secretariat,
        recipients=owner_of,
    )
    workflow.extend([accept])
    workflow.extend([accept])  # the same declaration twice is harmless (an app's ready() may run twice)
    assert [t.name for t in workflow.transitions] == ["submit", "accept"]
    with pytest.raises(ValueError):
        workflow.extend([Transition(
            name="accept",
            source=("draft",),
            target="accepted",
            label="Accept",
            event_label="Accepted",
            allowed=is_secretariat,
        )])
    with pytest.raises(ValueError):
        workflow.extend([Transition(
            name="close",
            source=("draft",),
            target="closed",
            label="Close",
            event_label="Closed",
            allowed=is_secretariat,
        )])
    assert ("submitted", "accept", "accepted") in workflow.table()
