"""Complaints in a real browser: a visitor on a phone files a complaint from the footer link and
gets a tracking code; an LSP admin triages it and answers; the visitor reads the answer with the
code, and a stranger's wrong code shows nothing."""

import re

import pytest
from playwright.sync_api import expect

from portal.accounts.roles import Role
from portal.complaints.models import Complaint

from .conftest import PHONE, DESKTOP, shoot, sign_in

pytestmark = pytest.mark.e2e


def test_a_visitor_complains_staff_answer_the_visitor_reads_it(server, page, make_user, settings):
    settings.COMPLAINT_MIN_FILL_SECONDS = 1  # a person takes longer; the browser fills the form at once
    base = server.url
    admin = make_user(Role.LSP_ADMIN, totp=True, full_name="Rina Kartika", email="rina@example.test")

    # A visitor on a phone, from the footer.
    page.set_viewport_size(PHONE)
    page.goto(base + "/")
    page.get_by_test_id("footer-complaint").click()
    expect(page.get_by_role("heading", name="Sampaikan pengaduan")).to_be_visible()
    form = page.get_by_test_id("complaint-form")
    form.get_by_label("Asesor").check()
    form.get_by_label("Siapa atau apa yang diadukan?").fill("Drs. Joko Susilo, asesor uji di Bandung")
    form.get_by_label("Apa yang terjadi?").fill("Asesor meminta uang tambahan sebelum wawancara uji kompetensi pada 3 Maret.")
    form.get_by_label("Nama Anda").fill("Ani Wijayanti")
    form.get_by_label("Alamat e-mail Anda").fill("ani@example.test")
    form.get_by_label(re.compile("Saya setuju portal menyimpan")).check()
    honeypot = form.get_by_test_id("honeypot").bounding_box()  # the honeypot: 1 px, clipped: not there for a person
    assert honeypot["width"] <= 1 and honeypot["height"] <= 1
    shoot(page, "complaints-form")
    page.wait_for_timeout(1100)
    form.get_by_role("button", name="Kirim pengaduan").click()
    expect(page.get_by_role("heading", name="Pengaduan Anda telah diterima")).to_be_visible()
    code = page.get_by_test_id("tracking-code").inner_text().strip()
    assert re.fullmatch(r"ADU(-[2-9A-HJKMNP-TV-Z]{4}){4}", code)
    shoot(page, "complaints-filed")
    complaint = Complaint.objects.get()

    # The code works at once: received, no response yet.
    page.get_by_role("link", name="Lacak pengaduan").click()
    page.get_by_label("Kode pelacakan").fill(code.lower())
    page.get_by_role("button", name="Tampilkan status").click()
    expect(page.get_by_test_id("complaint-status")).to_have_text("Diterima")
    page.context.clear_cookies()

    # The LSP admin triages it to herself and answers the complainant, with an internal note first.
    page.set_viewport_size(DESKTOP)
    sign_in(page, base, admin)
    page.get_by_role("button", name="Sertifikasi").click()  # the top bar's menu of the LSP's pages
    page.get_by_role("link", name="Pengaduan", exact=True).click()
    expect(page.get_by_test_id("complaint-queue")).to_contain_text(complaint.reference)
    shoot(page, "complaints-queue")
    page.get_by_role("link", name=complaint.reference).click()
    page.get_by_label("Kategori").select_option("conduct")
    page.get_by_label("Penangan").select_option(label="Rina Kartika")
    page.get_by_role("button", name="Telaah").click()
    expect(page.get_by_test_id("complaint-status")).to_have_text("Ditelaah")
    page.locator("textarea[name=respond-text]").fill("Cek jadwal asesor 3 Maret.")
    page.get_by_label("Catatan internal (hanya petugas)").check()
    page.get_by_role("button", name="Simpan tanggapan").click()
    page.locator("textarea[name=respond-text]").fill("Terima kasih. Kami memeriksa penugasan asesor tersebut dan akan mengabari Anda.")
    page.get_by_label("Tanggapan untuk pengadu").check()
    page.get_by_role("button", name="Simpan tanggapan").click()
    expect(page.get_by_text("Tanggapan Anda telah dikirim kepada pengadu.")).to_be_visible()
    expect(page.get_by_test_id("complaint-status")).to_have_text("Sedang ditangani")
    shoot(page, "complaints-detail")
    page.context.clear_cookies()

    # The visitor reads the public response only; a stranger's wrong code shows nothing.
    page.set_viewport_size(PHONE)
    page.goto(base + "/complaints/track/")
    page.get_by_label("Kode pelacakan").fill("ADU-2222-3333-4444-5555")
    page.get_by_role("button", name="Tampilkan status").click()
    expect(page.locator(".invalid-feedback")).to_contain_text("Tidak ada pengaduan dengan kode pelacakan ini")
    page.get_by_label("Kode pelacakan").fill(code)
    page.get_by_role("button", name="Tampilkan status").click()
    expect(page.get_by_test_id("complaint-status")).to_have_text("Sedang ditangani")
    expect(page.get_by_test_id("public-response")).to_have_count(1)
    expect(page.get_by_test_id("public-response")).to_contain_text("Kami memeriksa penugasan asesor tersebut")
    progress = page.get_by_test_id("complaint-progress").inner_text()
    for private in ("Cek jadwal", "Rina", "Ani Wijayanti", "ani@example.test", "Joko Susilo", complaint.reference):
        assert private not in page.content()
    assert "Ditelaah" in progress
    shoot(page, "complaints-track")
