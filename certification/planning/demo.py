"""Demo data: a default plan (FR.MAPA.01) per scheme for its current version of units, and on the demo
exam in Bandung the plan of the first candidate recorded by their assessor (the candidate then has
"confirm the agreement" as the next step), with reasonable adjustments for one candidate. Idempotent."""

from certification.competency.models import SchemeVersion
from certification.exams.models import ExamBooking, SessionKind
from certification.models import Scheme
from portal.accounts.roles import Role

from . import services
from .models import AssessmentPlan, DefaultPlan, Method

#: every unit of the illustrative schemes starts with these methods
DEFAULT_METHODS = [Method.PORTFOLIO.value, Method.WRITTEN.value, Method.PRACTICAL.value, Method.INTERVIEW.value]


def seed(users, options, log):
    admin = users.get(Role.LSP_ADMIN)
    if admin is None:
        return
    made = 0
    for scheme in Scheme.objects.filter(is_active=True):
        version = SchemeVersion.objects.current_for(scheme.pk)
        if DefaultPlan.objects.filter(scheme=scheme, version=version).exists():
            continue
        units = services.units_of(version)
        services.save_default(
            admin, scheme, version, approach="final", evidence_kinds=["direct", "indirect"],
            notes="Rencana asesmen bawaan (data demo).", methods={services.key(u): DEFAULT_METHODS for u in units},
        )
        made += 1
    if made:
        log(f"planning: default assessment plans for {made} scheme(s).")
    booking = (
        ExamBooking.objects.filter(kind=SessionKind.EXAM, status="confirmed", attendance="", assessor__isnull=False,
                                   application__applicant__email__endswith="@demo.test", session__title__contains="Bandung")
        .select_related("assessor__user", "session", "application__route").order_by("seat").first()
    )
    if booking is None or AssessmentPlan.objects.filter(booking=booking).exists():
        return
    initial = services.initial_plan(booking)
    services.save_plan(booking.assessor.user, booking, approach=initial["approach"], evidence_kinds=initial["evidence_kinds"],
                       notes=initial["notes"], methods=initial["methods"])
    services.confirm(booking.assessor.user, booking)
    services.save_adjustments(booking.assessor.user, booking.application, {
        "extra_minutes": 30, "reader": False, "large_print": True, "separate_room": False, "interpreter": False,
        "other": "", "note": "Gangguan penglihatan ringan (data demo).",
    })
    log(f"planning: the plan of {booking.application.reference} recorded; the candidate confirms the agreement.")
