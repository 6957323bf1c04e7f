"""FR.AK.01: no exam check-in without both confirmations; the confirmations are timestamped and audited;
a changed plan withdraws them."""

import pytest
from django.core.exceptions import PermissionDenied

from certification.exams import services as exam_services
from certification.planning import services
from certification.planning.models import AgreementConfirmation
from portal.audit.models import AuditEvent

from .helpers import methods_for, planned_world

pytestmark = pytest.mark.django_db


def plan(booking, assessor, version, **kwargs):
    return services.save_plan(assessor.user, booking, approach=kwargs.get("approach", "final"),
                              evidence_kinds=["direct"], notes="", methods=kwargs.get("methods") or methods_for(version))


def test_no_check_in_without_both_confirmations_and_with_both_it_works(make_user):
    session, (booking,), assessor, staff, version = planned_world(make_user)
    candidate = booking.application.applicant

    refused = exam_services.check_in(staff, session, booking.code)
    assert refused.outcome == "refused"
    assert refused.message == (
        "Belum: asesor belum mencatat rencana asesmen (FR.MAPA.01), sehingga persetujuan asesmen (FR.AK.01) belum dapat dikonfirmasi."
    )
    with pytest.raises(services.PlanningError):
        services.confirm(candidate, booking)  # nothing to agree to before the plan
    plan(booking, assessor, version)
    refused = exam_services.check_in(staff, session, booking.code)
    assert refused.outcome == "refused"
    assert refused.message == (
        "Belum: persetujuan asesmen (FR.AK.01) belum dikonfirmasi oleh peserta dan asesor; "
        "persetujuan harus dikonfirmasi di portal sebelum uji."
    )
    services.confirm(candidate, booking)
    only_candidate = exam_services.check_in(staff, session, booking.code)
    assert only_candidate.outcome == "refused" and "oleh asesor;" in only_candidate.message
    booking.refresh_from_db()
    assert booking.attendance == "" and booking.application.status == "exam_booked"

    services.confirm(assessor.user, booking)
    ok = exam_services.check_in(staff, session, booking.code)
    assert ok.outcome == "ok"
    booking.refresh_from_db()
    assert booking.attendance == "present"


def test_the_assessor_alone_is_not_enough_either(make_user):
    session, (booking,), assessor, staff, version = planned_world(make_user, units=False)
    plan(booking, assessor, version)
    services.confirm(assessor.user, booking)
    result = exam_services.check_in(staff, session, booking.code)
    assert result.outcome == "refused" and "oleh peserta;" in result.message


def test_confirmations_are_timestamped_audited_and_once_per_party(make_user):
    session, (booking,), assessor, staff, version = planned_world(make_user)
    candidate = booking.application.applicant
    plan(booking, assessor, version)
    first, created = services.confirm(candidate, booking)
    again, created_again = services.confirm(candidate, booking)
    assert created and not created_again and first.pk == again.pk
    assert first.party == "candidate" and first.user == candidate and first.confirmed_at is not None
    assert set(first.plan_snapshot["methods"]) == {"M.87SOS00.001.1", "M.87SOS00.002.1"}
    services.confirm(assessor.user, booking)
    events = AuditEvent.objects.for_object(booking).filter(action="planning.agree")
    assert sorted(e.after["party"] for e in events) == ["assessor", "candidate"]
    assert {e.actor for e in events} == {candidate, assessor.user}
    assert AuditEvent.objects.for_object(booking).filter(action="planning.plan").count() == 1
    # Staff read the agreement but confirm for nobody.
    with pytest.raises(PermissionDenied):
        services.confirm(staff, booking)


def test_a_changed_plan_withdraws_the_confirmations(make_user):
    session, (booking,), assessor, staff, version = planned_world(make_user)
    plan(booking, assessor, version)
    services.confirm(booking.application.applicant, booking)
    services.confirm(assessor.user, booking)
    _plan, withdrawn = plan(booking, assessor, version)  # the same plan: nothing withdrawn
    assert withdrawn == [] and AgreementConfirmation.objects.filter(booking=booking).count() == 2
    _plan, withdrawn = plan(booking, assessor, version, methods=methods_for(version, ("observation",)))
    assert sorted(withdrawn) == ["assessor", "candidate"]
    assert not AgreementConfirmation.objects.filter(booking=booking).exists()
    assert AuditEvent.objects.for_object(booking).filter(action="planning.agreement_withdrawn").count() == 1
    assert exam_services.check_in(staff, session, booking.code).outcome == "refused"


def test_a_briefing_needs_no_agreement(make_user):
    from tests.exams.helpers import candidate, later_today, make_session, secretariat_of

    session = make_session(kind="briefing", capacity=2, starts_in=later_today(), cutoff=0)
    application = candidate(make_user)
    booking = exam_services.book_seat(application.applicant, application, session)
    assert exam_services.check_in(secretariat_of(make_user), session, booking.code).outcome == "ok"


def test_after_check_in_the_plan_is_kept(make_user):
    session, (booking,), assessor, staff, version = planned_world(make_user)
    plan(booking, assessor, version)
    services.confirm(booking.application.applicant, booking)
    services.confirm(assessor.user, booking)
    exam_services.check_in(staff, session, booking.code)
    booking.refresh_from_db()
    with pytest.raises(services.PlanningError):
        plan(booking, assessor, version, methods=methods_for(version, ("oral",)))
