"""The second factor on every way into a session (issue 13, item 1).

Before: the admin's own sign-in form logged a TOTP-enrolled LSP admin in with the password alone,
without any attempt limit, and the MFA middleware only checked that an authenticator existed.
"""

import pytest
from allauth.mfa.totp.internal.auth import SECRET_SESSION_KEY

from portal.accounts.roles import Role
from tests.e2e.conftest import totp_code

pytestmark = pytest.mark.django_db

PASSWORD = "Test-Password-2026"
MFA_ROLES = [Role.SECRETARIAT, Role.ASSESSOR, Role.LSP_ADMIN, Role.BALKS_ADMIN]


@pytest.mark.parametrize("role", [Role.LSP_ADMIN, Role.BALKS_ADMIN])
def test_the_admin_login_form_sends_to_allauths_sign_in(client, make_user, role):
    user = make_user(role, is_staff=True, is_superuser=True)
    response = client.post("/admin/login/?next=/admin/", {"username": user.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=%2Fadmin%2F"
    assert "_auth_user_id" not in client.session
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"] == "/admin/login/?next=/admin/"


def test_thirty_wrong_admin_passwords_open_nothing_and_allauth_limits_them(client, make_user):
    user = make_user(Role.LSP_ADMIN, is_staff=True)
    for _ in range(30):
        response = client.post("/admin/login/", {"username": user.email, "password": "wrong"})
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    # The form that is left (allauth's) refuses after a few failures for the account.
    client.cookies["portal_language"] = "en"
    texts = [
        client.post("/accounts/login/", {"login": user.email, "password": "wrong"}).content.decode()
        for _ in range(6)
    ]
    assert "Too many failed login attempts. Try again later." in texts[-1]


@pytest.mark.parametrize("role", MFA_ROLES)
def test_a_session_opened_without_the_second_factor_is_ended(client, make_user, role):
    user = make_user(role, is_staff=True)
    assert client.login(email=user.email, password=PASSWORD)  # Django's own login(): password only
    for path in ("/", "/accounts/2fa/recovery-codes/", "/admin/"):
        response = client.get(path)
        assert "_auth_user_id" not in client.session, path
        assert response.status_code == 302, path
        assert response["Location"].startswith(("/accounts/login/", "/admin/login/")), path
        assert client.login(email=user.email, password=PASSWORD)


@pytest.mark.parametrize("role", [Role.LSP_ADMIN, Role.SECRETARIAT])
def test_password_then_totp_opens_the_portal_and_the_admin(client, make_user, role):
    user = make_user(role, is_staff=True, is_superuser=True)
    response = client.post("/accounts/login/?next=/admin/", {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302 and response["Location"].startswith("/accounts/2fa/authenticate/")
    assert "_auth_user_id" not in client.session
    assert client.get("/").status_code == 200 and "_auth_user_id" not in client.session
    response = client.post("/accounts/2fa/authenticate/", {"code": totp_code(user.totp_secret)})
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200
    assert client.get("/").status_code == 200


@pytest.mark.django_db(transaction=True)  # allauth signals the enrolment on commit, inside the request
def test_enrolling_totp_counts_as_passing_it(client, make_user):
    user = make_user(Role.ASSESSOR, totp=False)
    response = client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/")["Location"].startswith("/accounts/2fa/totp/activate/")
    assert client.get("/accounts/2fa/totp/activate/").status_code == 200
    secret = client.session[SECRET_SESSION_KEY]
    response = client.post("/accounts/2fa/totp/activate/", {"code": totp_code(secret)})
    assert response.status_code == 302
    assert user.authenticator_set.filter(type="totp").count() == 1
    assert client.get("/").status_code == 200  # not sent back to sign in
    assert client.session["_auth_user_id"] == str(user.pk)


def test_applicants_are_not_asked_for_a_second_factor(client, make_user):
    user = make_user(Role.APPLICANT)
    assert client.login(email=user.email, password=PASSWORD)
    assert client.get("/").status_code == 200
    assert client.session["_auth_user_id"] == str(user.pk)


def test_wrong_passwords_from_elsewhere_do_not_lock_a_staff_member_out_of_a_known_browser(make_user, settings):
    """Issue 13 item 9: five wrong passwords for anyone's email locked that account for 5 minutes.
    The per-account limit stays for unknown browsers; a browser where the account signed in
    completely (password + TOTP) before is still let in with the right password and code."""
    from tests.auth import Client

    user = make_user(Role.SECRETARIAT)
    staff, attacker, stranger = Client(), Client(), Client()
    staff.cookies["portal_language"] = attacker.cookies["portal_language"] = stranger.cookies["portal_language"] = "en"
    staff.post("/accounts/login/", {"login": user.email, "password": PASSWORD})
    response = staff.post("/accounts/2fa/authenticate/", {"code": totp_code(user.totp_secret)})
    assert response.status_code == 302 and "portal_device" in response.cookies
    staff.post("/accounts/logout/")  # signing out keeps the browser's cookies (Client.logout would not)
    assert "_auth_user_id" not in staff.session

    for i in range(6):
        attacker.post("/accounts/login/", {"login": user.email, "password": "wrong"}, REMOTE_ADDR=f"203.0.113.{i}")
    refused = stranger.post("/accounts/login/", {"login": user.email, "password": PASSWORD}, REMOTE_ADDR="198.51.100.1")
    assert "Too many failed login attempts. Try again later." in refused.content.decode()

    response = staff.post("/accounts/login/", {"login": user.email, "password": PASSWORD}, REMOTE_ADDR="198.51.100.2")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/2fa/authenticate/")
    # A code is accepted once: the next time step's code, as the authenticator app shows it 30 s later.
    settings.MFA_TOTP_TOLERANCE = 1
    import time

    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    counter = int(time.time()) // 30 + 1
    response = staff.post("/accounts/2fa/authenticate/", {"code": format_hotp_value(hotp_value(user.totp_secret, counter))})
    assert response.status_code == 302 and staff.session["_auth_user_id"] == str(user.pk)


def test_a_forged_known_device_cookie_counts_for_nothing(client, make_user):
    user = make_user(Role.SECRETARIAT)
    client.cookies["portal_language"] = "en"
    client.cookies["portal_device"] = str(user.pk)  # not signed by the portal
    for _ in range(5):
        client.post("/accounts/login/", {"login": user.email, "password": "wrong"})
    refused = client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})
    assert "Too many failed login attempts. Try again later." in refused.content.decode()
