from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation

from certification.assessment import services
from certification.assessment.models import Assignment, Reconciliation, RoundAssessment
from certification.models import Application
from portal.accounts.roles import Role
from portal.audit.models import AuditEvent
from portal.notifications.models import Notification
from portal.workflow.engine import TransitionNotAllowed, perform

from .helpers import eligible_application, make_assessor, region_secretariat

pytestmark = pytest.mark.django_db


@pytest.fixture
def en():
    with translation.override("en"):
        yield


def full_scores(assignment, value):
    return {c.pk: (value, False, f"Bukti {c.order}") for c in assignment.rubric.criteria.all()}


def score_and_submit(assignment, value, recommendation="proceed", feedback=""):
    services.declare(assignment.assessor, assignment, conflict=False)
    services.save_scores(assignment.assessor, assignment, full_scores(assignment, value))
    return services.submit(assignment.assessor, assignment, recommendation=recommendation, feedback=feedback)


def test_suggestions_exclude_conflicts_and_balance_workload(make_user, en):
    application = eligible_application(make_user, employer="Dinas Sosial Kota Bandung")
    busy = make_assessor(make_user, full_name="Asesor Sibuk")
    free = make_assessor(make_user, full_name="Asesor Luang")
    same_employer = make_assessor(make_user, full_name="Asesor Sekantor", institution="Dinas Sosial Kota Bandung")
    declared_person = make_assessor(make_user, full_name="Asesor Kerabat", declarations=[("person", application.applicant.full_name)])
    declared_institution = make_assessor(
        make_user, full_name="Asesor Mantan", declarations=[("institution", "dinas sosial kota  bandung")]
    )
    inactive = make_assessor(make_user, full_name="Asesor Pensiun")
    inactive.assessor_profile.is_active = False
    inactive.assessor_profile.save()
    other = eligible_application(make_user)
    services.assign(region_secretariat(make_user), other, [busy])

    names = [profile.user.full_name for profile, _load in services.suggest_assessors(application)]
    assert names == ["Asesor Luang", "Asesor Sibuk"]
    for user in (same_employer, declared_person, declared_institution):
        with pytest.raises(services.AssessmentError, match="conflict of interest"):
            services.assign(region_secretariat(make_user), application, [user])
    assert free.pk  # the free assessor comes first: workload 0


def test_suggestions_cost_the_same_queries_for_three_assessors_or_twelve(make_user):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    application = eligible_application(make_user, employer="Dinas Sosial Kota Bandung")
    make_assessor(make_user, declarations=[("person", "Seseorang Lain")])
    make_assessor(make_user, institution="Dinas Sosial Kota Bandung")
    make_assessor(make_user)

    def suggested():
        with CaptureQueriesContext(connection) as queries:
            suggestions = services.suggest_assessors(application)
        return len(suggestions), len(queries)

    application.applicant  # noqa: B018 (loaded once here, as the page that asks has it)
    few, few_queries = suggested()
    for _ in range(9):
        make_assessor(make_user, declarations=[("institution", "LKS Lain")])
    many, many_queries = suggested()
    assert (few, many) == (2, 10) and many_queries == few_queries  # 10: the default limit


def test_assign_starts_the_assessment_and_notifies(make_user, en):
    application = eligible_application(make_user)
    secretariat = region_secretariat(make_user)
    a1, a2 = make_assessor(make_user), make_assessor(make_user)
    services.assign(secretariat, application, [a1, a2])
    application.refresh_from_db()
    assert application.status == "in_assessment"
    assert Notification.objects.filter(recipient__in=[a1, a2], template="assessment/assigned").count() == 2
    assert AuditEvent.objects.filter(action="assessment.assign").count() == 2
    with pytest.raises(services.AssessmentError, match="2 assessor"):
        services.assign(secretariat, application, [make_assessor(make_user)])
    other_region = region_secretariat(make_user, office="V")
    with pytest.raises(PermissionDenied):
        services.assign(other_region, application, [make_assessor(make_user)])


def test_declaring_a_conflict_hands_the_file_back(make_user):
    application = eligible_application(make_user)
    secretariat = region_secretariat(make_user)
    assessor = make_assessor(make_user)
    [assignment] = services.assign(secretariat, application, [assessor])
    services.declare(assessor, assignment, conflict=True, note="Mantan mahasiswa bimbingan saya")
    assignment.refresh_from_db()
    assert assignment.status == Assignment.Status.CONFLICT
    assert Notification.objects.filter(recipient=secretariat, template="assessment/conflict").count() == 1
    assert assessor.pk not in [p.user_id for p, _ in services.suggest_assessors(application)]
    with pytest.raises(services.AssessmentError):
        services.save_scores(assessor, assignment, full_scores(assignment, 3))


def test_scoring_rules(make_user, en):
    application = eligible_application(make_user)
    assessor = make_assessor(make_user)
    [assignment] = services.assign(region_secretariat(make_user), application, [assessor])
    with pytest.raises(services.AssessmentError, match="Declare that you have no conflict"):
        services.save_scores(assessor, assignment, full_scores(assignment, 3))
    services.declare(assessor, assignment, conflict=False)
    criteria = list(assignment.rubric.criteria.all())
    required = next(c for c in criteria if c.required)
    optional = next(c for c in criteria if not c.required)
    with pytest.raises(ValidationError) as error:
        services.save_scores(assessor, assignment, {required.pk: (None, True, ""), optional.pk: (9, False, "")})
    assert error.value.message_dict == {
        required.pk: ["This criterion is required; “not applicable” is not allowed."],
        optional.pk: ["Choose a score from 1 to 4."],
    }
    total = services.save_scores(assessor, assignment, {required.pk: (4, False, "Sangat baik"), optional.pk: (None, True, "")})
    assert total == 100
    with pytest.raises(services.AssessmentError, match="Score every criterion first"):
        services.submit(assessor, assignment, recommendation="proceed")
    services.save_scores(assessor, assignment, {c.pk: (2, False, "") for c in criteria if c.pk != optional.pk})
    with pytest.raises(ValidationError, match="Write feedback"):
        services.submit(assessor, assignment, recommendation="not_yet")
    services.submit(assessor, assignment, recommendation="not_yet", feedback="Perdalam asesmen kebutuhan klien.")
    assignment.refresh_from_db()
    assert assignment.status == "submitted" and assignment.total == services.running_total(assignment)
    with pytest.raises(services.AssessmentError, match="locked"):
        services.save_scores(assessor, assignment, {required.pk: (4, False, "")})


def test_agreement_moves_on_and_others_stay_hidden_until_own_is_in(make_user):
    application = eligible_application(make_user)
    a1, a2 = make_assessor(make_user), make_assessor(make_user)
    first, second = services.assign(region_secretariat(make_user), application, [a1, a2])
    score_and_submit(first, 3)
    services.declare(a2, second, conflict=False)
    assert services.others_visible(second) == []
    assert [o.pk for o in services.others_visible(first)] == []  # the other has not submitted
    services.save_scores(a2, second, full_scores(second, 3))
    services.submit(a2, second, recommendation="proceed")
    application.refresh_from_db()
    assert application.status == "assessed_proceed"
    assert [o.pk for o in services.others_visible(second)] == [first.pk]


def test_disagreement_goes_to_reconciliation_and_the_admin_decides(make_user, lsp_admin, en):
    application = eligible_application(make_user)
    RoundAssessment.objects.update_or_create(round=application.round, defaults={"reconciliation_threshold": 10})
    a1, a2 = make_assessor(make_user), make_assessor(make_user)
    first, second = services.assign(region_secretariat(make_user), application, [a1, a2])
    score_and_submit(first, 4)  # 100
    score_and_submit(second, 3)  # 66.67: 33.33 apart > 10
    application.refresh_from_db()
    assert application.status == "in_assessment"
    reconciliation = Reconciliation.objects.get(application=application)
    assert reconciliation.reason == "the totals differ by more than 10 points"
    assert Notification.objects.filter(recipient=lsp_admin, template="assessment/reconciliation").count() == 1
    with pytest.raises(TransitionNotAllowed):
        perform(application, "recommend_proceed", lsp_admin)
    with pytest.raises(PermissionDenied):
        services.reconcile(a1, application, "proceed", "Saya yakin")
    with pytest.raises(ValidationError):
        services.reconcile(lsp_admin, application, "proceed", "")
    services.reconcile(lsp_admin, application, "not_yet", "Bukti praktik belum cukup")
    application.refresh_from_db()
    assert application.status == "assessed_not_yet"
    event = AuditEvent.objects.get(action="application.recommend_not_yet")
    assert event.actor == lsp_admin and event.note == "Bukti praktik belum cukup"


def test_a_third_assessor_can_reconcile(make_user, lsp_admin):
    application = eligible_application(make_user)
    a1, a2, a3 = make_assessor(make_user), make_assessor(make_user), make_assessor(make_user)
    first, second = services.assign(region_secretariat(make_user), application, [a1, a2])
    score_and_submit(first, 4, "proceed")
    score_and_submit(second, 4, "not_yet", "Kurang bukti nilai")
    third = services.assign_reconciler(lsp_admin, application, a3)
    assert [o.pk for o in services.others_visible(third)] == sorted([first.pk, second.pk])
    score_and_submit(third, 4, "proceed")
    application.refresh_from_db()
    assert application.status == "assessed_proceed"
    assert Reconciliation.objects.get(application=application).decided_by == a3


def test_reopen_is_audited(make_user):
    application = eligible_application(make_user)
    secretariat = region_secretariat(make_user)
    a1, a2 = make_assessor(make_user), make_assessor(make_user)
    first, _second = services.assign(secretariat, application, [a1, a2])
    score_and_submit(first, 3)
    with pytest.raises(ValidationError):
        services.reopen(secretariat, first, "")
    services.reopen(secretariat, first, "Nilai kriteria 3 perlu ditinjau")
    first.refresh_from_db()
    assert first.status == "in_progress"
    assert AuditEvent.objects.get(action="assessment.reopen").note == "Nilai kriteria 3 perlu ditinjau"


def test_overdue_reminders_once_a_day_and_a_summary_for_the_secretariat(make_user):
    application = eligible_application(make_user)
    secretariat = region_secretariat(make_user)
    a1 = make_assessor(make_user)
    [assignment] = services.assign(secretariat, application, [a1])
    Assignment.objects.filter(pk=assignment.pk).update(due_at=timezone.now() - timedelta(days=2))
    assert services.remind_overdue() == 1
    assert services.remind_overdue() == 0
    assert services.remind_overdue(now=timezone.now() + timedelta(days=1, hours=1)) == 1
    assert Notification.objects.filter(recipient=a1, template="assessment/reminder").count() == 2
    assert Notification.objects.filter(recipient=secretariat, template="assessment/late_summary").count() == 2


def test_applicant_sees_feedback_when_not_yet_competent(client, make_user):
    application = eligible_application(make_user)
    RoundAssessment.objects.update_or_create(round=application.round, defaults={"assessors_per_application": 1})
    [assignment] = services.assign(region_secretariat(make_user), application, [make_assessor(make_user)])
    score_and_submit(assignment, 2, "not_yet", "Lengkapi dokumentasi kasus.")
    client.force_login(application.applicant)
    html = client.get(f"/applications/{application.pk}/").content.decode()
    assert "Lengkapi dokumentasi kasus." in html
    assert application.applicant.worker_profile.__class__.objects.get(user=application.applicant).certification_status == "none"


def test_reconciliation_reason_writes_the_threshold_as_indonesian_does(make_user):
    """Issue 20 item 3: "selisih total lebih dari 7.50 poin" beside totals written "66,67"."""
    application = eligible_application(make_user)
    RoundAssessment.objects.update_or_create(round=application.round, defaults={"reconciliation_threshold": Decimal("7.5")})
    a1, a2 = make_assessor(make_user), make_assessor(make_user)
    first, second = services.assign(region_secretariat(make_user), application, [a1, a2])
    with translation.override("id"):
        score_and_submit(first, 4)
        score_and_submit(second, 3)
    assert Reconciliation.objects.get(application=application).reason == "selisih total lebih dari 7,50 poin"


def test_scoring_page_gives_the_script_plain_weights_and_the_texts_of_what_is_left(client, make_user):
    """The running total reads the weights from data attributes: localised ("1,50") they read as 1 in
    the browser. The count of criteria still to score gets its texts from the page (item 5)."""
    application = eligible_application(make_user)
    assessor = make_assessor(make_user)
    [assignment] = services.assign(region_secretariat(make_user), application, [assessor])
    criterion = assignment.rubric.criteria.order_by("order").first()
    criterion.weight = Decimal("1.5")
    criterion.save(update_fields=["weight"])
    services.declare(assessor, assignment, conflict=False)
    services.save_scores(assessor, assignment, {criterion.pk: (3, False, "Bukti")})
    client.force_login(assessor)
    html = client.get(f"/assessment/{assignment.pk}/").content.decode()
    assert 'data-weight="1.50"' in html
    assert 'data-weight="1,50"' not in html
    left = assignment.rubric.criteria.count() - 1
    assert (
        f'<p class="small text-body-secondary" data-missing data-one="%(n)s kriteria belum dinilai." '
        f'data-other="%(n)s kriteria belum dinilai.">{left} kriteria belum dinilai.</p>'
    ) in html


def test_the_file_header_has_no_dangling_separator_before_the_declaration(client, make_user):
    """Before the assessor declares, the applicant's name is not shown: the line under the title starts
    with the route, not with "· " (seen on the declaration page at 360 px)."""
    application = eligible_application(make_user)
    assessor = make_assessor(make_user)
    [assignment] = services.assign(region_secretariat(make_user), application, [assessor])
    client.force_login(assessor)
    for declared in (False, True):
        if declared:
            services.declare(assessor, assignment, conflict=False)
        html = client.get(f"/assessment/{assignment.pk}/").content.decode()
        line = html.split('<p class="small text-body-secondary mb-0">', 1)[1].split("</p>", 1)[0]
        words = " ".join(line.split())
        route = application.route.get_kind_display()
        name = application.applicant.full_name
        assert words.startswith(f"{name} · {route} · ") if declared else words.startswith(f"{route} · "), words
