"""Signed-in pages are never kept by a cache; the language cookie is as secure as the session's
(issue 13, item 9)."""

import pytest

from portal.accounts.roles import Role

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("role", "path"),
    [(Role.APPLICANT, "/"), (Role.APPLICANT, "/profile/"), (Role.SECRETARIAT, "/workers/"),
     (Role.APPLICANT, "/notifications/"), (Role.LSP_ADMIN, "/credentials/manage/"),
     (Role.BALKS_ADMIN, "/complaints/manage/")],
)
def test_signed_in_pages_are_private_and_not_stored(client, make_user, role, path):
    client.force_login(make_user(role))
    response = client.get(path)
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"


def test_a_visitors_page_is_left_as_it_is(client):
    assert not client.get("/").has_header("Cache-Control")


def test_the_language_cookie_from_the_preferences_is_secure_in_production(client, applicant, settings):
    settings.LANGUAGE_COOKIE_SECURE = True
    client.force_login(applicant)
    response = client.post("/accounts/preferences/", {"full_name": "Siti Aminah", "language": "en"})
    assert response.status_code == 302
    cookie = response.cookies["portal_language"]
    assert cookie.value == "en" and cookie["secure"] is True and cookie["samesite"] == "Lax"
    link = client.get("/i18n/id/?next=/").cookies["portal_language"]
    assert link.value == "id" and link["secure"] is True
