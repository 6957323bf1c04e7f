"""Business rules of the exam stage, by concept. Views and tasks call these; application states change
only through `portal.workflow.engine.perform`, always while the session's row is locked.

Lock order, everywhere: session row(s) (by primary key) → booking row → application row (in `perform`).

- `booking`: who may book which session, seats, the waitlist, cancellation and rebooking
- `sessions`: a session's assessors and exam components
- `checkin`: exam day, check-in and attendance
- `scores`: scores per component and the suggested result
- `plenary`: the plenary decision and the certificates it issues
"""

from .booking import (
    NOTIFIED_FIELDS,
    AllocationReport,
    allocatable_applications,
    allocate,
    application_problem,
    attempts_used,
    book_seat,
    bookable_sessions,
    can_act_for,
    cancel_booking,
    close_booking,
    join_waitlist,
    live_booking,
    notify_session_change,
    promote_waitlist,
    rebook,
    rebooking_problem,
    region_allowed,
    session_problem,
    waitlist_position,
)
from .checkin import (
    CheckIn,
    check_in,
    close_attendance,
)
from .common import (
    BRIEFING_BOOKABLE,
    CARD_TASK,
    EXAM_BOOKABLE,
    ExamError,
    SessionFull,
    assessor_profile,
    local,
    lock_session,
    manages,
)
from .plenary import (
    Decision,
    PlenaryProblems,
    PlenaryReport,
    credential_item,
    decision_problem,
    hold_plenary,
    issue_certificates,
    issue_missing_certificates,
    on_competent,
)
from .scores import (
    applicable_components,
    may_score,
    outcome_of,
    save_scores,
)
from .sessions import (
    assign_assessor,
    create_default_components,
    default_components,
    reassign,
    save_components,
    scoring_started,
    set_assessors,
)

__all__ = [
    "AllocationReport",
    "BRIEFING_BOOKABLE",
    "CARD_TASK",
    "CheckIn",
    "Decision",
    "EXAM_BOOKABLE",
    "ExamError",
    "NOTIFIED_FIELDS",
    "PlenaryProblems",
    "PlenaryReport",
    "SessionFull",
    "allocatable_applications",
    "allocate",
    "applicable_components",
    "application_problem",
    "assessor_profile",
    "assign_assessor",
    "attempts_used",
    "book_seat",
    "bookable_sessions",
    "can_act_for",
    "cancel_booking",
    "check_in",
    "close_attendance",
    "close_booking",
    "create_default_components",
    "credential_item",
    "decision_problem",
    "default_components",
    "hold_plenary",
    "issue_certificates",
    "issue_missing_certificates",
    "join_waitlist",
    "live_booking",
    "local",
    "lock_session",
    "manages",
    "may_score",
    "notify_session_change",
    "on_competent",
    "outcome_of",
    "promote_waitlist",
    "reassign",
    "rebook",
    "rebooking_problem",
    "region_allowed",
    "save_components",
    "save_scores",
    "scoring_started",
    "session_problem",
    "set_assessors",
    "waitlist_position",
]
