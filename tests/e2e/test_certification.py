"""Issue 4 in a real browser: announcement → pre-check → wizard with uploads → submit → revision of one
document → fix → eligible → timeline and emails."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from certification import reference
from certification.models import Application
from portal.accounts.roles import Role
from portal.regions.models import RegionalOffice
from tests.certification.helpers import ESSAY, PDF, make_worker, open_round, png

from .conftest import shoot, sign_in

pytestmark = pytest.mark.e2e


def pdf_file(name):
    return {"name": name, "mimeType": "application/pdf", "buffer": PDF}


def test_apply_revise_and_become_eligible(server, page, make_user):
    reference.load()
    base = server.url
    round_ = open_round(name="Pekerja Sosial Generalis — Gelombang Uji")
    worker = make_worker(make_user, full_name="Rina Marlina", email="rina@example.test")
    secretariat = make_user(
        Role.SECRETARIAT, full_name="Dewi Lestari", email="dewi@example.test",
        regional_office=RegionalOffice.objects.get(code="II"),
    )

    # Announcement, public.
    page.goto(base + "/rounds/")
    expect(page.get_by_role("heading", name="Gelombang sertifikasi")).to_be_visible()
    shoot(page, "cert-rounds")
    page.get_by_role("link", name="Rincian dan kelayakan").click()
    expect(page.get_by_role("heading", name=round_.name)).to_be_visible()
    shoot(page, "cert-round-detail")

    # Pre-check after signing in.
    sign_in(page, base, worker)
    page.goto(f"{base}/rounds/{round_.pk}/check/")
    standard = page.locator("section", has=page.get_by_role("heading", name="Jalur reguler"))
    expect(standard.get_by_text("Memenuhi syarat", exact=True)).to_be_visible()
    experience = page.locator("section", has=page.get_by_role("heading", name="Jalur pengalaman"))
    expect(experience.get_by_text("Jalur ini untuk yang berusia 45 tahun atau lebih.")).to_be_visible()
    shoot(page, "cert-precheck")
    standard.get_by_role("button", name="Daftar melalui jalur ini").click()

    # Wizard: funding.
    expect(page.get_by_role("heading", name="Siapa yang membiayai sertifikasi?")).to_be_visible()
    page.get_by_label("Anggaran Dinas Sosial").check()
    page.get_by_role("button", name="Simpan dan lanjut").click()
    expect(page.locator("#id_funding_note")).to_have_class(re.compile("is-invalid"))
    page.locator("#id_funding_note").fill("Dinas Sosial Provinsi Jawa Barat")
    page.get_by_role("button", name="Simpan dan lanjut").click()

    # Documents: a wrong file first, then each document (the progress bar path, via JS).
    expect(page.get_by_role("heading", name="Dokumen portofolio")).to_be_visible()
    cards = page.locator(".doc-card")
    first = cards.first
    first.locator("input[type=file]").set_input_files({"name": "cv.pdf", "mimeType": "application/pdf", "buffer": b"MZ\x90\x00 not a pdf"})
    first.get_by_role("button", name="Unggah").click()
    expect(first.locator(".upload-error")).to_contain_text("bukan berkas PDF, JPEG, atau PNG")
    for index in range(cards.count()):
        card = cards.nth(index)
        title = card.locator("h3").inner_text()
        if "opsional" in title:
            continue
        if "Pas foto" in title:
            card.locator("input[type=file]").set_input_files({"name": "foto.png", "mimeType": "image/png", "buffer": png()})
        else:
            card.locator("input[type=file]").set_input_files(pdf_file(f"dokumen-{index}.pdf"))
        card.get_by_role("button", name="Unggah").click()
        expect(page.locator(".doc-card").nth(index).get_by_text("Diunggah", exact=True)).to_be_visible()
    shoot(page, "cert-documents")
    page.get_by_role("link", name="Lanjut").click()

    # Essays: autosave keeps what is typed; a counter shows the length.
    for area_heading in ("Pengetahuan", "Keterampilan", "Nilai"):
        expect(page.get_by_role("heading", name=re.compile(area_heading))).to_be_visible()
        areas = page.locator("textarea[data-autosave]")
        for i in range(areas.count()):
            areas.nth(i).fill(ESSAY)
        expect(page.locator(".save-state").first).to_contain_text("Tersimpan")
        if area_heading == "Pengetahuan":
            shoot(page, "cert-essays")
        page.get_by_role("button", name="Simpan dan lanjut").click()

    # Review and submit.
    expect(page.get_by_role("heading", name="Periksa dan ajukan")).to_be_visible()
    expect(page.get_by_test_id("missing")).to_have_count(0)
    shoot(page, "cert-review")
    page.get_by_role("button", name="Ajukan permohonan").click()
    expect(page.get_by_text("Permohonan Anda telah diajukan.")).to_be_visible()
    application = Application.objects.get(applicant=worker)
    assert application.status == "submitted"

    # The secretariat asks for a revision of the diploma.
    page.context.clear_cookies()
    sign_in(page, base, secretariat)
    page.goto(base + "/secretariat/applications/")
    shoot(page, "cert-queue")
    page.get_by_role("link", name="Rina Marlina").click()
    shoot(page, "cert-verify")
    ijazah = page.locator("article.review-item", has=page.get_by_role("heading", name="Ijazah"))
    ijazah.get_by_role("textbox").fill("Ijazah buram, mohon unggah pindaian yang jelas")
    ijazah.get_by_role("button", name="Perlu perbaikan").click()
    page.get_by_role("button", name="Terima semua butir yang belum diperiksa").click()
    page.locator("#id_action").select_option("return_for_revision")
    page.locator("#id_note").fill("Mohon perbaiki ijazah")
    page.get_by_role("button", name="Konfirmasi").click()
    expect(page.get_by_role("heading", name="Antrean verifikasi")).to_be_visible()

    # The applicant fixes it.
    page.context.clear_cookies()
    sign_in(page, base, worker)
    page.goto(f"{base}/applications/{application.pk}/")
    expect(page.get_by_text("Ijazah — Ijazah buram, mohon unggah pindaian yang jelas")).to_be_visible()
    shoot(page, "cert-revision-requested")
    page.get_by_role("link", name="Perbaiki permohonan saya").click()
    card = page.locator(".doc-card", has=page.get_by_role("heading", name="Ijazah"))
    card.locator("input[type=file]").set_input_files(pdf_file("ijazah-jelas.pdf"))
    card.get_by_role("button", name="Ganti").click()
    expect(page.locator(".doc-card", has=page.get_by_role("heading", name="Ijazah")).get_by_role("link", name="ijazah-jelas.pdf")).to_be_visible()
    assert page.locator(".doc-card", has=page.get_by_role("heading", name="Transkrip nilai")).get_by_role("button").count() == 0
    page.goto(f"{base}/applications/{application.pk}/step/review/")
    page.get_by_role("button", name="Ajukan ulang").click()
    expect(page.get_by_text("Permohonan Anda telah diajukan.")).to_be_visible()

    # The secretariat declares it eligible.
    page.context.clear_cookies()
    sign_in(page, base, secretariat)
    page.goto(f"{base}/secretariat/applications/{application.pk}/")
    ijazah = page.locator("article.review-item", has=page.get_by_role("heading", name="Ijazah"))
    ijazah.get_by_role("button", name="Terima").click()
    page.locator("#id_action").select_option("declare_eligible")
    page.get_by_role("button", name="Konfirmasi").click()
    expect(page.get_by_role("heading", name="Antrean verifikasi")).to_be_visible()

    # The applicant sees the timeline, and got both emails.
    page.context.clear_cookies()
    sign_in(page, base, worker)
    page.goto(f"{base}/applications/{application.pk}/")
    timeline = page.locator(".timeline")
    for label in ("Ajukan", "Kembalikan untuk perbaikan", "Ajukan ulang", "Nyatakan memenuhi syarat"):
        expect(timeline.get_by_text(label, exact=True).first).to_be_visible()
    expect(page.get_by_text("Permohonan Anda lolos seleksi administrasi.")).to_be_visible()
    shoot(page, "cert-status-eligible")
    to_worker = [m.subject for m in mail.outbox if m.to == [worker.email]]
    assert f"Permohonan {application.reference}: mohon diperbaiki" in to_worker
    assert f"Permohonan {application.reference}: Memenuhi syarat" in to_worker
