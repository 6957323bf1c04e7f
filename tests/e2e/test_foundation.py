"""The foundation journey, as a new user does it in a real browser."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from portal.accounts.models import User
from portal.accounts.roles import Role
from tests.factories import PASSWORD, UserFactory

from .conftest import enter_code, login, shoot

pytestmark = pytest.mark.e2e


def test_sign_up_confirm_log_in_and_switch_language(server, page):
    base = server.url
    page.goto(base + "/")
    expect(page.locator("html")).to_have_attribute("lang", "id")
    shoot(page, "landing")
    page.get_by_role("link", name="Buat akun").click()

    # A mistake first: the form comes back with the error beside the field and keeps what was typed.
    page.get_by_label("Nama lengkap (sesuai KTP)").fill("Siti Aminah")
    page.get_by_label("Alamat e-mail").fill("siti@example.test")
    page.get_by_label(re.compile(r"^\s*Kata sandi\s*\*?\s*$")).fill("Kuat-Sekali-2026")
    page.get_by_label("Ulangi kata sandi").fill("Tidak-Sama-2026")
    page.get_by_role("button", name="Daftar").click()
    expect(page.locator(".invalid-feedback")).to_contain_text("Anda harus mengetikkan kata sandi yang sama")
    expect(page.get_by_label("Nama lengkap (sesuai KTP)")).to_have_value("Siti Aminah")
    expect(page.get_by_label("Alamat e-mail")).to_have_value("siti@example.test")
    shoot(page, "signup-error")

    page.get_by_label(re.compile(r"^\s*Kata sandi\s*\*?\s*$")).fill("Kuat-Sekali-2026")
    page.get_by_label("Ulangi kata sandi").fill("Kuat-Sekali-2026")
    page.get_by_role("button", name="Daftar").click()
    expect(page.get_by_role("heading", name="Verifikasi Alamat E-mail Anda")).to_be_visible()

    # The confirmation email, from the test mail outbox.
    assert len(mail.outbox) == 1
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", mail.outbox[0].body).group(0)
    path = link.split("/accounts/", 1)[1]
    page.goto(f"{base}/accounts/{path}")
    page.get_by_role("button", name="Konfirmasi").click()
    expect(page.get_by_role("heading", name=re.compile("Halo, Siti Aminah"))).to_be_visible()

    # Sign out and in again.
    page.get_by_role("button", name="Siti").click()
    page.get_by_role("button", name="Keluar").click()
    login(page, base, "siti@example.test", "Kuat-Sekali-2026")
    expect(page.get_by_role("heading", name=re.compile("Halo, Siti Aminah"))).to_be_visible()
    shoot(page, "dashboard-applicant")

    # English and back; the choice is saved on the account.
    page.get_by_role("button", name="EN", exact=True).click()
    expect(page.get_by_role("heading", name=re.compile("Hello, Siti Aminah"))).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    assert User.objects.get(email="siti@example.test").language == "en"
    page.get_by_role("button", name="ID", exact=True).click()
    expect(page.get_by_role("heading", name=re.compile("Halo, Siti Aminah"))).to_be_visible()
    assert User.objects.get(email="siti@example.test").language == "id"


def test_secretariat_must_enrol_totp_before_the_dashboard(server, page):
    base = server.url
    user = UserFactory(role=Role.SECRETARIAT, full_name="Dewi Lestari", email="dewi@example.test")
    login(page, base, user.email, PASSWORD)
    expect(page).to_have_url(re.compile(r"/accounts/2fa/totp/activate/"))
    page.goto(base + "/")  # the dashboard is not reachable yet
    expect(page).to_have_url(re.compile(r"/accounts/2fa/totp/activate/"))
    shoot(page, "totp-enrol")

    secret = page.locator("#authenticator_secret").input_value()
    page.locator("input[name=code]").fill("000000")
    page.get_by_role("button", name="Aktifkan").click()
    expect(page.locator(".invalid-feedback")).to_be_visible()
    enter_code(page, secret, button=page.get_by_role("button", name="Aktifkan"))

    page.goto(base + "/")
    expect(page.get_by_role("heading", name=re.compile("Halo, Dewi Lestari"))).to_be_visible()
    expect(page.get_by_text("BBPPKS Regional I Padang")).to_be_visible()
    shoot(page, "dashboard-secretariat")

    # The next sign-in asks for the code. Enrolling checked a code without using it up, so the
    # current one is accepted (a code is accepted once at sign-in).
    page.get_by_role("button", name="Dewi").click()
    page.get_by_role("button", name="Keluar").click()
    login(page, base, user.email, PASSWORD, totp_secret=secret)
    expect(page.get_by_role("heading", name=re.compile("Halo, Dewi Lestari"))).to_be_visible()
