"""The exam stage of the application workflow, declared as data and added to it:

assessed_proceed → exam_booked → exam_attended | no_show → competent | not_yet_competent,
exam_booked → assessed_proceed (a cancelled booking), and no_show | not_yet_competent → exam_booked
(booking again, when the round's exam rules allow it and attempts remain).

Transitions are made only by `certification.exams.services` (which holds the session's row lock
around them); each is audited by the engine and told to the candidate.
"""

from django.utils.translation import gettext_lazy, pgettext_lazy

from certification.choices import ApplicationStatus
from certification.rules import is_lsp_admin
from certification.workflows import APPLICATION_WORKFLOW, applicant, sync_registry
from portal.workflow.engine import Transition

from .rules import may_book, may_record_attendance
from .services import on_competent, rebooking_problem

EXAM_TRANSITIONS = [
    # No engine notification: the confirmation goes out with the .ics calendar file (services.book_seat).
    Transition(
        name="book_exam",
        source=(ApplicationStatus.ASSESSED_PROCEED, ApplicationStatus.NO_SHOW, ApplicationStatus.NOT_YET_COMPETENT),
        target=ApplicationStatus.EXAM_BOOKED,
        label=gettext_lazy("Book the competency exam"),
        event_label=pgettext_lazy("workflow event", "Competency exam booked"),
        allowed=may_book,
        recipients=None,
        guard=rebooking_problem,
    ),
    Transition(
        name="cancel_exam_booking",
        source=(ApplicationStatus.EXAM_BOOKED,),
        target=ApplicationStatus.ASSESSED_PROCEED,
        label=gettext_lazy("Cancel the exam booking"),
        event_label=pgettext_lazy("workflow event", "Exam booking cancelled"),
        allowed=may_book,
        recipients=applicant,
        template="exams/booking_cancelled",
    ),
    Transition(
        name="check_in",
        source=(ApplicationStatus.EXAM_BOOKED,),
        target=ApplicationStatus.EXAM_ATTENDED,
        label=gettext_lazy("Check in at the exam"),
        event_label=pgettext_lazy("workflow event", "Checked in at the exam"),
        allowed=may_record_attendance,
        recipients=applicant,
        template="exams/checked_in",
    ),
    Transition(
        name="mark_no_show",
        source=(ApplicationStatus.EXAM_BOOKED,),
        target=ApplicationStatus.NO_SHOW,
        label=gettext_lazy("Mark as not attended"),
        event_label=pgettext_lazy("workflow event", "Recorded as not attended"),
        allowed=may_record_attendance,
        recipients=applicant,
        template="exams/no_show",
        effect=sync_registry,
    ),
    Transition(
        name="declare_competent",
        source=(ApplicationStatus.EXAM_ATTENDED,),
        target=ApplicationStatus.COMPETENT,
        label=gettext_lazy("Declare Kompeten"),
        event_label=pgettext_lazy("workflow event", "Declared Kompeten"),
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
        event_label=pgettext_lazy("workflow event", "Declared Belum Kompeten"),
        allowed=is_lsp_admin,
        recipients=applicant,
        template="exams/result",
        effect=sync_registry,
    ),
]
APPLICATION_WORKFLOW.extend(EXAM_TRANSITIONS)

EXAM_ACTIONS = [f"application.{t.name}" for t in EXAM_TRANSITIONS]

