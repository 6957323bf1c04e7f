"""The public register: certified workers by name or number; public facts only; rate-limited."""

import datetime

import pytest

from portal.accounts.roles import Role

from .helpers import make_credential, make_profile

pytestmark = pytest.mark.django_db


@pytest.fixture
def certified(make_user, reference_data):
    user = make_user(Role.APPLICANT, full_name="Ratna Komalasari")
    profile = make_profile(user, province="32", complete=True, name="Ratna Komalasari",
                           phone="081311112222", address="Jl. Rahasia 7")
    credential = make_credential(user, number="PS-GEN-2024-000101-A", holder_name="Ratna Komalasari")
    return profile, credential


def test_find_a_certified_worker_by_name_without_signing_in(english, certified):
    profile, credential = certified
    make_credential(number="LKS-A-2024-000001-B", holder_name="LKSA Ratna Kasih", kind="lks")  # not a worker
    response = english.get("/register/", {"q": "ratna"})
    assert response.status_code == 200
    assert response.context["results"] == [credential]
    html = response.content.decode()
    for public in ("Ratna Komalasari", "Pekerja Sosial Generalis", "PS-GEN-2024-000101-A", "Jawa Barat", "Valid",
                   "1 Jun 2024", "1 Jun 2029", "LSP Kemensos"):
        assert public in html, public
    for private in (profile.nik, profile.nik[:6], profile.masked_nik, "1990", "081311112222", "Jl. Rahasia",
                    profile.user.email, "Kota Bandung"):
        assert private not in html, private
    assert "LKSA Ratna Kasih" not in html


def test_find_by_certificate_number_in_any_case(client, certified):
    _profile, credential = certified
    assert client.get("/register/", {"q": "ps-gen-2024-000101-a"}).context["results"] == [credential]
    assert client.get("/register/", {"q": "PS-GEN-2024-000101"}).context["results"] == []  # exact numbers only


def test_status_is_what_the_public_must_see(english, make_user, reference_data):
    make_credential(number="PS-GEN-2018-000001-C", holder_name="Budi Lama", valid_until=datetime.date(2023, 1, 1))
    make_credential(number="PS-GEN-2020-000002-D", holder_name="Budi Dicabut", status="revoked")
    html = english.get("/register/", {"q": "budi"}).content.decode()
    assert "Expired" in html and "Revoked" in html


def test_short_queries_ask_for_more(english, certified):
    response = english.get("/register/", {"q": "ra"})
    assert response.context["results"] is None
    assert "Type at least 3 characters" in response.content.decode()


def test_an_empty_page_lists_nobody(client, certified):
    response = client.get("/register/")
    assert response.status_code == 200 and response.context["results"] is None
    assert "Ratna" not in response.content.decode()


def test_past_the_rate_a_client_gets_429(client, settings, certified):
    settings.PUBLIC_RATE_LIMIT = "5/m"
    statuses = [client.get("/register/", {"q": "ratna"}).status_code for _ in range(7)]
    assert statuses == [200] * 5 + [429] * 2
    response = client.get("/register/")
    assert response.status_code == 429 and response["Retry-After"] == "60"


def test_the_landing_page_links_to_the_register(client):
    assert 'href="/register/"' in client.get("/").content.decode()
