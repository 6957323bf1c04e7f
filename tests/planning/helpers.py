"""Builders for the planning tests: an exam candidate whose application follows a scheme version with
units, booked in a session with a licensed assessor."""

from certification.competency.models import SchemeVersion, SelfAssessment
from certification.exams import services as exam_services
from portal.accounts.roles import Role
from tests.competency.helpers import publish_units
from tests.exams.helpers import candidate, later_today, make_assessor, make_session, secretariat_of

CODES = ("M.87SOS00.001.1", "M.87SOS00.002.1")


def planned_world(make_user, *, units=True, starts_in=None, candidates=1):
    """(session, [bookings], assessor profile, secretariat, version or None)."""
    session = make_session(capacity=max(5, candidates), starts_in=starts_in or later_today(), cutoff=0)
    staff = secretariat_of(make_user)
    assessor = make_assessor(make_user)
    exam_services.set_assessors(staff, session, [assessor])
    # The applications are submitted before their scheme has units (a version published earlier is hidden
    # meanwhile: submission would wait for a self-assessment); they then follow the version, as if they had
    # started with it.
    current = SchemeVersion.objects.current_for(session.scheme_id)
    if current is not None:
        SchemeVersion.objects.filter(pk=current.pk).update(published_at=None)
    applications = [candidate(make_user) for _ in range(candidates)]
    if current is not None:
        SchemeVersion.objects.filter(pk=current.pk).update(published_at=current.published_at)
    version = None
    if units:
        version = current or publish_units(make_user(Role.LSP_ADMIN), codes=CODES)
        SelfAssessment.objects.bulk_create([SelfAssessment(application=a, version=version) for a in applications])
    bookings = [exam_services.book_seat(a.applicant, a, session) for a in applications]
    return session, bookings, assessor, staff, version


def methods_for(version, codes=("portfolio", "written")):
    if version is None:
        return {None: list(codes)}
    return {unit.pk: list(codes) for unit in version.units.all()}
