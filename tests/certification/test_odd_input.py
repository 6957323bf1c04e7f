"""Odd input on the application and the secretariat's pages (issue 13, item 4): NUL bytes in essays
and notes, digits `str.isdigit()` accepts but `int()` does not, 5,000-digit numbers in the queue's
search and in the ids of a bulk action — a form error (or 400 for the autosave), never a 500."""

import pytest

from certification import services
from certification.choices import ApplicationStatus
from certification.models import Application, EssayAnswer
from portal.accounts.roles import Role
from portal.regions.models import RegionalOffice

from .helpers import (
    ESSAY,
    make_worker,
    open_round,
    standard_route,
    submitted_application,
)

pytestmark = pytest.mark.django_db

NUL_ERROR = "Karakter null tidak diizinkan."
FIVE_THOUSAND_DIGITS = "9" * 5000


def draft_of(make_user):
    user = make_worker(make_user)
    round_ = open_round()
    return services.start_application(user, round_, standard_route(round_))


def test_a_nul_in_an_autosaved_essay_is_a_400_with_the_message(client, make_user):
    application = draft_of(make_user)
    prompt = application.route.essay_prompts.first()
    client.force_login(application.applicant)
    url = f"/applications/{application.pk}/essays/{prompt.pk}/"
    response = client.post(url, {"text": "Saya\x00menulis"}, HTTP_X_REQUESTED_WITH="XMLHttpRequest")
    assert response.status_code == 400
    assert response.json() == {"ok": False, "error": NUL_ERROR}
    assert not EssayAnswer.objects.exists()
    assert client.post(url, {"text": ESSAY}, HTTP_X_REQUESTED_WITH="XMLHttpRequest").json()["ok"] is True


def test_a_nul_in_an_essay_step_is_an_error_beside_the_essay_and_the_others_are_kept(client, make_user):
    application = draft_of(make_user)
    first, second = application.route.essay_prompts.filter(area="knowledge").order_by("order")[:2]
    client.force_login(application.applicant)
    response = client.post(
        f"/applications/{application.pk}/step/knowledge/",
        {f"essay_{first.pk}": "Awal\x00akhir", f"essay_{second.pk}": ESSAY},
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors == {f"essay_{first.pk}": [NUL_ERROR]}
    assert ESSAY.strip() in response.content.decode()
    assert not EssayAnswer.objects.exists()


def test_a_nul_in_the_withdrawal_note_is_refused(client, make_user):
    application = draft_of(make_user)
    client.force_login(application.applicant)
    response = client.post(f"/applications/{application.pk}/withdraw/", {"note": "alasan\x00"}, follow=True)
    assert response.status_code == 200 and NUL_ERROR in response.content.decode()
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DRAFT
    client.post(f"/applications/{application.pk}/withdraw/", {"note": "Pindah tugas"})
    application.refresh_from_db()
    assert application.status == ApplicationStatus.WITHDRAWN


@pytest.fixture
def secretariat(make_user):
    return make_user(Role.SECRETARIAT, regional_office=RegionalOffice.objects.get(code="II"))


@pytest.mark.parametrize("q", ["²", "①", "APL-2026-²", "1²"])
def test_the_queue_search_with_digits_int_refuses_searches_names_only(client, make_user, secretariat, q):
    submitted_application(make_user)
    client.force_login(secretariat)
    response = client.get("/secretariat/applications/", {"q": q})
    assert response.status_code == 200
    assert response.context["form"].is_valid() and list(response.context["page"].object_list) == []


def test_the_queue_search_with_5000_digits_is_a_form_error(client, make_user, secretariat):
    client.force_login(secretariat)
    response = client.get("/secretariat/applications/", {"q": FIVE_THOUSAND_DIGITS})
    assert response.status_code == 200
    assert response.context["form"].errors["q"] == [
        "Pastikan nilai ini mengandung paling banyak 100 karakter (sekarang 5000 karakter)."
    ]


def test_the_queue_still_finds_a_reference_and_a_beyond_bigint_number_finds_nothing(client, make_user, secretariat):
    application = submitted_application(make_user)
    client.force_login(secretariat)
    found = client.get("/secretariat/applications/", {"q": application.reference}).context["page"].object_list
    assert [a.pk for a in found] == [application.pk]
    response = client.get("/secretariat/applications/", {"q": "99999999999999999999"})
    assert response.status_code == 200 and list(response.context["page"].object_list) == []


@pytest.mark.parametrize("value", ["²", "①", FIVE_THOUSAND_DIGITS, "99999999999999999999999", "abc\x00"])
def test_odd_ids_in_the_bulk_eligibility_declare_nothing(client, make_user, secretariat, value):
    application = submitted_application(make_user)
    services.accept_all(secretariat, application)
    client.force_login(secretariat)
    response = client.post("/secretariat/applications/eligible/", {"application": [application.pk, value], "query": "status="})
    assert response.status_code == 302 and response["Location"] == "/secretariat/applications/"
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
    page = client.get(response["Location"])
    assert [str(m) for m in page.context["messages"]] == [
        NUL_ERROR if "\x00" in value
        else "Salah satu permohonan yang dipilih tidak ada di antrean Anda. Tidak ada yang dinyatakan; pilih lagi."
    ]


def test_the_bulk_eligibility_goes_back_to_the_queue_as_it_was_filtered(client, make_user, secretariat):
    application = submitted_application(make_user)
    services.accept_all(secretariat, application)
    client.force_login(secretariat)
    response = client.post(
        "/secretariat/applications/eligible/", {"application": [application.pk], "query": "q=siti&status=\r\nSet-Cookie: x"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/secretariat/applications/?q=siti&status=%0D%0ASet-Cookie%3A+x"
    application.refresh_from_db()
    assert application.status == ApplicationStatus.ELIGIBLE


@pytest.mark.parametrize("key", ["doc:²", "doc:①", f"doc:{FIVE_THOUSAND_DIGITS}", "doc:99999999999999999999", "x:1"])
def test_an_odd_item_key_in_the_review_is_an_error_not_a_500(client, make_user, secretariat, key):
    application = submitted_application(make_user)
    client.force_login(secretariat)
    response = client.post(f"/secretariat/applications/{application.pk}/item/", {"item": key, "status": "accepted"})
    assert response.status_code == 200
    assert response.context["item_form"].errors["item"] in (
        ["Butir ini bukan bagian dari permohonan."],
        ["Pastikan nilai ini mengandung paling banyak 40 karakter (sekarang 5004 karakter)."],
    )


def test_a_missing_item_is_404(client, make_user, secretariat):
    application = submitted_application(make_user)
    client.force_login(secretariat)
    other = submitted_application(make_user).documents.first()
    response = client.post(f"/secretariat/applications/{application.pk}/item/", {"item": f"doc:{other.pk}", "status": "accepted"})
    assert response.status_code == 404
    assert Application.objects.get(pk=application.pk).documents.filter(review_status="accepted").count() == 0
