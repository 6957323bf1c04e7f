import threading
from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.utils import timezone, translation

from certification import services
from certification.choices import ApplicationStatus
from certification.models import Application, ApplicationDocument, EssayAnswer, ReviewStatus
from certification.workflows import APPLICATION_WORKFLOW
from portal.accounts.roles import Role
from portal.audit.models import AuditEvent
from portal.notifications.models import Notification
from portal.regions.models import RegionalOffice
from portal.workflow.engine import TransitionForbidden, TransitionNotAllowed, perform

from .helpers import ESSAY, fill_application, make_worker, open_round, standard_route, submitted_application, upload_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def en():
    with translation.override("en"):
        yield


def test_start_refuses_an_ineligible_route_with_reasons(make_user, en):
    user = make_worker(make_user, level="D3", years=1)
    round_ = open_round()
    with pytest.raises(services.ApplicationError) as error:
        services.start_application(user, round_, standard_route(round_))
    assert str(error.value) == (
        "At least S1 education is required; your highest is D3. At least 2 years of practice are required; you have 1."
    )
    assert Application.objects.count() == 0


def test_start_refuses_outside_the_rounds_regions(make_user, en):
    user = make_worker(make_user, province="73")  # Sulawesi Selatan: Regional V
    round_ = open_round(offices=["I", "II"])
    with pytest.raises(services.ApplicationError, match="not open to applicants from Sulawesi Selatan"):
        services.start_application(user, round_, standard_route(round_))


def test_start_refuses_a_closed_round_with_its_dates(make_user, en):
    user = make_worker(make_user)
    now = timezone.now()
    round_ = open_round(opens_at=now - timedelta(days=30), closes_at=now - timedelta(days=1))
    with pytest.raises(services.ApplicationError, match=r"This round is closed: it accepted applications from .* to "):
        services.start_application(user, round_, standard_route(round_))


def test_start_is_idempotent_and_one_active_per_round(make_user):
    user = make_worker(make_user)
    round_ = open_round()
    first = services.start_application(user, round_, standard_route(round_))
    again = services.start_application(user, round_, standard_route(round_))
    assert first.pk == again.pk
    assert first.regional_office.code == "II"
    perform(first, "withdraw", user)
    third = services.start_application(user, round_, standard_route(round_))
    assert third.pk != first.pk


def test_completeness_lists_exactly_what_is_missing(make_user, en):
    user = make_worker(make_user)
    round_ = open_round()
    application = services.start_application(user, round_, standard_route(round_))
    fill_application(user, application, skip_documents=("transcript", "photo"), skip_essays=1)
    short = application.route.essay_prompts.get(area="knowledge", order=1)
    services.save_essay(user, application, short, "Terlalu pendek.")
    assert services.submission_problems(application) == [
        "document: Transcript",
        "document: Photo",
        "essay knowledge 1 is too short (15 of at least 300 characters)",
        "essay values 3",
    ]
    with pytest.raises(TransitionNotAllowed, match="The application is not complete: document: Transcript"):
        perform(application, "submit", user)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DRAFT


def test_submit_notifies_applicant_and_region_secretariat(make_user, django_capture_on_commit_callbacks):
    secretariat_ii = make_user(Role.SECRETARIAT, regional_office=RegionalOffice.objects.get(code="II"))
    secretariat_v = make_user(Role.SECRETARIAT, regional_office=RegionalOffice.objects.get(code="V"))
    user = make_worker(make_user, language="en")
    round_ = open_round()
    application = fill_application(user, services.start_application(user, round_, standard_route(round_)))
    with django_capture_on_commit_callbacks(execute=True):
        perform(application, "submit", user)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
    assert application.submitted_at is not None
    recipients = set(Notification.objects.values_list("recipient__email", flat=True))
    assert recipients == {user.email, secretariat_ii.email}
    assert secretariat_v.email not in recipients
    subjects = {m.to[0]: m.subject for m in mail.outbox}
    assert subjects[user.email] == f"Application {application.reference} submitted"
    assert subjects[secretariat_ii.email].startswith("Berkas baru untuk diverifikasi")
    assert user.worker_profile.__class__.objects.get(user=user).certification_status == "in_process"


def test_no_edit_after_submit(make_user, en):
    application = submitted_application(make_user)
    user = application.applicant
    requirement = application.route.required_documents.first()
    with pytest.raises(services.ApplicationError, match="can no longer be changed"):
        services.attach_document(user, application, requirement, upload_for(requirement))
    with pytest.raises(services.ApplicationError, match="can no longer be changed"):
        services.save_essay(user, application, application.route.essay_prompts.first(), ESSAY + " edit")
    with pytest.raises(services.ApplicationError, match="can no longer be changed"):
        services.save_funding(user, application, "employer", "Dinsos")


def test_revision_cycle(make_user, secretariat, en):
    application = submitted_application(make_user)
    applicant = application.applicant
    secretariat.regional_office = application.regional_office
    secretariat.save()

    with pytest.raises(TransitionNotAllowed, match="Mark at least one document or essay"):
        perform(application, "return_for_revision", secretariat, note="Periksa ijazah")

    ijazah = application.documents.get(requirement__kind="ijazah")
    with pytest.raises(Exception, match="Write what the applicant must fix"):
        services.review_item(secretariat, ijazah, ReviewStatus.NEEDS_REVISION, "")
    services.review_item(secretariat, ijazah, ReviewStatus.NEEDS_REVISION, "Ijazah buram, unggah ulang")
    with pytest.raises(TransitionNotAllowed, match="Check every item first"):
        perform(application, "declare_eligible", secretariat)
    perform(application, "return_for_revision", secretariat, note="Satu dokumen perlu diperbaiki")
    application.refresh_from_db()
    assert application.status == ApplicationStatus.REVISION_REQUESTED

    # Only the flagged item may change.
    cv = application.documents.get(requirement__kind="cv")
    with pytest.raises(services.ApplicationError, match="Only the items marked"):
        services.attach_document(applicant, application, cv.requirement, upload_for(cv.requirement))
    with pytest.raises(services.ApplicationError, match="Only the items marked"):
        services.save_essay(applicant, application, application.route.essay_prompts.first(), ESSAY + " x")
    with pytest.raises(TransitionNotAllowed, match="Please revise first: Diploma"):
        perform(application, "resubmit", applicant)

    services.attach_document(applicant, application, ijazah.requirement, upload_for(ijazah.requirement, "ijazah-jelas.pdf"))
    perform(application, "resubmit", applicant)
    application.refresh_from_db()
    ijazah.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
    assert ijazah.review_status == ReviewStatus.PENDING
    assert ijazah.document.original_name == "ijazah-jelas.pdf"

    assert services.accept_all(secretariat, application) == len(services.items(application))
    perform(application, "declare_eligible", secretariat)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.ELIGIBLE
    actions = list(AuditEvent.objects.for_object(application).order_by("id").values_list("action", flat=True))
    assert [a for a in actions if a.startswith("application.") and a.count(".") == 1 and a.split(".")[1] in {t.name for t in APPLICATION_WORKFLOW.transitions}] == [
        "application.submit", "application.return_for_revision", "application.resubmit", "application.declare_eligible",
    ]


def test_ineligible_needs_a_reason(make_user, lsp_admin, en):
    application = submitted_application(make_user)
    with pytest.raises(TransitionNotAllowed, match="Please write a reason"):
        perform(application, "declare_ineligible", lsp_admin)
    perform(application, "declare_ineligible", lsp_admin, note="Ijazah tidak sah")
    application.refresh_from_db()
    assert application.status == ApplicationStatus.INELIGIBLE and application.decided_at


def test_transition_permissions(make_user, en):
    application = submitted_application(make_user)
    other_region = make_user(Role.SECRETARIAT, regional_office=RegionalOffice.objects.get(code="V"))
    for actor in (other_region, make_user(Role.APPLICANT), make_user(Role.ASSESSOR), make_user(Role.BALKS_ADMIN), application.applicant):
        with pytest.raises(TransitionForbidden):
            perform(application, "declare_ineligible", actor, note="x")
    stranger = make_user(Role.APPLICANT)
    with pytest.raises(TransitionForbidden):
        perform(application, "withdraw", stranger)
    with pytest.raises(PermissionDenied):
        services.review_item(other_region, application.documents.first(), ReviewStatus.ACCEPTED)


@pytest.mark.parametrize("state", [s for s in ApplicationStatus.values])
def test_every_move_outside_the_table_is_refused(make_user, lsp_admin, state):
    table = {(source, name) for source, name, _ in APPLICATION_WORKFLOW.table()}
    application = submitted_application(make_user)
    Application.objects.filter(pk=application.pk).update(status=state)
    for transition in APPLICATION_WORKFLOW.transitions:
        if (state, transition.name) in table:
            continue
        actor = application.applicant if transition.name in {"submit", "resubmit", "withdraw"} else lsp_admin
        with pytest.raises(TransitionNotAllowed):
            perform(application, transition.name, actor, note="n")
        application.refresh_from_db()
        assert application.status == state


def test_withdraw(make_user):
    application = submitted_application(make_user)
    perform(application, "withdraw", application.applicant, note="Pindah tugas")
    application.refresh_from_db()
    assert application.status == ApplicationStatus.WITHDRAWN
    assert application.applicant.worker_profile.certification_status == "none"


@pytest.mark.django_db(transaction=True)
def test_submit_from_two_tabs_at_once_is_one_submission(make_user, reference_data):
    assert connection.vendor == "postgresql", "the concurrency test needs PostgreSQL (set DATABASE_URL)"
    from certification import reference

    reference.load()
    user = make_worker(make_user)
    round_ = open_round()
    application = fill_application(user, services.start_application(user, round_, standard_route(round_)))
    barrier = threading.Barrier(2)
    outcomes = []

    def tab():
        from django.db import connection as thread_connection

        try:
            barrier.wait()
            perform(Application.objects.get(pk=application.pk), "submit", user)
            outcomes.append("ok")
        except TransitionNotAllowed:
            outcomes.append("refused")
        finally:
            thread_connection.close()

    threads = [threading.Thread(target=tab) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["ok", "refused"]
    assert AuditEvent.objects.filter(action="application.submit").count() == 1
    assert Notification.objects.filter(recipient=user).count() == 1


def test_a_new_application_to_the_same_scheme_is_prefilled(make_user, lsp_admin):
    first = submitted_application(make_user)
    perform(first, "declare_ineligible", lsp_admin, note="Ijazah tidak terbaca")
    user = first.applicant
    later = open_round(name="Gelombang berikutnya")
    again = services.start_application(user, later, standard_route(later))
    assert again.pk != first.pk
    assert (again.funding_source, again.funding_note) == (first.funding_source, first.funding_note)
    assert sorted(again.documents.values_list("requirement__kind", "document_id")) == sorted(
        first.documents.values_list("requirement__kind", "document_id")
    )
    assert again.essays.count() == first.essays.count() == 14
    assert services.submission_problems(again) == []
    assert again.status == ApplicationStatus.DRAFT
    assert AuditEvent.objects.filter(action="application.create", object_id=str(again.pk)).get().after == {
        "prefilled_from": first.reference
    }
