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
    page.get_by_role("button", name="Data pribadi", exact=True).click()
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


def test_the_officer_records_a_breach_finds_the_people_and_notifies_them(server, page, make_user, client):
    """Issue 17 item 4: a misused secretariat account opened a worker's full profile; the officer
    records the incident, finds the worker in the audit trail, notes the authority's notification,
    sends the notice and marks the breach notified; the worker reads the notice."""
    from datetime import timedelta

    from django.utils import timezone

    base = server.url
    person = make_worker(make_user, full_name="Siti Aminah")
    misused = region_secretariat(make_user)
    client.force_login(misused)
    assert client.get(f"/workers/{WorkerProfile.objects.get(user=person).pk}/").status_code == 200
    officer = make_user(Role.DPO, full_name="Maya Putri")
    local = lambda moment: timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")  # noqa: E731

    page.set_viewport_size(DESKTOP)
    sign_in(page, base, officer)
    page.get_by_role("button", name="Data pribadi", exact=True).click()
    page.get_by_role("link", name="Register pelanggaran data").click()
    page.get_by_role("link", name="Catat insiden").click()
    page.get_by_label("Apa yang terjadi, dalam satu baris").fill("Akun sekretariat dipakai orang lain")
    page.get_by_label("Apa yang terjadi dan bagaimana").fill("Kata sandi staf bocor; akunnya membuka profil pekerja sosial.")
    page.get_by_label("Identitas, termasuk NIK").check()
    page.get_by_label("Data kontak").check()
    page.get_by_label("Data siapa").fill("Pekerja sosial yang profilnya dibuka akun itu.")
    page.locator("#id_discovered_at").fill(local(timezone.now() + timedelta(days=1)))
    page.get_by_label("Bagaimana diketahui").fill("Staf melaporkan sesi masuk yang tidak dikenalnya.")
    page.get_by_label("Langkah yang diambil").fill("Kata sandi diganti dan semua sesi diakhiri.")
    page.get_by_role("button", name="Catat insidennya").click()
    expect(page.get_by_text("Ini di masa depan.")).to_be_visible()  # kept, with the error beside the field
    expect(page.get_by_label("Apa yang terjadi, dalam satu baris")).to_have_value("Akun sekretariat dipakai orang lain")
    page.locator("#id_discovered_at").fill(local(timezone.now() - timedelta(hours=2)))
    page.get_by_role("button", name="Catat insidennya").click()
    expect(page.get_by_text("dicatat. Beri tahu orang yang terdampak dan lembaga paling lambat")).to_be_visible()
    expect(page.get_by_test_id("clock")).to_contain_text("sisa")
    shoot(page, "privacy-breach-recorded")

    page.get_by_label("Akun yang disalahgunakan (e-mail)").fill(misused.email)
    page.locator("#id_since").fill(local(timezone.now() - timedelta(hours=1)))
    page.locator("#id_until").fill(local(timezone.now() + timedelta(hours=1)))
    page.get_by_role("button", name="Temukan orangnya").click()
    expect(page.get_by_test_id("trace-preview")).to_contain_text("Siti Aminah")
    expect(page.get_by_test_id("trace-summary")).to_contain_text("menyentuh data 1 orang")
    shoot(page, "privacy-breach-trace")
    page.get_by_role("button", name="Tambahkan 1 orang ini ke daftar").click()
    expect(page.get_by_test_id("affected")).to_contain_text(person.email)

    page.locator("#id_authority_notified_at").fill(local(timezone.now() - timedelta(minutes=1)))
    page.get_by_label("Kepada siapa dan bagaimana").fill("Surat No. 12/PDP/XII/2026 kepada lembaga pelindungan data pribadi")
    page.locator("#authority").get_by_role("button", name="Simpan").click()
    expect(page.get_by_text("Pemberitahuan kepada lembaga sudah dicatat.")).to_be_visible()
    expect(page.get_by_label("Pemberitahuan dalam bahasa Indonesia")).to_contain_text("Kata sandi diganti")
    page.get_by_role("button", name="Kirim pemberitahuan kepada 1 orang").click()
    expect(page.get_by_text("Pemberitahuan dikirim kepada 1 orang.")).to_be_visible()
    page.get_by_role("button", name="Tandai sudah diberitahukan").click()
    expect(page.locator(".status-badge")).to_have_text("Sudah diberitahukan")
    shoot(page, "privacy-breach-notified")
    page.get_by_role("button", name="Data pribadi", exact=True).click()
    page.get_by_role("link", name="Log akses").click()
    expect(page.get_by_test_id("access-log")).to_contain_text(misused.email)
    shoot(page, "privacy-access-log")

    page.context.clear_cookies()
    page.set_viewport_size(PHONE)
    sign_in(page, base, person)
    page.goto(base + "/notifications/")
    expect(page.get_by_text("Pemberitahuan tentang data pribadi Anda: insiden INS-")).to_be_visible()
    expect(page.get_by_text("Kata sandi staf bocor; akunnya membuka profil pekerja sosial.")).to_be_visible()
    shoot(page, "privacy-breach-notice")
