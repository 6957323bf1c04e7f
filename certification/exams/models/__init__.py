"""Exam sessions in provincial capitals, their components and weights, bookings with a waitlist,
check-in, scores and plenary decisions; test sites. One module per concept; every name importable from here
(migrations name `certification.exams.models.new_code`, …)."""

from .bookings import (  # noqa: F401
    LIVE,
    Attendance,
    BookingStatus,
    ExamBooking,
    ExamBookingQuerySet,
    ExamScore,
    Result,
)
from .common import (  # noqa: F401
    CODE_ALPHABET,
    CODE_LENGTH,
    card_storage,
    default_component_min,
    default_cutoff_hours,
    default_pass_mark,
    format_code,
    new_code,
    normalise_code,
)
from .sessions import (  # noqa: F401
    ComponentPart,
    ExamComponent,
    ExamPolicy,
    ExamSession,
    ExamSessionQuerySet,
    PartKind,
    SessionKind,
    SessionMode,
)
from .sites import (  # noqa: F401
    Tuk,
    TukKind,
    TukQuerySet,
    TukVerification,
    VerificationResult,
)
