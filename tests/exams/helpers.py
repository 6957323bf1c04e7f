"""Builders for exam tests: candidates recommended for the exam, sessions, assessors."""

from datetime import timedelta

from django.utils import timezone

from certification.exams import services
from certification.exams.models import ExamSession
from certification.models import Application, Scheme
from portal.accounts.roles import Role
from portal.regions.models import Province, RegionalOffice
from registry.models import AssessorProfile
from tests.assessment.helpers import license_assessor
from tests.certification.helpers import submitted_application


def candidate(make_user, status="assessed_proceed", **worker_kwargs):
    """A submitted application moved to `status` (the assessment stage is another issue)."""
    application = submitted_application(make_user, **worker_kwargs)
    Application.objects.filter(pk=application.pk).update(status=status)
    application.refresh_from_db()
    return application


def secretariat_of(make_user, code="II", **kwargs):
    return make_user(Role.SECRETARIAT, regional_office=RegionalOffice.objects.get(code=code), **kwargs)


def make_session(*, office="II", province="32", scheme="ps-generalis", capacity=10, starts_in=timedelta(days=10),
                 hours=6, kind="exam", cutoff=48, **kwargs):
    starts = kwargs.pop("starts_at", timezone.now() + starts_in)
    session = ExamSession.objects.create(
        regional_office=RegionalOffice.objects.get(code=office),
        kind=kind,
        scheme=Scheme.objects.get(code=scheme),
        province=Province.objects.get(code=province),
        venue_name=kwargs.pop("venue_name", "BBPPKS Regional II Bandung"),
        venue_address=kwargs.pop("venue_address", "Jl. Raya Lembang No. 26"),
        map_url=kwargs.pop("map_url", "https://www.openstreetmap.org/?mlat=-6.81&mlon=107.61"),
        starts_at=starts,
        ends_at=starts + timedelta(hours=hours),
        capacity=capacity,
        cancel_cutoff_hours=cutoff,
        **kwargs,
    )
    services.create_default_components(session)
    return session


def make_assessor(make_user, office="II", institution="Universitas Padjadjaran", licensed=True, **kwargs):
    user = make_user(Role.ASSESSOR, **kwargs)
    profile = AssessorProfile.objects.create(
        user=user, institution=institution, regional_office=RegionalOffice.objects.get(code=office)
    )
    if licensed:
        license_assessor(profile)
    return profile


def later_today(hours=1):
    """How far from now a session starts that is still today (Asia/Jakarta): in `hours`, or just
    before midnight when that is sooner. Check-in opens on the session's day: a test that books
    and then checks in must not meet a session of tomorrow because it runs at 23.30 WIB."""
    now = timezone.localtime()
    midnight = (now + timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)
    return min(timedelta(hours=hours), midnight - now - timedelta(seconds=20))


def start_now(session, minutes_ago=30):
    """Move the session to have started a moment ago (today), keeping its length."""
    length = session.ends_at - session.starts_at
    session.starts_at = timezone.now() - timedelta(minutes=minutes_ago)
    session.ends_at = session.starts_at + length
    session.save(update_fields=["starts_at", "ends_at"])
    return session


def scores_for(booking, values):
    """{part kind or component kind: value} → {part_id: value} for the booking's applicable parts."""
    out = {}
    for component in services.applicable_components(list(booking.session.components.prefetch_related("parts")), booking.application):
        for part in component.parts.all():
            key = component.kind if part.kind == "score" else part.kind
            if key in values:
                out[part.pk] = values[key]
    return out


def make_tuk(*, province="32", name="BBPPKS Regional II Bandung", kind="mandiri", capacity=40, verified=True,
             result="passed", valid_for=timedelta(days=365), verified_ago=timedelta(days=10), verifier=None):
    """A test site, by default verified (passed) ten days ago for a year."""
    from certification.exams.models import Tuk, TukVerification
    from portal.accounts.models import User

    tuk = Tuk.objects.create(
        province=Province.objects.get(code=province), name=name, kind=kind, capacity=capacity,
        address="Jl. Raya Lembang No. 26", facilities="Ruang kelas, laboratorium komputer",
    )
    if verified:
        verifier = verifier or User.objects.filter(role=Role.LSP_ADMIN).first() or User.objects.create_user(
            email=f"verifikator{tuk.pk}@example.test", password=None, role=Role.LSP_ADMIN, full_name="Verifikator LSP"
        )
        day = timezone.localdate() - verified_ago
        TukVerification.objects.create(
            tuk=tuk, verified_on=day, verifier=verifier, result=result,
            valid_until=day + valid_for if result == "passed" else None,
        )
    return tuk


def agreed(booking):
    """Record the assessment plan (FR.MAPA.01, from its default) and both confirmations of the agreement
    (FR.AK.01) for an exam booking, through the planning services: without them nobody is checked in.
    A booking without an assessor gets one (a licensed assessor added to the session). Returns the booking."""
    from certification.planning import services as planning
    from tests.factories import UserFactory

    booking = type(booking).objects.select_related("session", "application__applicant", "assessor__user").get(pk=booking.pk)
    if booking.kind != "exam":
        return booking
    if booking.assessor_id is None:
        user = UserFactory(role=Role.ASSESSOR)
        profile = AssessorProfile.objects.create(
            user=user, institution="Universitas Pendidikan Indonesia", regional_office=booking.session.regional_office
        )
        license_assessor(profile)
        booking.session.assessors.add(profile)
        booking.assessor = profile
        booking.save(update_fields=["assessor"])
    return planning.agree_as_planned(booking)
