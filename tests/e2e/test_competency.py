"""Issue 15 (items 1 and 2) in a real browser: the LSP admin imports a scheme's units (a file with bad
rows first, then a good one) and publishes them; a candidate self-assesses two units at 360 px (FR.APL.02),
saved as answered, and submits; the secretariat sees the answers per unit."""

import io

import openpyxl
import pytest
from playwright.sync_api import expect

from certification import reference
from certification import services as certification_services
from certification.competency.models import ElementAnswer, SchemeVersion
from certification.models import Application
from portal.accounts.roles import Role
from portal.regions.models import RegionalOffice
from tests.certification.helpers import (
    fill_application,
    make_worker,
    open_round,
    standard_route,
)
from tests.competency.helpers import GOOD_ROWS, HEADER, XLSX_TYPE

from .conftest import DESKTOP, PHONE, allow_codes, shoot, sign_in

pytestmark = pytest.mark.e2e

KUK_NUMBERS = ["1.1", "1.2", "2.1"]


def workbook(rows):
    book = openpyxl.Workbook()
    book.active.append(HEADER)
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_import_units_then_self_assess_two_units_on_a_phone(server, page, make_user):
    reference.load()
    base = server.url
    allow_codes(page, KUK_NUMBERS)
    admin = make_user(Role.LSP_ADMIN, full_name="Ratna Sari", email="ratna@example.test")

    # The LSP admin: a file with a bad row is refused with its rows, nothing imported.
    sign_in(page, base, admin)
    page.goto(f"{base}/schemes/units/")
    expect(page.get_by_role("heading", name="Unit kompetensi", exact=True)).to_be_visible()
    page.locator("#id_scheme").select_option(label="Pekerja Sosial Generalis")
    page.locator("#id_kkni_level").fill("6")
    page.locator("#id_scheme_number").fill("SKM/LSP-KS/02/2026")
    bad = GOOD_ROWS + [["M.87SOS00.002.1", "Judul lain", 2, "Elemen dua", "2.1", "Teks"]]
    page.locator("#id_file").set_input_files({"name": "unit.xlsx", "mimeType": XLSX_TYPE, "buffer": workbook(bad)})
    page.get_by_role("button", name="Baca berkas").click()
    expect(page.get_by_role("heading", name="Berkas berisi kesalahan: tidak ada yang diimpor")).to_be_visible()
    expect(page.get_by_test_id("import-errors")).to_contain_text("Kode unit M.87SOS00.002.1 sudah muncul dengan judul lain di baris 5")
    expect(page.locator("#id_scheme_number")).to_have_value("SKM/LSP-KS/02/2026")
    shoot(page, "competency-import-errors")
    assert SchemeVersion.objects.count() == 0

    # A good file: a draft to check, then published.
    page.locator("#id_file").set_input_files({"name": "unit.xlsx", "mimeType": XLSX_TYPE, "buffer": workbook(GOOD_ROWS)})
    page.get_by_role("button", name="Baca berkas").click()
    expect(page.get_by_text("Draf: belum diterbitkan")).to_be_visible()
    shoot(page, "competency-draft")
    page.get_by_role("button", name="Terbitkan").click()
    expect(page.get_by_text("Versi 1 Pekerja Sosial Generalis telah diterbitkan.", exact=False)).to_be_visible()
    assert SchemeVersion.objects.get().number == 1

    # The candidate, on a phone: an application with its documents, then the self-assessment step.
    round_ = open_round(name="Pekerja Sosial Generalis — Gelombang Uji")
    worker = make_worker(make_user, full_name="Rina Marlina", email="rina@example.test")
    application = certification_services.start_application(worker, round_, standard_route(round_))
    fill_application(worker, application)
    page.context.clear_cookies()
    page.set_viewport_size(PHONE)
    sign_in(page, base, worker)
    page.goto(f"{base}/applications/{application.pk}/step/values/")
    page.get_by_role("link", name="Asesmen mandiri").click()
    expect(page.get_by_role("heading", name="Asesmen mandiri (FR.APL.02)")).to_be_visible()
    expect(page.get_by_text("0 dari 3 elemen dijawab.")).to_be_visible()
    units = page.locator("section.apl02-unit")
    expect(units).to_have_count(2)
    # Unit 1: both elements Kompeten, the CV and the work letter as evidence (one document for two elements).
    first = units.nth(0)
    for index in range(2):
        element = first.locator("fieldset.apl02-element").nth(index)
        element.get_by_text("Kompeten", exact=True).click()
        element.locator(".apl02-evidence label").first.click()
    expect(first.locator("[data-save-state]")).to_contain_text("Tersimpan")
    expect(page.get_by_text("2 dari 3 elemen dijawab.")).to_be_visible()
    # Unit 2: its element Belum Kompeten.
    second = units.nth(1)
    second.locator("fieldset.apl02-element").first.get_by_text("Belum Kompeten", exact=True).click()
    expect(second.locator("[data-save-state]")).to_contain_text("Tersimpan")
    shoot(page, "competency-self-assessment")
    assert ElementAnswer.objects.filter(self_assessment__application=application).count() == 3

    # Saved as answered: a reload shows the answers.
    page.reload()
    expect(page.get_by_text("3 dari 3 elemen dijawab.")).to_be_visible()
    expect(page.locator("section.apl02-unit").nth(1).get_by_label("Belum Kompeten")).to_be_checked()
    page.get_by_role("link", name="Lanjut").click()
    expect(page.get_by_role("heading", name="Periksa dan ajukan")).to_be_visible()
    page.get_by_role("button", name="Ajukan permohonan").click()
    expect(page.get_by_text("Permohonan Anda telah diajukan", exact=False)).to_be_visible()
    assert Application.objects.get(pk=application.pk).status == "submitted"

    # The secretariat of the region sees the answers per unit.
    staff = make_user(Role.SECRETARIAT, regional_office=RegionalOffice.objects.get(code="II"))
    page.context.clear_cookies()
    page.set_viewport_size(DESKTOP)
    sign_in(page, base, staff)
    page.goto(f"{base}/secretariat/applications/{application.pk}/")
    card = page.locator("#apl02")
    expect(card).to_contain_text("3 dari 3 elemen dijawab: 2 Kompeten, 1 Belum Kompeten.")
    card.get_by_text("M.87SOS00.001.1").click()
    shoot(page, "competency-review")
