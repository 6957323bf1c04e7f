"""Issue 18, item 6 in a real browser: the LSP admin uploads the old register with a bad row, sees the row
named and nothing imported, uploads the corrected file, checks the preview and imports it; the public
verification page then finds an imported certificate by its number as issued."""

import pytest
from playwright.sync_api import expect

from certification import reference
from portal.accounts.roles import Role
from portal.credentials.models import Credential
from portal.imports.models import ImportJob
from tests.imports.helpers import WORKER_HEADER, csv_bytes, worker_rows

from .conftest import PHONE, shoot, sign_in

pytestmark = pytest.mark.e2e


def test_the_admin_imports_the_old_register_and_the_public_finds_a_certificate(server, page, make_user):
    reference.load()
    base = server.url
    admin = make_user(Role.LSP_ADMIN, full_name="Ratna Sari", email="ratna@example.test")
    rows = worker_rows(30, start=100)
    rows[0][4:7] = ["LSPS/2024/0042", "2024-03-01", "2029-02-28"]
    bad = [list(row) for row in rows]
    bad[17][0] = "3273" + "0" * 12  # row 19 of the file: regency, district and date all zero

    sign_in(page, base, admin)
    page.get_by_role("button", name="Sertifikasi").click()
    page.get_by_role("link", name="Impor register").click()
    expect(page.get_by_role("heading", name="Impor register", exact=True)).to_be_visible()
    shoot(page, "import-index")
    form = page.get_by_test_id("upload-workers")
    form.locator("input[type=file]").set_input_files({"name": "register-lama.csv", "mimeType": "text/csv",
                                                      "buffer": csv_bytes(WORKER_HEADER, bad)})
    form.get_by_role("button", name="Periksa berkas").click()
    expect(page.get_by_test_id("import-status")).to_contain_text("Ada kesalahan: tidak ada yang diimpor")
    errors = page.get_by_test_id("import-errors")
    expect(errors).to_contain_text("19")
    expect(errors).to_contain_text("Digit ke-5–6 NIK (kode kecamatan) tidak boleh 00.")
    expect(page.get_by_test_id("confirm-import")).to_have_count(0)
    shoot(page, "import-errors")
    assert Credential.objects.count() == 0

    # The corrected file: a preview, then the import.
    page.get_by_role("link", name="Unggah berkas yang sudah diperbaiki").click()
    form = page.get_by_test_id("upload-workers")
    form.locator("input[type=file]").set_input_files({"name": "register-lama.csv", "mimeType": "text/csv",
                                                      "buffer": csv_bytes(WORKER_HEADER, rows)})
    form.get_by_role("button", name="Periksa berkas").click()
    expect(page.get_by_test_id("import-status")).to_contain_text("Sudah diperiksa: siap diimpor")
    expect(page.get_by_test_id("import-preview")).to_contain_text("LSPS/2024/0042")
    expect(page.get_by_test_id("import-preview")).not_to_contain_text(rows[0][0])  # the NIK is masked
    shoot(page, "import-preview")
    page.get_by_test_id("confirm-import").click()
    expect(page.get_by_test_id("import-status")).to_contain_text("Sudah diimpor")
    expect(page.get_by_text("Berkas sudah diimpor.")).to_be_visible()
    shoot(page, "import-done")
    assert Credential.objects.filter(number__startswith="LSPS/").count() == 30
    assert ImportJob.objects.filter(status="done").count() == 1

    # Anyone, on a phone: the verification page finds the number as it was issued.
    page.context.clear_cookies()
    page.set_viewport_size(PHONE)
    page.goto(f"{base}/verify/")
    page.get_by_role("main").get_by_role("textbox").first.fill("LSPS/2024/0042")
    page.get_by_role("main").get_by_role("button", name="Verifikasi").click()
    expect(page.get_by_text("LSPS/2024/0042").first).to_be_visible()
    expect(page.get_by_text(rows[0][1]).first).to_be_visible()
    expect(page.get_by_text("Pekerja Sosial Generalis").first).to_be_visible()
    shoot(page, "import-verified")


def test_a_worker_imported_from_the_old_register_claims_the_record(server, page, make_user):
    from portal.imports import kinds, services

    reference.load()
    base = server.url
    rows = worker_rows(1, start=400)
    services.apply(kinds.get("workers"), csv_bytes(WORKER_HEADER, rows), "register.csv")
    worker = make_user(Role.APPLICANT, full_name="", email="siti@example.test")
    page.set_viewport_size(PHONE)
    sign_in(page, base, worker)
    page.goto(f"{base}/profile/")
    page.get_by_role("link", name="Bersertifikat sebelum portal?").click()
    page.get_by_label("NIK").fill(rows[0][0])
    page.get_by_label("Nomor sertifikat").fill("lsps 2015 000400")
    shoot(page, "import-claim")
    page.get_by_role("button", name="Klaim catatan saya").click()
    expect(page.get_by_text("Catatan itu kini milik Anda")).to_be_visible()
    assert Credential.objects.get(number=rows[0][4]).holder == worker
    page.goto(f"{base}/credentials/")
    expect(page.get_by_text(rows[0][4]).first).to_be_visible()
