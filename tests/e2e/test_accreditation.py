"""Issue 8 in a real browser: an operator registers an LKS and submits its self-assessment; the
secretariat returns one item, then accepts and schedules the visitation; two assessors score on a phone
(360 px, one answer given offline) and the lead reconciles; the BALKS plenary confirms B; the
certificate verifies publicly with 3 years' validity."""

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.apps import apps
from django.utils import timezone
from playwright.sync_api import expect

from accreditation import instrument, reference
from accreditation.models import Accreditation, Institution, InstrumentVersion, VisitScore
from portal.accounts.roles import Role
from portal.credentials.services import add_years
from portal.regions.models import RegionalOffice
from tests.accreditation.helpers import PDF, draft, make_assessor, png_bytes

from .conftest import PHONE, allow_codes, shoot, sign_in

pytestmark = pytest.mark.e2e

#: A compact published instrument (version 2): one indicator per standard, 5.1 may be "not applicable".
COMPACT = [
    (1, "Program Pelayanan", "", [("1.1", "1", False, "LKS memiliki rencana program tahunan.", "Rencana program tahunan.", ("Tidak ada.", "Sebagian.", "Lengkap.", "Lengkap dan dievaluasi."))]),
    (2, "Proses Pelayanan", "", [("2.1", "1", False, "Asesmen individual dilakukan pekerja sosial.", "Contoh berkas asesmen.", ("Tidak.", "Sebagian.", "Semua.", "Semua dan diperbarui."))]),
    (3, "Manajemen Organisasi", "", [("3.1", "1", False, "Laporan keuangan tahunan disusun.", "", ("Tidak ada.", "Pembukuan saja.", "Ada laporan.", "Diaudit."))]),
    (4, "Sumber Daya Manusia", "", [("4.1", "1", False, "Pekerja sosial sesuai rasio.", "Daftar pekerja sosial.", ("Tidak ada.", "Kurang.", "Mendekati.", "Memenuhi."))]),
    (5, "Sarana dan Prasarana", "", [("5.1", "1", True, "Asrama sesuai kapasitas.", "Foto asrama.", ("Padat.", "Sesuai.", "Terpisah.", "Privasi terjaga."))]),
    (6, "Hasil Pelayanan", "", [("6.1", "1", False, "Perubahan keberfungsian sosial terukur.", "Laporan evaluasi.", ("Tidak diukur.", "Dicatat.", "Diukur.", "Dipakai untuk perbaikan."))]),
]


#: The indicator codes look like decimals ("1.1"): the number check lets these through.
CODES = [indicator[0] for _number, _name, _text, rows in COMPACT for indicator in rows]


def pdf(name):
    return {"name": name, "mimeType": "application/pdf", "buffer": PDF}


def compact_instrument():
    reference.load()
    version = InstrumentVersion.objects.create(number=2, title="Instrumen ringkas")
    reference.build(apps, version, reference.SCALE, reference.GRADES, COMPACT)
    return instrument.publish(version)


def card(page, code):
    return page.locator("article", has=page.locator(".acc-code", has_text=re.compile(rf"^{re.escape(code)}$")))


def test_lks_accreditation_from_registration_to_public_verification(server, page, make_user):
    base = server.url
    compact_instrument()
    operator = make_user(Role.LKS_OPERATOR, full_name="Budi Santoso", email="budi@example.test")
    region_ii = RegionalOffice.objects.get(code="II")
    desk = make_user(Role.SECRETARIAT, full_name="Dewi Lestari", email="dewi@example.test", regional_office=region_ii)
    lead = make_assessor(make_user, full_name="Dr. Ahmad Fauzi", email="ahmad@example.test", institution="Universitas Padjadjaran")
    member = make_assessor(make_user, full_name="Dra. Maria Ulfah", email="maria@example.test", institution="Universitas Indonesia")
    conflicted = make_assessor(
        make_user, full_name="Rudi Hartono", email="rudi@example.test", institution="Yayasan Cahaya Bunda",
    )
    balks = make_user(Role.BALKS_ADMIN, full_name="Hendra Wijaya", email="hendra@example.test")
    allow_codes(page, CODES)

    # 1. The operator registers the LKS (a mistake first: the NPWP is too short; no file is kept, they are chosen again).
    sign_in(page, base, operator)
    expect(page.get_by_role("link", name="Daftarkan LKS").first).to_be_visible()  # the dashboard panel
    page.goto(base + "/lks/new/")
    page.locator("#id_name").fill("LKSA Cahaya Bunda")
    page.locator("#id_legal_entity_name").fill("Yayasan Cahaya Bunda")
    page.get_by_label("Yayasan", exact=True).check()
    page.get_by_label("Anak (LKSA)").check()
    page.locator("#id_province").select_option(label="Jawa Barat")
    page.locator("#id_regency").fill("Kota Bandung")
    page.locator("#id_address").fill("Jl. Cihampelas No. 5, Coblong")
    page.locator("#id_postal_code").fill("40131")
    page.locator("#id_phone").fill("022 2034567")
    page.locator("#id_leader_name").fill("Dra. Nur Aini")
    page.locator("#id_capacity").fill("60")
    page.locator("#id_beneficiaries").fill("48")
    for key, number, day in (
        ("deed", "17", "2012-04-02"), ("decree", "AHU-0001234.AH.01.04.Tahun 2012", "2012-06-01"),
        ("registration", "460/55/LKS", "2016-02-10"), ("licence", "503/IZOP/2016", "2016-03-01"),
    ):
        page.locator(f"#id_{key}_number").fill(number)
        page.locator(f"#id_{key}_date").fill(day)
        page.locator(f"#id_{key}_file").set_input_files(pdf(f"{key}.pdf"))
    page.locator("#id_npwp").fill("01.234.567")
    page.locator("#id_npwp_file").set_input_files(pdf("npwp.pdf"))
    page.get_by_role("button", name="Daftarkan LKS").click()
    expect(page.locator("#id_npwp_error")).to_contain_text("NPWP terdiri atas 15 digit")
    expect(page.get_by_test_id("form-errors")).to_contain_text("pilih berkasnya lagi")
    expect(page.locator("#id_name")).to_have_value("LKSA Cahaya Bunda")
    shoot(page, "accreditation-register-error")
    page.locator("#id_npwp").fill("01.234.567.8-901.000")
    for key in ("deed", "decree", "registration", "licence", "npwp"):
        page.locator(f"#id_{key}_file").set_input_files(pdf(f"{key}.pdf"))
    page.get_by_role("button", name="Daftarkan LKS").click()
    expect(page.get_by_role("heading", name="LKSA Cahaya Bunda")).to_be_visible()
    institution = Institution.objects.get(name="LKSA Cahaya Bunda")
    assert institution.npwp == "012345678901000" and institution.deed_document.original_name == "deed.pdf"

    # Staff: one social worker.
    page.get_by_role("link", name="Staf", exact=True).first.click()
    page.locator("#id_full_name").fill("Rina Marlina, S.Tr.Sos.")
    page.locator("#id_position").fill("Pekerja sosial")
    page.locator("#id_role").select_option("social_worker")
    page.get_by_role("button", name="Tambah", exact=True).click()
    expect(page.get_by_text("Rina Marlina, S.Tr.Sos. ditambahkan.")).to_be_visible()
    page.goto(f"{base}/lks/{institution.pk}/")
    expect(page.get_by_test_id("ratio")).to_have_text("1 : 48")
    shoot(page, "accreditation-lks")

    # 2. The self-assessment: each standard, saved as it is given.
    page.get_by_role("button", name="Mulai akreditasi (penilaian mandiri)").click()
    expect(page.get_by_role("heading", name=re.compile("Akreditasi AKR-"))).to_be_visible()
    accreditation = Accreditation.objects.get(institution=institution)
    assert accreditation.snapshot["version"] == 2
    page.get_by_role("link", name="1. Program Pelayanan").click()
    for code, choice in (("1.1", "3"), ("2.1", "3"), ("3.1", "3"), ("4.1", "3"), ("5.1", "na"), ("6.1", "4")):
        box = card(page, code)
        if choice == "na":
            box.get_by_label("Tidak berlaku bagi LKS ini").check()
        else:
            box.locator(f"input[type=radio][value='{choice}']").check()
        expect(box.locator(".save-state")).to_contain_text("Tersimpan")
        box.locator("textarea").fill(f"Penjelasan indikator {code}.")
        expect(box.locator(".save-state")).to_contain_text("Tersimpan")
        if code == "1.1":
            shoot(page, "accreditation-self-assessment")
        if choice != "na" and box.locator("input[type=file]").count():
            box.locator("input[type=file]").set_input_files(pdf(f"bukti-{code}.pdf"))
            box.get_by_role("button", name="Unggah").click()
            expect(card(page, code).get_by_role("link", name=f"bukti-{code}.pdf")).to_be_visible()
        if code != "6.1":
            page.get_by_role("link", name="Standar berikutnya").click()
    page.get_by_role("link", name="Rekomendasi dan pengajuan").click()
    expect(page.get_by_test_id("percent")).to_have_text("100%")
    expect(page.get_by_test_id("missing")).to_contain_text("surat rekomendasi Dinas Sosial")
    page.locator("#id_number").fill("460/215/Dinsos")
    page.locator("#id_date").fill((timezone.localdate() - timedelta(days=7)).isoformat())
    page.locator("#id_issuer").fill("Dinas Sosial Kota Bandung")
    page.locator("#id_file").set_input_files(pdf("rekomendasi-dinsos.pdf"))
    page.get_by_role("button", name="Simpan rekomendasi").click()
    expect(page.get_by_text("Penilaian mandiri sudah lengkap.")).to_be_visible()
    shoot(page, "accreditation-ready-to-submit")
    page.get_by_role("button", name="Ajukan penilaian mandiri").click()
    expect(page.get_by_text("Penilaian mandiri telah diajukan.")).to_be_visible()
    accreditation.refresh_from_db()
    assert accreditation.status == "submitted"

    # 3. The secretariat returns one item for revision.
    page.context.clear_cookies()
    sign_in(page, base, desk)
    page.goto(base + "/accreditation/")
    shoot(page, "accreditation-queue")
    page.get_by_role("link", name="LKSA Cahaya Bunda").click()
    item = page.locator("article.review-item", has=page.locator(".acc-code", has_text=re.compile(r"^1\.1$")))
    item.get_by_role("textbox").fill("Rencana program belum memuat anggaran; unggah versi lengkap.")
    item.get_by_role("button", name="Perlu perbaikan").click()
    page.get_by_role("button", name="Terima semua butir yang belum diperiksa").click()
    page.get_by_label("Kembalikan untuk perbaikan").check()
    page.locator("#id_note").fill("Mohon lengkapi indikator 1.1.")
    shoot(page, "accreditation-desk-review")
    page.get_by_role("button", name="Konfirmasi").click()
    expect(page.get_by_role("heading", name="Antrean akreditasi LKS")).to_be_visible()

    # The operator fixes the flagged item only, and resubmits.
    page.context.clear_cookies()
    sign_in(page, base, operator)
    page.goto(f"{base}/accreditation/{accreditation.pk}/")
    expect(page.get_by_test_id("flagged")).to_contain_text("Rencana program belum memuat anggaran")
    page.get_by_role("link", name="1. Program Pelayanan").click()
    box = card(page, "1.1")
    box.locator("input[type=file]").set_input_files(pdf("rencana-program-lengkap.pdf"))
    box.get_by_role("button", name="Unggah").click()
    expect(card(page, "1.1").get_by_role("link", name="rencana-program-lengkap.pdf")).to_be_visible()
    page.goto(f"{base}/accreditation/{accreditation.pk}/standard/2/")
    expect(card(page, "2.1").locator("input[type=radio]").first).to_be_disabled()
    page.goto(f"{base}/accreditation/{accreditation.pk}/")
    page.get_by_role("button", name="Ajukan ulang").click()
    expect(page.get_by_text("Penilaian mandiri telah diajukan.")).to_be_visible()

    # 4. The secretariat accepts it and schedules the visitation (the conflicted assessor cannot be chosen).
    page.context.clear_cookies()
    sign_in(page, base, desk)
    page.goto(f"{base}/accreditation/{accreditation.pk}/review/")
    item = page.locator("article.review-item", has=page.locator(".acc-code", has_text=re.compile(r"^1\.1$")))
    item.get_by_role("button", name="Terima", exact=True).click()
    page.get_by_label("Terima untuk visitasi").check()
    page.get_by_role("button", name="Konfirmasi").click()
    expect(page.get_by_role("heading", name="Tanggal dan tim visitasi")).to_be_visible()
    expect(page.locator(f"#assessor-{conflicted.pk}")).to_be_disabled()
    expect(page.get_by_test_id("conflict")).to_contain_text("berasal dari LKS ini")
    visit_day = timezone.localdate() + timedelta(days=3)
    page.locator("#id_date").fill(visit_day.isoformat())
    page.locator("#id_start_time").fill("09:00")
    page.locator(f"#assessor-{lead.pk}").check()
    page.locator(f"#assessor-{member.pk}").check()
    page.locator("#id_lead").select_option(str(lead.pk))
    page.locator("#id_notes").fill("Mohon siapkan dokumen asli.")
    shoot(page, "accreditation-schedule")
    page.get_by_role("button", name="Jadwalkan visitasi").click()
    expect(page.get_by_text("Visitasi telah dijadwalkan")).to_be_visible()
    accreditation.refresh_from_db()
    visitation = accreditation.visitation
    assert accreditation.status == "visitation_scheduled"
    ics = page.request.get(f"{base}/visitations/{visitation.pk}/calendar.ics")
    assert ics.status == 200 and "BEGIN:VEVENT" in ics.text()

    # 5. On site, on a phone: each assessor scores every indicator.
    page.set_viewport_size(PHONE)
    plan = {lead: {"1.1": "3", "2.1": "3", "3.1": "3", "4.1": "3", "5.1": "na", "6.1": "4"},
            member: {"1.1": "3", "2.1": "3", "3.1": "2", "4.1": "3", "5.1": "na", "6.1": "4"}}
    for assessor in (lead, member):
        page.context.clear_cookies()
        sign_in(page, base, assessor.user)
        page.goto(base + "/visitations/")
        page.get_by_role("link", name=re.compile("LKSA Cahaya Bunda")).click()
        page.get_by_role("link", name="Nilai indikator").click()
        expect(page.get_by_role("heading", name="Formulir C: penilaian di lokasi")).to_be_visible()
        for given, (code, value) in enumerate(plan[assessor].items(), start=1):
            box = card(page, code)
            offline = assessor == member and code == "3.1"
            if offline:  # a bad connection: the answer waits on the phone
                page.context.set_offline(True)
            box.locator(f"label[for$='-{value}']").click()
            expect(page.locator("[data-role=done]")).to_have_text(str(given))  # follows the answers, even offline
            if offline:
                expect(box.locator(".save-state")).to_contain_text("Tidak ada koneksi")
                expect(page.locator("[data-role=connection]")).to_have_text("Luring · 1 jawaban menunggu dikirim")
                shoot(page, "accreditation-visit-offline", full_page=False)
                assert not VisitScore.objects.filter(assessor=member, indicator__code="3.1").exists()
                page.context.set_offline(False)
                page.evaluate("window.dispatchEvent(new Event('online'))")
            expect(box.locator(".save-state")).to_contain_text("Tersimpan")
        box = card(page, "5.1")
        box.locator("textarea").fill("LKS tidak menyelenggarakan asrama; anak tinggal bersama keluarga.")
        expect(box.locator(".save-state")).to_contain_text("Tersimpan")
        if assessor == lead:
            box = card(page, "1.1")
            expect(box.get_by_role("button", name="Unggah foto")).to_be_hidden()  # the camera button uploads at once
            expect(box.locator("label.acc-camera-button")).to_contain_text("Tambah foto")
            box.locator("input[type=file]").set_input_files({"name": "papan-program.png", "mimeType": "image/png", "buffer": png_bytes()})
            expect(box.locator("img.acc-thumb")).to_have_count(1)
            card(page, "1.1").scroll_into_view_if_needed()
            shoot(page, "accreditation-visit-score-phone")
        expect(page.locator("[data-role=done]")).to_have_text("6")
        page.get_by_role("button", name="Serahkan skor saya").click()
        expect(page.get_by_text("Skor Anda telah diserahkan kepada ketua tim.")).to_be_visible()
    assert VisitScore.objects.get(assessor=member, indicator__code="3.1").score == 2

    # The lead reconciles the one difference (3.1: 3 and 2) and completes the visitation.
    page.context.clear_cookies()
    sign_in(page, base, lead.user)
    page.goto(f"{base}/visitations/{visitation.pk}/reconcile/")
    differs = page.locator("[data-testid=reconcile-row][data-agreed=no]")
    expect(differs).to_have_count(1)
    differs.locator("select").select_option("3")
    differs.locator("input[type=text]").fill("Laporan keuangan ada; audit belum dilakukan.")
    shoot(page, "accreditation-reconcile")
    page.get_by_role("button", name="Simpan skor tim").click()
    expect(page.get_by_text("Skor tim telah ditetapkan.")).to_be_visible()
    page.get_by_role("button", name="Selesaikan dan kirim ke pleno").click()
    expect(page.get_by_text("Visitasi selesai; pleno BALKS akan memutuskan peringkatnya.")).to_be_visible()
    accreditation.refresh_from_db()
    # (3 + 3 + 3 + 3 + 4) / (5 × 4): 5.1 is not applicable and leaves the total and its denominator.
    assert (accreditation.status, accreditation.score, accreditation.suggested_grade) == ("visited", Decimal("80.00"), "B")
    page.set_viewport_size({"width": 1280, "height": 900})

    # 6. The BALKS plenary confirms B and issues the certificate.
    page.context.clear_cookies()
    sign_in(page, base, balks)
    page.goto(base + "/accreditation/plenary/")
    page.get_by_role("link", name="LKSA Cahaya Bunda").click()
    expect(page.get_by_test_id("computed-score")).to_have_text("80,00")
    expect(page.get_by_test_id("suggested-grade")).to_have_text("B (Baik)")
    expect(page.get_by_label("B (Baik)")).to_be_checked()
    shoot(page, "accreditation-plenary")
    page.get_by_role("button", name="Tetapkan keputusan").click()
    expect(page.get_by_test_id("grade")).to_have_text("B (Baik)")
    page.get_by_role("button", name="Terbitkan sertifikat").click()
    expect(page.get_by_text(re.compile(r"Sertifikat LKS-B-\d{4}-\d+-\w telah diterbitkan."))).to_be_visible()
    accreditation.refresh_from_db()
    credential = accreditation.credential
    assert accreditation.status == "certified"
    assert credential.valid_until == add_years(credential.issued_on, 3) - timedelta(days=1)

    # 7. Anyone can verify it, and the LKS is on the public register.
    page.context.clear_cookies()
    page.goto(f"{base}/verify/")
    page.locator("input[name=number]").fill(credential.number)
    page.locator("main form button[type=submit]").first.click()
    expect(page.get_by_test_id("credential-status")).to_have_attribute("data-status", "valid")
    facts = page.get_by_test_id("credential-facts")
    expect(facts).to_contain_text("LKSA Cahaya Bunda")
    expect(facts).to_contain_text("Terakreditasi B (Baik)")
    until = credential.valid_until
    months = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober", "November", "Desember"]
    expect(page.get_by_test_id("credential-status")).to_contain_text(f"{until.day} {months[until.month - 1]} {until.year}")
    shoot(page, "accreditation-verify")
    page.goto(f"{base}/lks/accredited/")
    expect(page.get_by_test_id("accredited-lks")).to_contain_text("LKSA Cahaya Bunda")
    shoot(page, "accreditation-public-register")

    # The operator sees the result and the timeline.
    sign_in(page, base, operator)
    page.goto(f"{base}/accreditation/{accreditation.pk}/")
    expect(page.get_by_test_id("certified")).to_contain_text(credential.number)
    for label in ("Penilaian mandiri diajukan", "Dikembalikan untuk perbaikan", "Diajukan ulang", "Diterima untuk visitasi",
                  "Visitasi dijadwalkan", "Visitasi selesai", "Peringkat diputuskan", "Sertifikat diterbitkan"):
        expect(page.locator(".timeline").get_by_text(label, exact=True)).to_be_visible()
    shoot(page, "accreditation-certified")


def test_several_evidence_files_at_once_with_progress_and_no_reload(server, page, make_user):
    """Issue 20 item 11: an LKS picks several evidence files at once; each goes up with its own progress
    bar and joins the list without a reload; a bad one says why; what was typed stays."""
    base = server.url
    compact_instrument()
    allow_codes(page, CODES)
    accreditation = draft(make_user, name="LKSA Harapan Bangsa")
    operator = accreditation.institution.operators.get()
    sign_in(page, base, operator)
    page.goto(f"{base}/accreditation/{accreditation.pk}/standard/1/")
    box = card(page, "1.1")
    box.locator("textarea").fill("Rencana program 2026 disusun bersama pengurus.")
    page.evaluate("window.__notReloaded = true")
    box.locator("input[type=file]").set_input_files([
        pdf("rencana-2026.pdf"),
        {"name": "catatan.pdf", "mimeType": "application/pdf", "buffer": b"MZ\x90\x00 not a pdf"},
        pdf("evaluasi-2025.pdf"),
        {"name": "foto-rapat.png", "mimeType": "image/png", "buffer": png_bytes()},
    ])
    box.get_by_role("button", name="Unggah").click()
    rows = box.locator("[data-role=upload-files] li")
    expect(rows).to_have_count(4)
    for index, name in ((0, "rencana-2026.pdf"), (2, "evaluasi-2025.pdf"), (3, "foto-rapat.png")):
        expect(rows.nth(index)).to_contain_text(name)
        expect(rows.nth(index).locator(".upload-file-status")).to_have_text("Diunggah")
        expect(box.locator("[data-role=evidence-list]").get_by_role("link", name=name)).to_be_visible()
    expect(rows.nth(1).locator(".upload-file-status")).to_have_text(
        "“catatan.pdf” bukan berkas PDF, JPEG, atau PNG. Hanya berkas PDF, JPEG, atau PNG yang diterima."
    )
    expect(box.locator("[data-role=evidence-list] li")).to_have_count(3)
    assert page.evaluate("window.__notReloaded") is True  # no reload: the explanation typed stays as typed
    expect(box.locator("textarea")).to_have_value("Rencana program 2026 disusun bersama pengurus.")
    shoot(page, "accreditation-evidence-several")
    names = sorted(accreditation.answers.get(indicator__code="1.1").evidence.values_list("document__original_name", flat=True))
    assert names == ["evaluasi-2025.pdf", "foto-rapat.png", "rencana-2026.pdf"]
    # A stored file can be removed from the list it joined.
    box.locator("[data-role=evidence-list] li", has_text="foto-rapat.png").get_by_role("button", name=re.compile("Hapus")).click()
    expect(page.get_by_text("“foto-rapat.png” telah dihapus.")).to_be_visible()
