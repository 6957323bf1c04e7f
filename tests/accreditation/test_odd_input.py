"""Odd input on the accreditation pages (issue 13, item 4): scores with digits `int()` refuses or
5,000 of them, NUL bytes in explanations and visit notes, a device time beyond bigint — an error
beside the field (400 for the phone's autosave), never a 500."""

import json
import time

import pytest

from accreditation.models import Answer, Staff, VisitScore

from .helpers import draft, indicators, make_institution, scheduled, submitted

pytestmark = pytest.mark.django_db

XHR = {"HTTP_X_REQUESTED_WITH": "XMLHttpRequest"}
NUL_ERROR = "Karakter null tidak diizinkan."
OUT_OF_SCALE = "Pilih skor dari 1 sampai 4."
ODD_SCORES = ["²", "①", "1²", "9" * 5000, "99999999999999999999999", "-1"]


@pytest.fixture
def visit(client, make_user):
    accreditation, visitation, team = scheduled(make_user)
    indicator = indicators(accreditation)[0]
    client.force_login(team[1].user)
    return f"/visitations/{visitation.pk}/score/{indicator.pk}/", visitation, team[1], indicator


@pytest.mark.parametrize("value", ODD_SCORES)
def test_an_odd_visit_score_is_a_400_with_the_scale(client, visit, value):
    url, _visitation, _assessor, _indicator = visit
    response = client.post(url, {"score": value, "at": "1000"}, **XHR)
    assert response.status_code == 400 and json.loads(response.content) == {"ok": False, "error": OUT_OF_SCALE}
    assert not VisitScore.objects.filter(score__isnull=False).exists()


@pytest.mark.parametrize("at", ["99999999999999999999999", str(2**63), "9" * 5000, "²", "①", "-1", "1e3"])
def test_an_odd_device_time_is_a_400(client, visit, at):
    url, _visitation, _assessor, _indicator = visit
    response = client.post(url, {"score": "3", "at": at}, **XHR)
    assert response.status_code == 400
    assert not VisitScore.objects.filter(score__isnull=False).exists()


def test_a_device_time_from_the_future_counts_as_now(client, visit):
    """A phone whose clock is years ahead must not keep every later answer from applying."""
    url, visitation, assessor, indicator = visit
    assert client.post(url, {"score": "2", "at": str(2**62)}, **XHR).json()["applied"] is True
    row = VisitScore.objects.get(visitation=visitation, assessor=assessor, indicator=indicator)
    assert row.score_at <= int(time.time() * 1000)
    later = int(time.time() * 1000) + 1000
    assert client.post(url, {"score": "4", "at": str(later)}, **XHR).json()["applied"] is True
    row.refresh_from_db()
    assert row.score == 4


def test_a_nul_in_a_visit_note_is_refused_and_the_plain_form_keeps_it_beside_the_error(client, visit):
    url, visitation, assessor, indicator = visit
    response = client.post(url, {"note": "Ruang\x00kepala", "at": "1000"}, **XHR)
    assert response.status_code == 400 and json.loads(response.content)["error"] == NUL_ERROR
    response = client.post(url, {"score": "3", "note": "Ruang kepala ①\x00"})
    assert response.status_code == 200
    html = response.content.decode()
    assert f'id="error-{indicator.pk}" role="alert">{NUL_ERROR}<' in html
    assert f'id="s{indicator.pk}-3" value="3" autocomplete="off" checked' in html
    assert "Ruang kepala ①" in html
    assert not VisitScore.objects.filter(visitation=visitation, assessor=assessor, note__contains="Ruang").exists()


@pytest.fixture
def answer(client, make_user):
    accreditation = draft(make_user)
    client.force_login(accreditation.institution.operators.get())
    indicator = indicators(accreditation)[0]
    return f"/accreditation/{accreditation.pk}/answer/{indicator.pk}/", f"i{indicator.pk}", indicator


@pytest.mark.parametrize("value", ODD_SCORES)
def test_an_odd_self_assessment_score_is_a_400_with_the_scale(client, answer, value):
    url, prefix, _indicator = answer
    response = client.post(url, {f"{prefix}-score": value}, **XHR)
    assert response.status_code == 400 and json.loads(response.content) == {"ok": False, "error": OUT_OF_SCALE}
    assert not Answer.objects.filter(score__isnull=False).exists()


def test_a_nul_in_an_explanation_is_an_error_beside_it_and_the_plain_form_keeps_it(client, answer):
    url, prefix, indicator = answer
    response = client.post(url, {f"{prefix}-explanation": "Visi\x00misi"}, **XHR)
    assert response.status_code == 400 and json.loads(response.content)["error"] == NUL_ERROR
    response = client.post(url, {"full": "1", f"{prefix}-score": "3", f"{prefix}-explanation": "Visi dan misi\x00"})
    assert response.status_code == 200
    card = next(c for c in response.context["cards"] if c["indicator"].pk == indicator.pk)
    assert card["form"].errors == {"explanation": [NUL_ERROR]}
    assert card["form"]["score"].value() == "3"
    assert "Visi dan misi" in response.content.decode()
    assert not Answer.objects.filter(explanation__contains="Visi").exists()


@pytest.mark.parametrize("q", ["²", "①", "AKR-2026-²", "9" * 90, "99999999999999999999"])
def test_the_desk_queue_search_with_odd_digits_finds_nothing_and_answers_200(client, make_user, q):
    accreditation = submitted(make_user)
    client.force_login(make_user("secretariat", regional_office=accreditation.regional_office))
    response = client.get("/accreditation/", {"q": q})
    assert response.status_code == 200 and list(response.context["page"].object_list) == []
    found = client.get("/accreditation/", {"q": accreditation.reference}).context["page"].object_list
    assert [a.pk for a in found] == [accreditation.pk]


def test_the_desk_queue_search_with_5000_digits_is_a_form_error(client, make_user):
    client.force_login(make_user("balks_admin"))
    response = client.get("/accreditation/", {"q": "9" * 5000})
    assert response.status_code == 200
    assert response.context["form"].errors["q"] == [
        "Pastikan nilai ini mengandung paling banyak 100 karakter (sekarang 5000 karakter)."
    ]


@pytest.mark.parametrize("nik", ["3273²", "①" * 16, "٣" * 16])
def test_a_staff_nik_of_other_digits_is_refused(client, make_user, nik):
    operator = make_user("lks_operator")
    institution = make_institution(operator)
    client.force_login(operator)
    response = client.post(
        f"/lks/{institution.pk}/staff/", {"full_name": "Yuni", "position": "Pengasuh", "role": "welfare_worker", "nik": nik}
    )
    assert response.status_code == 200 and response.context["form"].errors == {"nik": ["NIK terdiri atas 16 digit."]}
    assert not Staff.objects.exists()
