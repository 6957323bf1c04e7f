"""Appeals (banding, FR.AK.04): the period, the conflict-free panel, the decision through the workflow
engine, exactly one credential for a granted appeal, access for every role, reminders."""

import subprocess
from datetime import timedelta

import pytest
from django.core import mail
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from certification.choices import ApplicationStatus
from certification.exams import services as exams
from certification.exams.models import ExamBooking
from portal.accounts.roles import Role
from portal.appeals import services
from portal.appeals.models import Appeal, AppealStatus
from portal.audit.models import AuditEvent
from portal.credentials.models import Credential
from portal.notifications.models import Notification
from registry.models import ConflictDeclaration
from tests.auth import Client
from tests.exams.helpers import make_assessor, scores_for

from .helpers import GOOD, appeal_answers, failed_candidate

pytestmark = pytest.mark.django_db


@pytest.fixture
def failed(make_user):
    return failed_candidate(make_user)


@pytest.fixture
def handler(make_user):
    return make_user(Role.LSP_ADMIN)


def file(failed, **overrides):
    return services.file_appeal(failed.application.applicant, failed.application, **appeal_answers(**overrides))


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def certificates(application):
    return Credential.objects.filter(kind=Credential.Kind.WORKER_CERTIFICATE,
                                     source=f"certification.application:{application.pk}")


# ---- the period -------------------------------------------------------------------------------------------
def test_an_appeal_within_the_period_is_received_and_the_handlers_are_told(failed, handler):
    appeal = file(failed)
    assert appeal.status == AppealStatus.SUBMITTED
    assert appeal.handler_role == Role.LSP_ADMIN
    assert appeal.decision_at == failed.booking.decided_at
    assert appeal.reference == f"BDG-{appeal.created_at.year}-{appeal.pk:05d}"
    assert set(Notification.objects.filter(template="appeals/new").values_list("recipient_id", flat=True)) == {
        handler.pk, failed.chair.pk}
    assert Notification.objects.filter(template="appeals/received", recipient=failed.application.applicant).count() == 1
    assert AuditEvent.objects.for_object(appeal).filter(action="appeal.file").count() == 1


@override_settings(APPEAL_PERIOD_DAYS=14)
def test_an_appeal_after_the_deadline_is_refused_with_the_date(failed):
    decided = timezone.localtime(failed.booking.decided_at)
    ExamBooking.objects.filter(pk=failed.booking.pk).update(decided_at=decided - timedelta(days=15))
    last = (decided - timedelta(days=15)).date() + timedelta(days=14)
    with pytest.raises(services.AppealError) as error:
        file(failed)
    expected = f"Masa banding berakhir pada {last.day} {MONTHS_ID[last.month]} {last.year}."
    assert str(error.value) == expected
    page = client_for(failed.application.applicant).get(
        reverse("appeals:new", args=["certification", failed.application.pk]))
    assert page.status_code == 200
    assert expected in page.content.decode()
    assert 'data-testid="appeal-form"' not in page.content.decode()
    assert not Appeal.objects.exists()


MONTHS_ID = {1: "Januari", 2: "Februari", 3: "Maret", 4: "April", 5: "Mei", 6: "Juni", 7: "Juli", 8: "Agustus",
             9: "September", 10: "Oktober", 11: "November", 12: "Desember"}


@override_settings(APPEAL_PERIOD_DAYS=14)
def test_the_last_day_of_the_period_is_still_open(failed):
    decided = timezone.localtime(failed.booking.decided_at)
    ExamBooking.objects.filter(pk=failed.booking.pk).update(decided_at=decided - timedelta(days=14))
    assert file(failed).status == AppealStatus.SUBMITTED


def test_one_appeal_per_decision_and_only_by_the_candidate(failed, make_user):
    first = file(failed)
    assert file(failed) == first  # the same form sent again at once: the same appeal
    Appeal.objects.filter(pk=first.pk).update(created_at=timezone.now() - timedelta(hours=1))
    with pytest.raises(services.AppealError, match="sudah diajukan banding"):
        file(failed)
    stranger = make_user(Role.APPLICANT)
    assert services.appeal_problem(stranger, failed.application) == (
        "Hanya kandidat atau lembaga yang bersangkutan yang dapat mengajukan banding atas keputusan ini.")


def test_a_competent_or_undecided_application_has_nothing_to_appeal(make_user):
    from tests.exams.helpers import candidate

    application = candidate(make_user, status=ApplicationStatus.COMPETENT)
    assert services.appeal_problem(application.applicant, application) == "Tidak ada keputusan yang dapat dibanding."


# ---- the panel --------------------------------------------------------------------------------------------
def test_nobody_who_assessed_decided_or_declared_a_conflict_sits_on_the_panel(failed, handler, make_user):
    appeal = file(failed)
    conflicted = make_assessor(make_user, institution="Universitas Indonesia")
    applicant = failed.application.applicant
    ConflictDeclaration.objects.create(assessor=conflicted, kind=ConflictDeclaration.Kind.PERSON,
                                       name=applicant.full_name, email=applicant.email, reason="saudara sepupu")
    free = make_assessor(make_user, institution="Universitas Brawijaya")
    eligible, refused = services.panel_candidates(appeal)
    refused = {user.pk: reason for user, reason in refused}
    assert refused == {
        failed.assessor.user_id: "menilai ujian kompetensi kandidat",
        failed.chair.pk: "memutuskan kandidat dalam rapat pleno",
        conflicted.user_id: "memiliki konflik kepentingan dengan kandidat",
    }
    assert free.user in eligible and handler in eligible
    for user, reason in ((failed.assessor.user, "menilai ujian kompetensi kandidat"),
                         (conflicted.user, "memiliki konflik kepentingan dengan kandidat"),
                         (failed.chair, "memutuskan kandidat dalam rapat pleno")):
        with pytest.raises(services.AppealError) as error:
            services.add_member(appeal, handler, user)
        assert str(error.value) == f"{user.get_full_name()} tidak dapat menjadi anggota panel ini: {reason}."
    assert not appeal.panel.exists()
    member = services.add_member(appeal, handler, free.user)
    assert member.is_chair
    assert list(appeal.panel.values_list("member_id", flat=True)) == [free.user_id]


def test_the_panel_form_says_why_a_person_cannot_sit_beside_the_field(failed, handler):
    appeal = file(failed)
    response = client_for(handler).post(reverse("appeals:add_member", args=[appeal.pk]),
                                        {"member": failed.assessor.user_id})
    assert response.status_code == 400
    assert response.context["member_form"].errors["member"] == [
        "Orang ini tidak dapat menjadi anggota panel ini: menilai ujian kompetensi kandidat."]
    assert not appeal.panel.exists()


def test_a_panel_member_who_assessed_the_portfolio_is_refused(make_user, failed, handler):
    from certification.assessment.models import Assignment

    portfolio_assessor = make_assessor(make_user, institution="Universitas Hasanuddin")
    Assignment.objects.create(application=failed.application, assessor=portfolio_assessor.user,
                              rubric=_rubric(failed.application), assigned_by=handler,
                              due_at=timezone.now() + timedelta(days=7))
    appeal = file(failed)
    with pytest.raises(services.AppealError, match="menilai portofolio kandidat"):
        services.add_member(appeal, handler, portfolio_assessor.user)


def _rubric(application):
    from certification.assessment.models import Rubric

    return Rubric.objects.filter(scheme=application.round.scheme).first() or Rubric.objects.create(
        scheme=application.round.scheme, name="Rubrik uji")


def test_the_panel_is_handed_the_appeal_only_with_a_member(failed, handler, make_user):
    appeal = file(failed)
    response = client_for(handler).post(reverse("appeals:form_panel", args=[appeal.pk]), follow=True)
    assert "Panel membutuhkan sedikitnya 1 anggota." in response.content.decode()
    appeal.refresh_from_db()
    assert appeal.status == AppealStatus.SUBMITTED
    services.add_member(appeal, handler, make_assessor(make_user, institution="Universitas Airlangga").user)
    services.form_panel(appeal, handler)
    appeal.refresh_from_db()
    assert appeal.status == AppealStatus.IN_REVIEW and appeal.panel_formed_at is not None


def in_review(failed, handler, make_user):
    appeal = file(failed)
    member = make_assessor(make_user, institution="Universitas Airlangga").user
    services.add_member(appeal, handler, member)
    services.form_panel(appeal, handler)
    appeal.refresh_from_db()
    return appeal, member


# ---- the decision -----------------------------------------------------------------------------------------
def test_an_upheld_appeal_leaves_the_decision(failed, handler, make_user):
    appeal, member = in_review(failed, handler, make_user)
    services.decide(appeal, member, "uphold", reason="Skor praktik sudah dinilai dengan rubrik yang benar.")
    failed.application.refresh_from_db()
    assert appeal.status == AppealStatus.UPHELD
    assert failed.application.status == ApplicationStatus.NOT_YET_COMPETENT
    assert not certificates(failed.application).exists()


def test_a_granted_change_issues_exactly_one_credential(failed, handler, make_user, django_capture_on_commit_callbacks):
    appeal, member = in_review(failed, handler, make_user)
    with django_capture_on_commit_callbacks(execute=True):
        services.decide(appeal, member, "grant", reason="Studi kasus kedua tidak dinilai; bukti portofolio cukup.",
                        outcome="change", new_decision="competent")
    failed.application.refresh_from_db()
    assert failed.application.status == ApplicationStatus.COMPETENT
    assert certificates(failed.application).count() == 1
    assert appeal.applied_at is not None
    assert exams.issue_missing_certificates() == 0
    assert certificates(failed.application).count() == 1
    actions = list(AuditEvent.objects.for_object(failed.application).filter(action__startswith="application.appeal")
                   .values_list("action", flat=True))
    assert actions == ["application.appeal_declare_competent"]
    with pytest.raises(services.AppealError):
        services.decide(appeal, member, "grant", reason="Sekali lagi diputuskan oleh panel.", outcome="change",
                        new_decision="competent")
    assert certificates(failed.application).count() == 1


def test_a_granted_reassessment_reopens_the_exam_and_a_second_plenary_certifies(
        failed, handler, make_user, django_capture_on_commit_callbacks):
    appeal, member = in_review(failed, handler, make_user)
    services.decide(appeal, member, "grant", reason="Penilaian ujian praktik perlu diulang oleh asesor.",
                    outcome="reassess")
    application, booking = failed.application, failed.booking
    application.refresh_from_db()
    booking.refresh_from_db()
    failed.session.refresh_from_db()
    assert application.status == ApplicationStatus.EXAM_ATTENDED
    assert (booking.result, booking.decided_at, failed.session.plenary_at) == ("", None, None)
    assert Notification.objects.filter(template="appeals/reassessment", recipient=failed.assessor.user).count() == 1
    exams.save_scores(failed.assessor.user, booking, scores_for(booking, GOOD))
    booking.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        exams.hold_plenary(failed.chair, failed.session, [exams.Decision(booking, "competent")])
    application.refresh_from_db()
    assert application.status == ApplicationStatus.COMPETENT
    assert certificates(application).count() == 1


def test_a_grant_without_an_outcome_is_refused_and_nothing_changes(failed, handler, make_user):
    appeal, member = in_review(failed, handler, make_user)
    response = client_for(member).post(reverse("appeals:decide", args=[appeal.pk]),
                                       {"action": "grant", "reason": "Alasan panel yang cukup panjang untuk dicatat."})
    assert response.status_code == 400
    assert response.context["decision_form"].errors["outcome"] == ["Pilih akibat dari banding yang dikabulkan."]
    assert "Alasan panel yang cukup panjang untuk dicatat." in response.content.decode()
    appeal.refresh_from_db()
    assert appeal.status == AppealStatus.IN_REVIEW


def test_only_a_panel_member_decides(failed, handler, make_user):
    appeal, member = in_review(failed, handler, make_user)
    with pytest.raises(services.AppealError):
        services.decide(appeal, handler, "uphold", reason="Bukan anggota panel tetapi mencoba memutuskan.")
    response = client_for(handler).post(reverse("appeals:decide", args=[appeal.pk]),
                                        {"action": "uphold", "reason": "Bukan anggota panel tetapi mencoba."})
    assert response.status_code == 404


# ---- access -----------------------------------------------------------------------------------------------
def test_access_as_every_role(failed, handler, make_user):
    appeal, member = in_review(failed, handler, make_user)
    url = appeal.get_absolute_url()
    pdf = reverse("appeals:pdf", args=[appeal.pk])
    allowed = [failed.application.applicant, handler, member]
    refused = [make_user(Role.APPLICANT), make_user(Role.SECRETARIAT), make_assessor(make_user).user,
               make_user(Role.BALKS_ADMIN), make_user(Role.LKS_OPERATOR), make_user(Role.DPO)]
    for user in allowed:
        assert client_for(user).get(url).status_code == 200, user.role
    for user in refused:
        client = client_for(user)
        assert client.get(url).status_code == 404, user.role
        assert client.get(pdf).status_code == 404, user.role
        assert appeal.reference not in client.get(reverse("appeals:list") + "?status=all").content.decode()
    assert Client().get(url).status_code == 302
    other = make_user(Role.APPLICANT)
    assert client_for(other).get(
        reverse("appeals:new", args=["certification", failed.application.pk])).status_code == 404


def test_the_fr_ak_04_prints(failed):
    appeal = file(failed)
    response = client_for(failed.application.applicant).get(reverse("appeals:pdf", args=[appeal.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert response["Cache-Control"] == "private, no-store"
    text = " ".join(subprocess.run(["pdftotext", "-", "-"], input=response.content, capture_output=True,
                                   check=True).stdout.decode().split())
    for expected in ("FR.AK.04. Banding asesmen", appeal.reference, "Apakah proses banding telah dijelaskan kepada Anda? Ya",
                     "Apakah Anda telah mendiskusikan banding dengan asesor? Ya", "Belum diputuskan."):
        assert expected in text, expected


def test_the_list_is_bounded_in_queries(failed, handler, make_user, django_assert_max_num_queries):
    file(failed)
    for _ in range(3):
        file(failed_candidate(make_user))
    client = client_for(handler)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("appeals:list"))
    assert len(response.context["page"].object_list) == 4


# ---- the candidate's form ----------------------------------------------------------------------------------
def test_bad_input_keeps_what_was_typed(failed):
    client = client_for(failed.application.applicant)
    url = reverse("appeals:new", args=["certification", failed.application.pk])
    response = client.post(url, {"reasons": "Terlalu pendek", "process_explained": "yes",
                                 "discussed_with_assessor": "maybe", "wants_help": "yes", "helper_name": ""})
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert set(errors) == {"reasons", "discussed_with_assessor", "helper_name"}
    assert errors["helper_name"] == ["Sebutkan orang yang membantu Anda."]
    assert "Terlalu pendek" in response.content.decode()
    assert not Appeal.objects.exists()


def test_the_candidate_appeals_from_the_status_page(failed):
    client = client_for(failed.application.applicant)
    page = client.get(reverse("certification:application_detail", args=[failed.application.pk])).content.decode()
    url = reverse("appeals:new", args=["certification", failed.application.pk])
    assert url in page
    response = client.post(url, {"reasons": appeal_answers()["reasons"], "process_explained": "yes",
                                 "discussed_with_assessor": "no", "wants_help": "yes",
                                 "helper_name": "Siti (pendamping LKS)"})
    appeal = Appeal.objects.get()
    assert response.status_code == 302 and response["Location"] == appeal.get_absolute_url()
    assert (appeal.process_explained, appeal.discussed_with_assessor, appeal.wants_help, appeal.helper_name) == (
        True, False, True, "Siti (pendamping LKS)")
    page = client.get(reverse("certification:application_detail", args=[failed.application.pk])).content.decode()
    assert appeal.get_absolute_url() in page and url not in page


# ---- reminders --------------------------------------------------------------------------------------------
@override_settings(APPEAL_DECISION_DAYS=30, APPEAL_REMIND_DAYS=3)
def test_reminders_go_once_a_day_to_whoever_holds_the_appeal(failed, handler, make_user):
    appeal = file(failed)
    now = timezone.now()
    assert services.remind_due(now) == 0
    later = appeal.due_at - timedelta(days=2)
    assert services.remind_due(later) == 1
    assert services.remind_due(later + timedelta(minutes=5)) == 0
    reminded = set(Notification.objects.filter(template="appeals/reminder").values_list("recipient_id", flat=True))
    assert reminded == {handler.pk, failed.chair.pk}
    member = make_assessor(make_user, institution="Universitas Airlangga").user
    services.add_member(appeal, handler, member)
    services.form_panel(appeal, handler)
    mail.outbox.clear()
    assert services.remind_due(later + timedelta(days=1)) == 1
    assert list(Notification.objects.filter(template="appeals/reminder", recipient=member).values_list("recipient_id", flat=True)) == [member.pk]



def test_the_appellant_takes_the_appeal_in_the_data_export(failed, handler, make_user):
    from portal.privacy import exporters
    from portal.privacy import services as privacy

    appeal = file(failed)
    services.add_member(appeal, handler, make_assessor(make_user, institution="Universitas Andalas").user)
    data = privacy.export(failed.application.applicant)
    [exported] = data["appeals"]
    assert (exported["reference"], exported["reasons"], exported["discussed_with_assessor"]) == (
        appeal.reference, appeal_answers()["reasons"], True)
    assert sorted(set(exported) - set(exporters.labels())) == []
    opened = [(row["by"], row["what"]) for row in data["processing_history"]]
    assert (handler.email, "Menambahkan anggota panel banding Anda") in opened


def test_a_portfolio_not_yet_competent_appeal_granted_recommends_the_exam(make_user, handler):
    from portal.audit.services import record
    from tests.exams.helpers import candidate

    application = candidate(make_user, status=ApplicationStatus.ASSESSED_NOT_YET)
    assessor = make_assessor(make_user, institution="Universitas Sumatera Utara")
    record(assessor.user, "application.recommend_not_yet", application, after={"status": "assessed_not_yet"})
    appeal = services.file_appeal(application.applicant, application, **appeal_answers())
    assert appeal.decision_label == "Belum kompeten (asesmen portofolio)"
    _eligible, refused = services.panel_candidates(appeal)
    assert {u.pk: r for u, r in refused}[assessor.user_id] == "mengambil keputusan yang dibanding"
    member = make_assessor(make_user, institution="Universitas Udayana").user
    services.add_member(appeal, handler, member)
    services.form_panel(appeal, handler)
    appeal.refresh_from_db()
    from portal.workflow.engine import TransitionNotAllowed

    with pytest.raises(TransitionNotAllowed, match="^Pilih akibat dari banding yang dikabulkan.$"):
        services.decide(appeal, member, "grant", reason="Portofolio memenuhi; lanjut ke uji kompetensi.",
                        outcome="reassess")  # a portfolio decision is changed, not re-assessed
    appeal.refresh_from_db()
    assert appeal.status == AppealStatus.IN_REVIEW and appeal.outcome == ""
    services.decide(appeal, member, "grant", reason="Portofolio memenuhi; lanjut ke uji kompetensi.",
                    outcome="change", new_decision="proceed")
    application.refresh_from_db()
    assert application.status == ApplicationStatus.ASSESSED_PROCEED
    assert not certificates(application).exists()


def test_the_panel_page_reads_a_fixed_number_of_queries_however_many_assessors(failed, handler, make_user):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    appeal = file(failed)
    client = client_for(handler)
    url = appeal.get_absolute_url()

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    make_assessor(make_user, institution="Universitas Nomor satu")
    client.get(url)
    before = count()
    for index in range(5):
        make_assessor(make_user, institution=f"Universitas Nomor {index}")
    assert count() == before
    assert before <= 40
