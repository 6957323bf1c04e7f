"""Builders for the decision-per-unit tests: a candidate whose scheme has units, seated in an exam
session with an assessor, checked in (through `admit`, the one place the exam-day preconditions live)."""

from dataclasses import dataclass
from decimal import Decimal

from certification.competency.models import SchemeVersion, SelfAssessment
from certification.exams import services as exam_services
from certification.models import Scheme
from portal.accounts.roles import Role
from tests.exams.helpers import agreed, candidate, later_today, make_assessor, make_session, scores_for, secretariat_of, start_now

CODES = ("M.87SOS00.001.1", "M.87SOS00.002.1")
GOOD = {"portfolio": Decimal(85), "knowledge": Decimal(80), "values": Decimal(80), "skills": Decimal(80), "practical": Decimal(78)}


@dataclass
class Sitting:
    application: object
    booking: object
    session: object
    assessor: object  # AssessorProfile
    staff: object
    admin: object
    units: list


def admit(staff, session, booking):
    """Check the candidate in on the exam day, after both FR.AK.01 confirmations."""
    agreed(booking)
    exam_services.check_in(staff, session, booking.code)
    booking.refresh_from_db()
    return booking


def units_version(admin, codes=CODES):
    """The scheme's units, kept a draft: a published version would be pinned by the test candidates' own
    drafts (and their submission would wait for a self-assessment the builders do not fill in)."""
    from certification.competency import services, spreadsheet
    from certification.competency.models import SchemeKind
    from tests.competency.helpers import units_spec

    scheme = Scheme.objects.get(code="ps-generalis")
    found = SchemeVersion.objects.drafts().filter(scheme=scheme).first()
    if found is not None:
        return found
    parsed = spreadsheet.Parsed(rows=[(2, {})], units=units_spec(*codes))
    return services.create_draft(admin, scheme, parsed, kind=SchemeKind.KKNI, kkni_level=6, scheme_number="SKM-01")


def sitting(make_user, *, admin=None, session=None, staff=None, assessor=None, units=True, scores=GOOD, version=None, **worker):
    """A candidate (assessed for the exam) whose application follows a version with units (unless
    `units=False`), booked in `session` (a new one by default), checked in and scored."""
    admin = admin or make_user(Role.LSP_ADMIN)
    version = (version or units_version(admin)) if units else None
    application = candidate(make_user, **worker)
    if version is not None:
        SelfAssessment.objects.create(application=application, version=version)
    staff = staff or secretariat_of(make_user)
    if session is None:
        session = make_session(capacity=10, starts_in=later_today(), cutoff=0)
        assessor = assessor or make_assessor(make_user)
        exam_services.set_assessors(staff, session, [assessor])
    booking = exam_services.book_seat(staff, application, session)
    admit(staff, session, booking)
    if scores:
        exam_services.save_scores(assessor.user, booking, scores_for(booking, scores))
        booking.refresh_from_db()
    return Sitting(application, booking, session, assessor, staff, admin, list(version.units.all()) if version else [])


def close(sit):
    """The session under way, its attendance closed: ready for the plenary."""
    start_now(sit.session)
    exam_services.close_attendance(sit.staff, sit.session)


def decide_units(sit, decisions, *, submit=True, methods=("portfolio", "written")):
    """Record FR.AK.02: decisions in unit order ("K" / "BK")."""
    from certification.unitdecisions import services

    values = {unit: (d, list(methods), f"Catatan {unit.code}") for unit, d in zip(sit.units, decisions)}
    return services.save_decisions(sit.assessor.user, sit.booking, values, submit=submit)
