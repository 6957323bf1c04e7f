"""The public verification page and API: no login, plain status, nothing private, HTTP caching
(ETag, 304, a short public max-age), a change shown on the very next request, rate-limited."""

import json
import re
from datetime import date, timedelta

import pytest
from django.utils import timezone

from portal.credentials import numbering, public
from portal.credentials.models import Credential
from portal.credentials.pdf import verification_url
from portal.credentials.services import revoke_credential, suspend_credential


@pytest.fixture
def holder(make_user):
    return make_user(full_name="Siti Rahmawati", email="siti.private@example.test")


@pytest.fixture
def credential(issue, holder, reference_data):
    from portal.regions.models import Province

    return issue(holder=holder, province=Province.objects.get(code="32"), issued_on=date(2026, 3, 1))


def test_the_public_page_shows_the_facts_without_login(client, credential):
    response = client.get(f"/verify/{credential.number}/")
    assert response.status_code == 200
    page = response.content.decode()
    assert 'data-status="valid"' in page
    assert "Berlaku" in page  # "Valid", in Indonesian by default
    for fact in (credential.number, "Siti Rahmawati", "Pekerja Sosial Generalis", "LSP Kemensos", "Jawa Barat",
                 "1 Maret 2026", "28 Februari 2031"):
        assert fact in page, fact
    assert response["Cache-Control"] == "public, max-age=60"
    assert response["Vary"] == "Accept-Language, Cookie"
    assert re.fullmatch(r'"[0-9a-f]{32}"', response["ETag"])


def test_nothing_private_in_the_page_or_the_json(client, credential, holder):
    holder.full_name = "Siti Rahmawati"
    page = client.get(f"/verify/{credential.number}/").content.decode()
    api = client.get(f"/api/v1/credentials/{credential.number}/")
    body = api.content.decode()
    for private in (holder.email, "siti.private", "source", credential.source, "holder_id", "email"):
        assert private not in page, private
        assert private not in body, private
    # No NIK (16 digits), no birth date, no account id anywhere.
    assert not re.search(r"\b\d{16}\b", page + body)
    data = api.json()
    assert set(data) == {
        "number", "kind", "holder_name", "subject", "subject_en", "issuer", "province", "issued_on", "valid_until",
        "status", "status_label", "status_reason", "verification_url", "signature",
    }
    assert data["number"] == credential.number
    assert data["holder_name"] == "Siti Rahmawati"
    assert data["status"] == "valid"
    assert data["province"] == "Jawa Barat"
    assert data["issued_on"] == "2026-03-01" and data["valid_until"] == "2031-02-28"
    assert data["verification_url"].endswith(f"/verify/{credential.number}/")
    assert data["signature"] == {"algorithm": "Ed25519", "key_id": credential.key_id, "value": credential.signature}
    assert public.as_json(credential) == data


def test_typed_numbers_are_normalised_and_redirect_to_the_canonical_page(client, credential):
    sloppy = credential.number.lower().replace("-", " ")
    response = client.get(f"/verify/{sloppy}/")
    assert response.status_code == 301 and response["Location"] == f"/verify/{credential.number}/"
    response = client.get("/verify/", {"number": credential.lookup.lower()})
    assert response.status_code == 302 and response["Location"] == f"/verify/{credential.number}/"
    assert client.get(f"/api/v1/credentials/{credential.lookup.lower()}/").json()["number"] == credential.number


def test_a_mistyped_number_is_not_the_same_as_an_unknown_one(client, credential):
    wrong = credential.number[:-1] + ("A" if credential.number[-1] != "A" else "B")
    response = client.get(f"/verify/{wrong}/")
    assert response.status_code == 400
    assert "Nomor salah ketik" in response.content.decode()
    assert response.context["problem"] == "mistyped"
    assert client.get("/verify/", {"number": wrong}).context["problem"] == "mistyped"
    assert client.get(f"/api/v1/credentials/{wrong}/").json()["error"] == "mistyped"

    unknown = numbering.format_number("PS-GEN", 2026, 999)
    response = client.get(f"/verify/{unknown}/")
    assert response.status_code == 404 and response.context["problem"] == "not_found"
    assert response["Cache-Control"] == "private, no-cache"  # issued tomorrow, it shows at once
    assert "Tidak ada sertifikat dengan nomor ini" in response.content.decode()
    api = client.get(f"/api/v1/credentials/{unknown}/")
    assert api.status_code == 404 and api.json()["error"] == "not_found"

    response = client.get("/verify/", {"number": "hello"})
    assert response.status_code == 400 and response.context["problem"] == "invalid"
    assert client.get("/api/v1/credentials/hello/").json()["error"] == "invalid"


def test_a_revoked_credential_shows_revoked_on_the_next_request(client, credential, lsp_admin):
    url = f"/verify/{credential.number}/"
    first = client.get(url)
    assert 'data-status="valid"' in first.content.decode()
    # A cache in front asks again with the ETag: unchanged, 304 without a body.
    unchanged = client.get(url, headers={"if-none-match": first["ETag"]})
    assert unchanged.status_code == 304 and unchanged.content == b""
    assert unchanged["ETag"] == first["ETag"] and unchanged["Cache-Control"] == "public, max-age=60"

    revoke_credential(credential, actor=lsp_admin, reason="Pelanggaran kode etik profesi")
    response = client.get(url, headers={"if-none-match": first["ETag"]})
    assert response.status_code == 200 and response["ETag"] != first["ETag"]
    page = response.content.decode()
    assert 'data-status="revoked"' in page and "Dicabut" in page
    assert "Pelanggaran kode etik profesi" in page
    api = client.get(f"/api/v1/credentials/{credential.number}/").json()
    assert (api["status"], api["status_reason"]) == ("revoked", "Pelanggaran kode etik profesi")


def test_suspended_and_expired_in_plain_words(client, issue, lsp_admin):
    suspended = issue()
    suspend_credential(suspended, actor=lsp_admin, reason="Sedang diperiksa komite etik")
    page = client.get(f"/verify/{suspended.number}/").content.decode()
    assert 'data-status="suspended"' in page and "Dibekukan" in page
    assert "Sedang diperiksa komite etik" not in page  # only a revocation's reason is public
    assert client.get(f"/api/v1/credentials/{suspended.number}/").json()["status_reason"] == ""

    past = issue(issued_on=timezone.localdate() - timedelta(days=6 * 366))
    assert past.status == "valid"  # the periodic task has not run yet: the page says expired anyway
    page = client.get(f"/verify/{past.number}/").content.decode()
    assert 'data-status="expired"' in page and "Kedaluwarsa" in page
    assert client.get(f"/api/v1/credentials/{past.number}/").json()["status"] == "expired"


def test_the_qr_link_shows_that_the_printed_data_is_authentic(client, credential):
    link = verification_url(credential).split("://", 1)[1].split("/", 1)[1]
    response = client.get("/" + link)
    check = response.context["signature_check"]
    assert check["authentic"] and check["matches"]
    assert 'data-authentic="yes"' in response.content.decode()

    forged = ("/" + link).replace("Siti+Rahmawati", "Budi+Santoso")
    response = client.get(forged)
    assert response.context["signature_check"]["authentic"] is False
    assert 'data-authentic="no"' in response.content.decode()
    assert "TIDAK autentik" in response.content.decode()


def test_rate_limited_past_the_public_rate(client, credential, settings):
    settings.PUBLIC_RATE_LIMIT = "3/m"
    url = f"/verify/{credential.number}/"
    assert [client.get(url).status_code for _ in range(3)] == [200, 200, 200]
    response = client.get(url)
    assert response.status_code == 429 and response["Retry-After"] == "60"
    assert response["Cache-Control"] == "max-age=0, no-cache, no-store, must-revalidate, private"
    api = client.get(f"/api/v1/credentials/{credential.number}/")  # the same scope: the page and the API
    assert api.status_code == 429 and api.json()["error"] == "rate_limited"
    assert client.get("/verify/", {"number": credential.number}).status_code == 429


def test_the_published_keys(client, credential):
    data = client.get("/api/v1/keys/").json()
    assert data["algorithm"] == "Ed25519"
    assert data["payload"]["fields"] == ["version", "number", "holder_name", "subject", "issued_on", "valid_until"]
    (key,) = data["keys"]
    assert key["kid"] == credential.key_id and key["active"] is True
    assert key["public_key_pem"].startswith("-----BEGIN PUBLIC KEY-----")


def test_the_search_page_and_the_landing_box(client):
    response = client.get("/verify/")
    assert response.status_code == 200
    assert 'name="number"' in response.content.decode()
    assert "Verifikasi sertifikat" in response.content.decode()


def test_one_query_per_verification_and_none_for_a_304(client, issue, django_assert_num_queries):
    credentials = [issue() for _ in range(3)]
    for c in credentials:
        with django_assert_num_queries(1):  # the credential and its province, by the unique lookup index
            page = client.get(f"/verify/{c.number}/")
        assert page.status_code == 200
        with django_assert_num_queries(1):
            api = client.get(f"/api/v1/credentials/{c.number}/")
        assert api.status_code == 200 and api["Cache-Control"] == "public, max-age=60"
        with django_assert_num_queries(1):
            assert client.get(f"/api/v1/credentials/{c.number}/", headers={"if-none-match": api["ETag"]}).status_code == 304


def test_the_etag_differs_by_language_and_for_a_signed_in_user(client, credential, make_user, settings):
    url = f"/verify/{credential.number}/"
    indonesian = client.get(url)
    english = client.get(url, headers={"accept-language": "en"})
    assert "Valid" in english.content.decode() and indonesian["ETag"] != english["ETag"]
    assert client.get(url, headers={"if-none-match": indonesian["ETag"], "accept-language": "en"}).status_code == 200
    settings.CREDENTIAL_PUBLIC_MAX_AGE = 5
    assert client.get(url)["Cache-Control"] == "public, max-age=5"

    client.force_login(make_user(full_name="Budi Santoso"))
    mine = client.get(url, headers={"if-none-match": indonesian["ETag"]})
    assert mine.status_code == 200 and "Budi" in mine.content.decode()  # the page with their menu
    assert mine["Cache-Control"] == "private, no-cache" and mine["ETag"] != indonesian["ETag"]


def test_an_unknown_number_becomes_a_page_as_soon_as_it_is_issued(client, issue):
    number = numbering.format_number("PS-GEN", timezone.localdate().year, 1)
    assert client.get(f"/verify/{number}/").status_code == 404
    credential = issue()
    assert credential.number == number
    assert client.get(f"/verify/{number}/").status_code == 200


def test_json_is_utf8_with_names_as_written(client, issue):
    credential = issue(holder_name="Ni Luh Putu Ayu Dewi Sékar")
    response = client.get(f"/api/v1/credentials/{credential.number}/")
    assert response["Content-Type"] == "application/json"
    assert "Sékar" in response.content.decode("utf-8")
    assert json.loads(response.content)["holder_name"] == "Ni Luh Putu Ayu Dewi Sékar"


def test_numbers_from_before_the_portal_are_still_found(client, db):
    """Certificates imported from the old system have no check character of ours: typed exactly
    (case, spaces and dashes aside) they are found; anything else is still called mistyped."""
    legacy = Credential.objects.create(
        number="LSPS/2015/0042", lookup="LSPS20150042", kind="worker", holder_name="Ahmad Fauzi",
        subject="Pekerja Sosial Generalis", subject_code="GEN", issuer="LSPS", source="import:2015:42",
        issued_on=date(2015, 6, 1), valid_until=date(2020, 5, 31),
    )
    response = client.get("/verify/", {"number": "lsps 2015 0042"})
    assert response.status_code == 302 and response["Location"] == "/verify/LSPS/2015/0042/"
    page = client.get("/verify/LSPS/2015/0042/")
    assert page.status_code == 200 and 'data-status="expired"' in page.content.decode()
    assert client.get(f"/api/v1/credentials/{legacy.lookup}/").json()["holder_name"] == "Ahmad Fauzi"
    assert client.get("/api/v1/credentials/LSPS20150043/").json()["error"] == "invalid"
    wrong = numbering.format_number("PS-GEN", 2026, 5)[:-1] + "0"
    if numbering.is_valid(numbering.normalise(wrong)):
        wrong = wrong[:-1] + "1"
    assert client.get(f"/api/v1/credentials/{wrong}/").json()["error"] == "mistyped"
