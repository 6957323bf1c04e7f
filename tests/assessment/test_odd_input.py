"""Odd input on the assessment pages (issue 13, item 4): the score form is built from the rubric, so
"²", "①" and 5,000 digits in a score, a NUL in an evidence note or the feedback are errors beside
their criterion, what was typed kept; odd assessor ids are a clear error."""

import pytest

from certification.assessment import services
from certification.assessment.models import Assignment, Reconciliation, Score

from .helpers import eligible_application, make_assessor, region_secretariat

pytestmark = pytest.mark.django_db

NUL_ERROR = "Karakter null tidak diizinkan."
OUT_OF_SCALE = "Pilih nilai dari 1 sampai 4."
XHR = {"HTTP_X_REQUESTED_WITH": "XMLHttpRequest"}


@pytest.fixture
def scoring(make_user):
    application = eligible_application(make_user)
    assessor = make_assessor(make_user)
    [assignment] = services.assign(region_secretariat(make_user), application, [assessor])
    services.declare(assessor, assignment, conflict=False)
    criteria = list(assignment.rubric.criteria.all())
    return assignment, assessor, criteria


@pytest.mark.parametrize("value", ["²", "①", "1²", "9" * 5000, "99999999999999999999999", "-1", "7"])
def test_an_odd_score_is_an_error_beside_its_criterion(client, scoring, value):
    assignment, assessor, criteria = scoring
    first, second = criteria[:2]
    client.force_login(assessor)
    response = client.post(
        f"/assessment/{assignment.pk}/scores/",
        {f"c{first.pk}": value, f"c{second.pk}": "3", f"e{second.pk}": "Catatan bukti", "action": "save"},
    )
    assert response.status_code == 200
    rows = {row["criterion"].pk: row for _label, area in response.context["areas"] for row in area}
    assert rows[first.pk]["error"] == OUT_OF_SCALE
    assert (rows[second.pk]["choice"], rows[second.pk]["evidence"], rows[second.pk]["error"]) == (3, "Catatan bukti", None)
    assert not Score.objects.exists()


def test_the_autosave_answers_400_with_the_errors_by_criterion(client, scoring):
    assignment, assessor, criteria = scoring
    client.force_login(assessor)
    response = client.post(f"/assessment/{assignment.pk}/scores/", {f"c{criteria[0].pk}": "①"}, **XHR)
    assert response.status_code == 400
    assert response.json()["errors"] == {str(criteria[0].pk): OUT_OF_SCALE}
    ok = client.post(f"/assessment/{assignment.pk}/scores/", {f"c{criteria[0].pk}": "4"}, **XHR)
    assert ok.status_code == 200 and ok.json()["ok"] is True


def test_a_nul_in_an_evidence_note_is_an_error_and_the_note_is_kept(client, scoring):
    assignment, assessor, criteria = scoring
    client.force_login(assessor)
    response = client.post(
        f"/assessment/{assignment.pk}/scores/", {f"c{criteria[0].pk}": "3", f"e{criteria[0].pk}": "Bukti\x00foto"}
    )
    assert response.status_code == 200
    rows = {row["criterion"].pk: row for _label, area in response.context["areas"] for row in area}
    assert (rows[criteria[0].pk]["choice"], rows[criteria[0].pk]["error"]) == (3, NUL_ERROR)
    assert not Score.objects.exists()


def test_a_nul_in_the_feedback_is_an_error_beside_it_and_nothing_is_submitted(client, scoring):
    assignment, assessor, criteria = scoring
    client.force_login(assessor)
    data = {f"c{c.pk}": "2" for c in criteria}
    response = client.post(
        f"/assessment/{assignment.pk}/scores/",
        {**data, "action": "submit", "recommendation": "not_yet", "feedback": "Perdalam\x00asesmen"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert NUL_ERROR in html and 'id="rec-not_yet" value="not_yet" checked' in html
    assignment.refresh_from_db()
    assert assignment.status != Assignment.Status.SUBMITTED
    # Without feedback for "not yet": the service's error beside the feedback field, the choice kept.
    response = client.post(f"/assessment/{assignment.pk}/scores/", {**data, "action": "submit", "recommendation": "not_yet"})
    assert response.status_code == 200 and response.context["feedback_error"].startswith("Tuliskan umpan balik")
    assert response.context["recommendation_value"] == "not_yet"
    response = client.post(
        f"/assessment/{assignment.pk}/scores/",
        {**data, "action": "submit", "recommendation": "not_yet", "feedback": "Perdalam asesmen kebutuhan klien."},
    )
    assert response.status_code == 302
    assignment.refresh_from_db()
    assert assignment.status == Assignment.Status.SUBMITTED


@pytest.mark.parametrize("value", ["²", "①", "9" * 5000, "99999999999999999999999", "abc\x00"])
def test_odd_assessor_ids_are_an_error_when_assigning(client, make_user, value):
    application = eligible_application(make_user)
    secretariat = region_secretariat(make_user)
    assessor = make_assessor(make_user)
    client.force_login(secretariat)
    response = client.post(f"/secretariat/assessment/applications/{application.pk}/", {"assessor": [assessor.pk, value]})
    assert response.status_code == 200
    assert response.context["error"] == (NUL_ERROR if "\x00" in value else "Pilih asesor dari daftar.")
    assert not Assignment.objects.exists()
    response = client.post(f"/secretariat/assessment/applications/{application.pk}/", {"assessor": [assessor.pk]})
    assert response.status_code == 302 and Assignment.objects.count() == 1


@pytest.mark.parametrize("value", ["²", "9" * 5000, "99999999999999999999999", "abc\x00", ""])
def test_an_odd_third_assessor_is_an_error(client, make_user, lsp_admin, value):
    application = eligible_application(make_user)
    application.status = "in_assessment"
    application.save(update_fields=["status"])
    Reconciliation.objects.create(application=application, reason="the recommendations differ")
    client.force_login(lsp_admin)
    response = client.post(f"/assessment/reconciliation/{application.pk}/", {"action": "assign", "assessor": value})
    assert response.status_code == 200
    assert response.context["assessor_form_error"] == (NUL_ERROR if "\x00" in value else "Pilih asesor.")


def test_a_nul_in_the_reason_to_reopen_is_refused(client, make_user):
    application = eligible_application(make_user)
    secretariat = region_secretariat(make_user)
    first, second = services.assign(secretariat, application, [make_assessor(make_user), make_assessor(make_user)])
    for assignment in (first, second):
        services.declare(assignment.assessor, assignment, conflict=False)
        services.save_scores(assignment.assessor, assignment, {c.pk: (4, False, "") for c in assignment.rubric.criteria.all()})
    services.submit(first.assessor, first, recommendation="proceed")
    client.force_login(secretariat)
    response = client.post(f"/secretariat/assessment/assignments/{first.pk}/reopen/", {"reason": "salah\x00hitung"}, follow=True)
    assert NUL_ERROR in [str(m) for m in response.context["messages"]]
    first.refresh_from_db()
    assert first.status == Assignment.Status.SUBMITTED
    client.post(f"/secretariat/assessment/assignments/{first.pk}/reopen/", {"reason": "Salah hitung"})
    first.refresh_from_db()
    assert first.status == Assignment.Status.IN_PROGRESS
