"""After enrolling TOTP the staff user continues to the page they asked for (issue 20, item 9): the
recovery-codes page offered only "Unduh kode" / "Buat kode baru" and `?next=` was lost."""

import re

import pytest
from allauth.mfa.totp.internal.auth import SECRET_SESSION_KEY

from portal.accounts.roles import Role
from tests.e2e.conftest import totp_code

PASSWORD = "Test-Password-2026"
WANTED = "/secretariat/applications/?status=submitted"
CONTINUE = re.compile(r'<a href="([^"]*)" class="btn btn-portal"[^>]*>\s*Lanjut\s*</a>')


def enrol(client, user, wanted):
    assert client.post("/accounts/login/", {"login": user.email, "password": PASSWORD}).status_code == 302
    activate = client.get(wanted)["Location"]
    assert client.get(activate).status_code == 200
    return activate, client.post("/accounts/2fa/totp/activate/", {"code": totp_code(client.session[SECRET_SESSION_KEY])})


@pytest.mark.django_db(transaction=True)  # allauth signals the enrolment on commit, inside the request
def test_the_recovery_codes_page_continues_to_the_page_asked_for(client, make_user):
    user = make_user(Role.SECRETARIAT, totp=False)
    activate, response = enrol(client, user, WANTED)
    assert activate == "/accounts/2fa/totp/activate/?next=%2Fsecretariat%2Fapplications%2F%3Fstatus%3Dsubmitted"
    assert (response.status_code, response["Location"]) == (
        302, "/accounts/2fa/recovery-codes/?next=%2Fsecretariat%2Fapplications%2F%3Fstatus%3Dsubmitted",
    )
    page = client.get(response["Location"]).content.decode()
    assert CONTINUE.findall(page) == [WANTED]
    assert "Unduh kode" in page and "Buat kode baru" in page  # allauth's page, extended
    assert client.get(WANTED).status_code == 200


@pytest.mark.django_db(transaction=True)
def test_a_destination_on_another_site_is_not_kept(client, make_user):
    user = make_user(Role.ASSESSOR, totp=False)
    assert client.post("/accounts/login/", {"login": user.email, "password": PASSWORD}).status_code == 302
    assert client.get("/accounts/2fa/totp/activate/?next=https://evil.example/").status_code == 200
    response = client.post("/accounts/2fa/totp/activate/", {"code": totp_code(client.session[SECRET_SESSION_KEY])})
    assert response["Location"] == "/accounts/2fa/recovery-codes/"
    assert CONTINUE.findall(client.get(response["Location"]).content.decode()) == []
    assert CONTINUE.findall(client.get("/accounts/2fa/recovery-codes/?next=//evil.example/").content.decode()) == []
