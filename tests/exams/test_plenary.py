"""The plenary: bulk decisions, one audit event per candidate, reasons where they differ from the
suggestion, certificates for the Kompeten, feedback and rebooking for the Belum Kompeten."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied

from certification.exams import services
from certification.exams.models import ExamPolicy
from certification.exams.workflows import EXAM_ACTIONS
from portal.accounts.roles import Role
from portal.audit.models import AuditEvent
from portal.credentials.models import Credential
from registry.models import WorkerProfile

from .helpers import (
    agreed,
    candidate,
    later_today,
    make_assessor,
    make_session,
    scores_for,
    secretariat_of,
    start_now,
)

pytestmark = pytest.mark.django_db

GOOD = {"portfolio": Decimal(85), "knowledge": Decimal(80), "values": Decimal(80), "skills": Decimal(80), "practical": Decimal(78)}
WEAK = {"portfolio": Decimal(60), "knowledge": Decimal(50), "values": Decimal(55), "skills": Decimal(52), "practical": Decimal(58)}


@pytest.fixture
def exam(make_user):
    session = make_session(capacity=10, starts_in=later_today(), cutoff=0)
    staff = secretariat_of(make_user)
    assessor = make_assessor(make_user)
    services.set_assessors(staff, session, [assessor])
    plan = [(services.book_seat(staff, candidate(make_user), session), values) for values in (GOOD, GOOD, WEAK, None)]
    absent = services.book_seat(staff, candidate(make_user), session)
    start_now(session)  # under way: check-in is open on the session's day, whatever the hour (23.30 WIB too)
    bookings = []
    for booking, values in plan:
        agreed(booking)
        services.check_in(staff, session, booking.code)
        booking.refresh_from_db()
        if values:
            services.save_scores(assessor.user, booking, scores_for(booking, values))
        bookings.append(booking)
    services.close_attendance(staff, session)
    for b in bookings:
        b.refresh_from_db()
    return session, bookings, absent, make_user(Role.LSP_ADMIN)


def test_the_plenary_writes_one_audit_event_per_candidate(exam, django_capture_on_commit_callbacks):
    session, (good1, good2, weak, unscored), absent, admin = exam
    before = set(AuditEvent.objects.values_list("pk", flat=True))
    decisions = [
        services.Decision(good1, "competent"),
        services.Decision(good2, "competent"),
        services.Decision(weak, "not_yet_competent", feedback="Perdalam asesmen risiko dan dokumentasi kasus."),
        services.Decision(unscored, "not_yet_competent", reason="Ujian praktik tidak diselesaikan.", feedback="Ulangi ujian praktik."),
    ]
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        report = services.hold_plenary(admin, session, decisions)
    assert (report.competent, report.not_yet_competent) == (2, 2)
    new = AuditEvent.objects.exclude(pk__in=before)
    per_application = {}
    for b in (good1, good2, weak, unscored):
        b.refresh_from_db()
        b.application.refresh_from_db()
        events = list(new.filter(action__in=EXAM_ACTIONS).filter(object_id=str(b.application_id)))
        per_application[b.pk] = [e.action for e in events]
    assert per_application == {
        good1.pk: ["application.declare_competent"],
        good2.pk: ["application.declare_competent"],
        weak.pk: ["application.declare_not_yet_competent"],
        unscored.pk: ["application.declare_not_yet_competent"],
    }
    assert new.filter(action__startswith="application.").count() == 4
    assert new.filter(action="exams.plenary").count() == 1
    assert new.get(action="application.declare_not_yet_competent", object_id=str(unscored.application_id)).note == "Ujian praktik tidak diselesaikan."
    assert [b.application.status for b in (good1, good2, weak, unscored)] == ["competent", "competent", "not_yet_competent", "not_yet_competent"]
    assert weak.feedback == "Perdalam asesmen risiko dan dokumentasi kasus."
    session.refresh_from_db()
    assert session.plenary_at is not None
    # Certificates for the two Kompeten through the kernel's credential service, and the registry says certified.
    credentials = Credential.objects.filter(kind="worker", source__in=[f"certification.application:{b.application_id}" for b in (good1, good2)])
    assert credentials.count() == 2
    credential = credentials.get(holder=good1.application.applicant)
    assert (credential.subject, credential.issuer, credential.province) == ("Pekerja Sosial Generalis", "LSP Kemensos", good1.application.province)
    assert credential.number.startswith("PS-GEN-")
    assert WorkerProfile.objects.get(user=good1.application.applicant).certification_status == "certified"
    assert WorkerProfile.objects.get(user=weak.application.applicant).certification_status != "certified"
    # Each candidate is told the result; the Belum Kompeten with the feedback.
    weak_mail = [m for m in mail.outbox if m.to == [weak.application.applicant.email] and "Hasil uji kompetensi" in m.subject]
    assert len(weak_mail) == 1 and "Perdalam asesmen risiko" in weak_mail[0].body
    # The safety net finds nothing missing.
    assert services.issue_missing_certificates() == 0


def test_a_decision_against_the_suggestion_needs_a_reason(exam):
    session, (good1, good2, weak, unscored), absent, admin = exam
    with pytest.raises(services.PlenaryProblems) as error:
        services.hold_plenary(admin, session, [
            services.Decision(good1, "not_yet_competent"),
            services.Decision(weak, "competent", reason="  "),
            services.Decision(unscored, "competent"),
            services.Decision(good2, "competent"),
        ])
    assert set(error.value.problems) == {good1.pk, weak.pk, unscored.pk}
    assert "berbeda dari saran" in error.value.problems[good1.pk]
    assert "Sebagian nilai belum diisi" in error.value.problems[unscored.pk]
    # Nothing was decided: the plenary is all or nothing.
    good2.refresh_from_db()
    assert good2.result == ""
    assert not AuditEvent.objects.filter(action="application.declare_competent").exists()
    report = services.hold_plenary(admin, session, [services.Decision(weak, "competent", reason="Portofolio sangat kuat; nilai praktik di atas minimum.")])
    assert report.competent == 1


def test_only_lsp_admins_hold_the_plenary_and_only_after_attendance(make_user, exam):
    session, (good1, *_rest), absent, admin = exam
    for role in (Role.SECRETARIAT, Role.ASSESSOR, Role.APPLICANT, Role.BALKS_ADMIN):
        with pytest.raises(PermissionDenied):
            services.hold_plenary(make_user(role), session, [services.Decision(good1, "competent")])
    with pytest.raises(services.PlenaryProblems):
        services.hold_plenary(admin, session, [services.Decision(absent, "competent", reason="x")])
    open_session = make_session(capacity=2)
    with pytest.raises(services.ExamError):
        services.hold_plenary(admin, open_session, [])
    services.hold_plenary(admin, session, [services.Decision(good1, "competent")])
    with pytest.raises(services.PlenaryProblems) as error:
        services.hold_plenary(admin, session, [services.Decision(good1, "competent")])
    assert error.value.problems == {good1.pk: "Sudah diputuskan."}


def test_belum_kompeten_may_book_again_within_the_round_rules(exam):
    session, (good1, good2, weak, unscored), absent, admin = exam
    services.hold_plenary(admin, session, [services.Decision(weak, "not_yet_competent", feedback="Latih wawancara motivasional.")])
    application = weak.application
    application.refresh_from_db()
    later = make_session(capacity=3, starts_in=timedelta(days=30))
    assert services.rebooking_problem(application) is None
    policy = ExamPolicy.objects.create(round=application.round, rebook_after_not_yet_competent=False)
    with pytest.raises(services.ExamError) as error:
        services.book_seat(application.applicant, application, later)
    assert "tidak mengizinkan uji ulang" in str(error.value)
    policy.rebook_after_not_yet_competent = True
    policy.save()
    again = services.book_seat(application.applicant, application, later)
    application.refresh_from_db()
    assert again.is_confirmed and application.status == "exam_booked"


def test_scores_are_frozen_after_the_decision(exam):
    session, (good1, *_rest), absent, admin = exam
    services.hold_plenary(admin, session, [services.Decision(good1, "competent")])
    assessor = good1.assessor
    with pytest.raises(services.ExamError):
        services.save_scores(assessor.user, good1, scores_for(good1, {"portfolio": Decimal(10)}))


def test_the_safety_net_issues_a_lost_certificate(exam):
    session, (good1, *_rest), absent, admin = exam
    services.hold_plenary(admin, session, [services.Decision(good1, "competent")])
    Credential.objects.filter(source=f"certification.application:{good1.application_id}").delete()
    assert services.issue_missing_certificates() == 1
    assert Credential.objects.filter(source=f"certification.application:{good1.application_id}").count() == 1
    assert services.issue_missing_certificates() == 0
