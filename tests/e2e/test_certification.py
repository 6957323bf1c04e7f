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

from .conftest import PHONE, shoot, sign_in

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
    expect(experience.get_by_text("Jalur ini bagi yang berusia 45 tahun ke atas.")).to_be_visible()
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
    for label in ("Diajukan", "Dikembalikan untuk perbaikan", "Diajukan ulang", "Dinyatakan memenuhi syarat"):
        expect(timeline.get_by_text(label, exact=True).first).to_be_visible()
    expect(page.get_by_text("Permohonan Anda lolos seleksi administrasi.")).to_be_visible()
    shoot(page, "cert-status-eligible")
    to_worker = [m.subject for m in mail.outbox if m.to == [worker.email]]
    assert f"Permohonan {application.reference}: mohon diperbaiki" in to_worker
    assert f"Permohonan {application.reference}: Memenuhi syarat" in to_worker


def test_years_short_essays_and_the_steps_on_a_phone(server, page, make_user):
    """Issue 20: the pre-check writes years as Indonesian does (item 3); on a phone the wizard's steps
    have short labels (item 11); an essay below its minimum is kept and said at once, beside the field
    and when saved, and the completeness check lists it (item 6)."""
    reference.load()
    base = server.url
    round_ = open_round(name="Pekerja Sosial Generalis — Gelombang Ponsel")
    worker = make_worker(make_user, years=11.8, full_name="Sari Wulandari", email="sari@example.test")
    sign_in(page, base, worker)
    page.set_viewport_size(PHONE)

    page.goto(f"{base}/rounds/{round_.pk}/check/")
    experience = page.locator("section", has=page.get_by_role("heading", name="Jalur pengalaman"))
    expect(experience).to_contain_text("Dibutuhkan paling sedikit 15 tahun praktik; Anda memiliki 11,8.")
    expect(page.locator("dd", has_text="11,8").first).to_be_visible()
    expect(page.locator("dd", has_text="24.640")).to_be_visible()  # hours grouped as Indonesian groups them
    shoot(page, "cert-precheck-years")
    page.locator("section", has=page.get_by_role("heading", name="Jalur reguler")).get_by_role(
        "button", name="Daftar melalui jalur ini"
    ).click()

    # The steps, each with a short label at 360 px, inside the screen.
    stepper = page.locator("ol.stepper")
    for label in ("Biaya", "Dokumen", "Pengetahuan", "Keterampilan", "Nilai", "Ajukan"):
        expect(stepper.locator(".stepper-short", has_text=label)).to_be_visible()
    expect(stepper.get_by_role("link", name=re.compile("Periksa dan ajukan"))).to_be_visible()  # full name for screen readers
    assert page.evaluate("document.documentElement.scrollWidth") == PHONE["width"]
    for item in stepper.locator(".stepper-short").all():
        assert item.evaluate("el => el.scrollWidth <= el.clientWidth"), item.inner_text()  # not cut off
    shoot(page, "cert-wizard-phone")

    # A short essay: the warning comes as it is typed, and again when it is saved.
    application = Application.objects.get(applicant=worker)
    page.goto(f"{base}/applications/{application.pk}/step/knowledge/")
    first = page.locator("textarea[data-autosave]").first
    warning = page.locator(".essay-short").first
    expect(warning).to_be_hidden()
    first.fill("Saya membantu anak-anak.")
    expect(warning).to_have_text(
        "Belum mencapai batas minimal: 24 dari minimal 300 karakter. Anda boleh menyimpannya sebagai draf; "
        "jawaban ini harus lebih panjang sebelum permohonan diajukan."
    )
    button = page.get_by_role("button", name="Simpan dan lanjut")
    top = "el => el.getBoundingClientRect().top + window.scrollY"  # on the page, wherever it is scrolled
    before = button.evaluate(top)
    areas = page.locator("textarea[data-autosave]")
    for i in range(1, areas.count()):
        areas.nth(i).fill(ESSAY)
    expect(page.locator(".save-state").last).to_contain_text("Tersimpan")
    # Each field's save state has its own line from the start: "Menyimpan…" / "Tersimpan 10:42" appearing as
    # the field loses focus never moves the button a finger is on its way to.
    assert button.evaluate(top) == before
    button.click()
    expect(page.get_by_text(
        "Tersimpan sebagai draf. Sebelum permohonan dapat diajukan: esai pengetahuan 1 terlalu pendek "
        "(24 dari minimal 300 karakter)."
    )).to_be_visible()
    expect(page.get_by_role("heading", name=re.compile("Pengetahuan"))).to_be_visible()  # still on the step
    expect(page.locator(".essay-short").first).to_be_visible()
    shoot(page, "cert-essay-short")
    page.get_by_role("link", name="Lanjut ke langkah berikutnya; lengkapi nanti").click()
    expect(page.get_by_role("heading", name=re.compile("Keterampilan"))).to_be_visible()
    page.goto(f"{base}/applications/{application.pk}/step/review/")
    expect(page.get_by_test_id("missing")).to_contain_text("esai pengetahuan 1 terlalu pendek (24 dari minimal 300 karakter)")
