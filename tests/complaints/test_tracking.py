"""The complainant follows the complaint with its code at /complaints/track/: status, stage dates,
public responses and the decision only. A stranger with a wrong code learns nothing, a wrong code and
a malformed one answer alike, and the page is rate limited so codes cannot be enumerated."""

import re

import pytest

from portal.accounts.roles import Role
from portal.complaints import services

from .helpers import DESCRIPTION, file

pytestmark = pytest.mark.django_db

PERSONAL = ("Ani Wijayanti", "ani@example.test", "081234567890", "Drs. Joko Susilo", DESCRIPTION, "Rina Kartika",
            "rina@example.test", "Catatan internal: hubungi asesor", "PGD-")


@pytest.fixture
def handled(make_user):
    """A complaint triaged to an LSP admin, with an internal note and a public response."""
    admin = make_user(Role.LSP_ADMIN, full_name="Rina Kartika", email="rina@example.test")
    complaint, code = file()
    services.triage(complaint, admin, category="conduct", handler=admin)
    services.respond(complaint, admin, text="Catatan internal: hubungi asesor", is_public=False)
    services.respond(complaint, admin, text="Terima kasih, kami sedang memeriksa jadwal asesor.", is_public=True)
    complaint.refresh_from_db()
    return complaint, code, admin


def _body(response):
    """The page without what differs from one request to the next (the CSRF token)."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())


def test_the_code_shows_status_dates_and_public_responses_only(client, handled, django_assert_max_num_queries):
    complaint, code, _admin = handled
    assert client.get("/complaints/track/").status_code == 200
    with django_assert_max_num_queries(4):
        response = client.post("/complaints/track/", {"code": code.lower().replace("-", " ")})
    html = response.content.decode()
    assert response.status_code == 200 and response.context["complaint"] == complaint
    assert 'data-status="in_progress"' in html and "Sedang ditangani" in html
    assert "Terima kasih, kami sedang memeriksa jadwal asesor." in html
    assert [r.text for r in response.context["responses"]] == ["Terima kasih, kami sedang memeriksa jadwal asesor."]
    assert "Ditelaah" in html and "Penanganan dimulai" in html and "Asesor" in html
    assert [p for p in PERSONAL if p in html] == []


def test_the_decision_is_shown_to_the_complainant(client, handled):
    complaint, code, admin = handled
    services.decide(complaint, admin, "resolve", reason="Asesor diberi teguran tertulis dan tidak lagi ditugaskan.")
    html = client.post("/complaints/track/", {"code": code}).content.decode()
    assert 'data-status="resolved"' in html
    assert "Asesor diberi teguran tertulis dan tidak lagi ditugaskan." in html and "Penyelesaian" in html


@pytest.mark.parametrize(
    "typed",
    ["ADU-7KQ3-MXW9-HTRP-4NBC", "ADU-0000", "hello", "9" * 5000, "ADU-7KQ3-MXW9-HTRP-4NBC\x00", "²", "' OR 1=1 --"],
)
def test_a_wrong_or_malformed_code_shows_the_same_not_found(client, handled, typed):
    reference = client.post("/complaints/track/", {"code": "ADU-2222-2222-2222-2222"})
    response = client.post("/complaints/track/", {"code": typed})
    assert response.status_code == reference.status_code == 200
    assert response.context["complaint"] is None
    assert response.context["form"].errors == {
        "code": ["Tidak ada pengaduan dengan kode pelacakan ini. Periksa kembali seperti tertulis di e-mail Anda."]
    }
    assert _body(response).replace(typed.replace("\x00", ""), "") .count("Tidak ada pengaduan") == 1
    html = _body(response)
    assert [p for p in PERSONAL if p in html] == []
    # Apart from the code echoed in its field, the page is the very same for any wrong code.
    assert re.sub(r'name="code" value="[^"]*"', "", html) == re.sub(r'name="code" value="[^"]*"', "", _body(reference))


def test_tracking_is_rate_limited_so_codes_cannot_be_enumerated(client, handled, settings):
    complaint, code, _admin = handled
    settings.PUBLIC_RATE_LIMIT = "5/m"
    answers = [client.post("/complaints/track/", {"code": f"ADU-2222-2222-2222-222{c}"}).status_code for c in "23456"]
    assert answers == [200] * 5
    refused = client.post("/complaints/track/", {"code": code})  # even the right code, past the rate
    assert refused.status_code == 429 and refused["Retry-After"] == "60"
    assert "Terima kasih" not in refused.content.decode()
    assert client.get("/complaints/track/").status_code == 429
