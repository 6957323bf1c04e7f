"""The exam stage of the application workflow, declared as data and added to it:

assessed_proceed → exam_booked → exam_attended | no_show → competent | not_yet_competent,
exam_booked → assessed_proceed (a cancelled booking), and no_show | not_yet_competent → exam_booked
(booking again, when the round's exam rules allow it and attempts remain).

Transitions are made only by `certification.exams.services` (which holds the session's row lock
around them); each is audited by the engine and told to the candidate.
"""

import rules
from django.utils.translation import gettext_lazy

from certification.workflows import (
    APPLICATION_WORKFLOW,
    ApplicationStatus,
    applicant,
    is_owner,
    is_verifier,
)
from portal.workflow.engine import Transition


@rules.predicate
def is_lsp_admin(user, application=None):
    return user.is_lsp_admin


@rules.predicate
def is_system(user, application=None):
    """No user: a move made by the portal itself (a waitlist promotion after someone cancels)."""
    return user is None


@rules.predicate
def runs_a_session_of(user, application):
    """Staff running a session where the application holds a seat (a session of another regional
    office, when the round lets candidates book elsewhere)."""
    from .models import ExamBooking, ExamSession

    if application is None or user.role not in ("secretariat", "lsp_admin"):
        return False
    sessions = ExamSession.objects.managed_by(user)
    return ExamBooking.objects.filter(application=application, session__in=sessions).exclude(status="cancelled").exists()


#: booking and cancelling: the candidate, the secretariat of the application's regional office, the
#: staff running the session, an LSP admin, or the portal itself (waitlist promotion)
may_book = is_system | is_owner | is_verifier | runs_a_session_of
may_record_attendance = is_verifier | runs_a_session_of


def rebooking_allowed(application):
    """A guard: booking again after a missed exam or *Belum Kompeten* follows the round's rules."""
    from .services import rebooking_problem

    return rebooking_problem(application)


def on_competent(application, actor):
    from .services import on_competent as effect

    effect(application, actor)


def on_not_yet_competent(application, actor):
    from certification.services import sync_registry_status

    sync_registry_status(application)


def on_no_show(application, actor):
    from certification.services import sync_registry_status

    sync_registry_status(application)


EXAM_TRANSITIONS = [
    # No engine notification: the confirmation goes out with the .ics calendar file (services.book_seat).
    Transition(
        name="book_exam",
        source=(ApplicationStatus.ASSESSED_PROCEED, ApplicationStatus.NO_SHOW, ApplicationStatus.NOT_YET_COMPETENT),
        target=ApplicationStatus.EXAM_BOOKED,
        label=gettext_lazy("Book the competency exam"),
        allowed=may_book,
        recipients=None,
        guard=rebooking_allowed,
    ),
    Transition(
        name="cancel_exam_booking",
        source=(ApplicationStatus.EXAM_BOOKED,),
        target=ApplicationStatus.ASSESSED_PROCEED,
        label=gettext_lazy("Cancel the exam booking"),
        allowed=may_book,
        recipients=applicant,
        template="exams/booking_cancelled",
    ),
    Transition(
        name="check_in",
        source=(ApplicationStatus.EXAM_BOOKED,),
        target=ApplicationStatus.EXAM_ATTENDED,
        label=gettext_lazy("Check in at the exam"),
        allowed=may_record_attendance,
        recipients=applicant,
        template="exams/checked_in",
    ),
    Transition(
        name="mark_no_show",
        source=(ApplicationStatus.EXAM_BOOKED,),
        target=ApplicationStatus.NO_SHOW,
        label=gettext_lazy("Mark as not attended"),
        allowed=may_record_attendance,
        recipients=applicant,
        template="exams/no_show",
        effect=on_no_show,
    ),
    Transition(
        name="declare_competent",
        source=(ApplicationStatus.EXAM_ATTENDED,),
        target=ApplicationStatus.COMPETENT,
        label=gettext_lazy("Declare Kompeten"),
        allowed=is_lsp_admin,
        recipients=applicant,
        template="exams/result",
        effect=on_competent,
    ),
    Transition(
        name="declare_not_yet_competent",
        source=(ApplicationStatus.EXAM_ATTENDED,),
        target=ApplicationStatus.NOT_YET_COMPETENT,
        label=gettext_lazy("Declare Belum Kompeten"),
        allowed=is_lsp_admin,
        recipients=applicant,
        template="exams/result",
        effect=on_not_yet_competent,
    ),
]
APPLICATION_WORKFLOW.extend(EXAM_TRANSITIONS)

EXAM_ACTIONS = [f"application.{t.name}" for t in EXAM_TRANSITIONS]

