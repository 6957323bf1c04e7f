"""Issue 17 item 3 in a real browser: a person opens "Data pribadi saya" at 360 px, sees who opened
their profile, downloads their data as PDF and JSON, and asks for a correction; the data protection
officer answers it at 1280 px; the person reads the answer."""

import json

import pytest
from playwright.sync_api import expect

from portal.accounts.roles import Role
from registry.models import WorkerProfile
from tests.certification.helpers import make_worker
from tests.assessment.helpers import region_secretariat

from .conftest import DESKTOP, PHONE, shoot, sign_in

pytestmark = pytest.mark.e2e


def test_a_person_takes_their_data_and_asks_for_a_correction(server, page, make_user, client):
    base = server.url
    person = make_worker(make_user, full_name="Siti Aminah")
    profile = WorkerProfile.objects.get(user=person)
    secretariat = region_secretariat(make_user)
    client.force_login(secretariat)
    assert client.get(f"/workers/{profile.pk}/").status_code == 200  # staff opened the full profile
    officer = make_user(Role.DPO, full_name="Maya Putri")

    page.set_viewport_size(PHONE)
    sign_in(page, base, person)
    page.goto(base + "/profile/")
    page.get_by_role("link", name="Data pribadi saya").first.click()
    expect(page.get_by_role("heading", name="Data pribadi saya")).to_be_visible()
    history = page.get_by_test_id("processing-history")
    expect(history).to_contain_text("Membuka profil lengkap Anda")
    expect(history).to_contain_text(secretariat.email)
    with page.expect_download() as download:
        page.get_by_role("link", name="Unduh JSON (untuk sistem lain)").click()
    data = json.loads(open(download.value.path()).read())
    assert data["worker_profile"]["full_name"] == "Siti Aminah"
    with page.expect_download() as download:
        page.get_by_role("link", name="Unduh PDF (untuk dibaca)").click()
    assert open(download.value.path(), "rb").read(5) == b"%PDF-"

    # A request with too little said keeps what was typed, with the error beside the field.
    page.get_by_label("Perbaiki data saya").check()
    page.get_by_label("Tentang apa").fill("salah")
    page.get_by_role("button", name="Kirim permintaan").click()
    expect(page.get_by_text("Tuliskan dalam satu kalimat apa yang Anda minta.")).to_be_visible()
    expect(page.get_by_label("Tentang apa")).to_have_value("salah")
    page.get_by_label("Tentang apa").fill("Tempat lahir saya tertulis Bandung, seharusnya Cimahi.")
    page.get_by_role("button", name="Kirim permintaan").click()
    expect(page.get_by_text("sudah diterima; dijawab paling lambat")).to_be_visible()
    shoot(page, "privacy-my-data")

    page.context.clear_cookies()
    page.set_viewport_size(DESKTOP)
    sign_in(page, base, officer)
    page.goto(base + "/")
    page.get_by_role("link", name="Permintaan data pribadi").first.click()
    shoot(page, "privacy-requests")
    page.locator("main a.fw-semibold").first.click()
    expect(page.get_by_text("Tempat lahir saya tertulis Bandung, seharusnya Cimahi.")).to_be_visible()
    page.get_by_label("Selesai: jawab pemohon").check()
    page.get_by_label("Jawaban untuk pemohon").fill("Tempat lahir sudah diperbaiki menjadi Cimahi.")
    page.get_by_role("button", name="Konfirmasi").click()
    expect(page.get_by_text("Sudah dijawab; Siti Aminah diberi tahu.")).to_be_visible()
    shoot(page, "privacy-request-answered")

    page.context.clear_cookies()
    page.set_viewport_size(PHONE)
    sign_in(page, base, person)
    page.goto(base + "/my-data/")
    expect(page.get_by_text("Tempat lahir sudah diperbaiki menjadi Cimahi.")).to_be_visible()
    shoot(page, "privacy-my-data-answered")
