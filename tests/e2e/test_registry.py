"""The registry in a real browser: an applicant completes a profile with uploads, a secretariat user
finds them with filters; the public register; the assessor pages."""

import datetime
import re
from io import BytesIO

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from playwright.sync_api import expect

from portal.accounts.roles import Role
from portal.audit.models import AuditEvent
from portal.regions.models import RegionalOffice
from registry.models import AssessorProfile, ConflictDeclaration, WorkerProfile
from tests.factories import UserFactory
from tests.registry.helpers import PDF, make_credential

from .conftest import shoot, sign_in

pytestmark = pytest.mark.e2e


def png():
    from PIL import Image

    buffer = BytesIO()
    Image.new("RGB", (60, 80), "teal").save(buffer, "PNG")
    return buffer.getvalue()


def pdf_file(name):
    return {"name": name, "mimeType": "application/pdf", "buffer": PDF}


def with_totp(user):
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


def test_applicant_completes_profile_and_secretariat_finds_them(server, page):
    base = server.url
    siti = UserFactory(role=Role.APPLICANT, full_name="Siti Aminah", email="siti@example.test")
    sign_in(page, base, siti)
    expect(page.get_by_text("Lengkapi profil saya")).to_be_visible()  # the dashboard panel
    page.get_by_role("link", name="Profil saya").first.click()
    expect(page.get_by_role("heading", name="Profil saya")).to_be_visible()
    shoot(page, "registry-profile-empty")

    # Personal data, with a mistake first: the NIK's date segment says 14-05-90, the birth date 15-05-1990.
    page.get_by_role("link", name="Ubah data pribadi").click()
    page.get_by_label(re.compile(r"^\s*NIK")).fill("3273015405900001")
    page.get_by_label(re.compile(r"^\s*Nama lengkap")).fill("Siti Aminah")
    page.get_by_label(re.compile(r"^\s*Tempat lahir")).fill("Bandung")
    page.get_by_label(re.compile(r"^\s*Tanggal lahir")).fill("1990-05-15")
    page.get_by_label("Perempuan").check()
    page.get_by_label(re.compile(r"^\s*Nomor ponsel")).fill("0813 2233 4455")
    page.get_by_label(re.compile(r"^\s*Provinsi")).select_option(label="Jawa Barat")
    page.get_by_label(re.compile(r"^\s*Kabupaten / kota")).fill("Kota Bandung")
    page.get_by_label(re.compile(r"^\s*Alamat jalan")).fill("Jl. Cihampelas No. 45")
    page.get_by_role("button", name="Simpan").click()
    expect(page.locator("#id_nik ~ .invalid-feedback")).to_contain_text(
        "Tanggal lahir dalam NIK (14-05-90) tidak sama dengan tanggal lahir yang Anda isi (15-05-90)."
    )
    expect(page.get_by_label(re.compile(r"^\s*Kabupaten / kota"))).to_have_value("Kota Bandung")
    expect(page.get_by_label(re.compile(r"^\s*NIK"))).to_have_value("3273015405900001")
    shoot(page, "registry-profile-error")

    page.get_by_label(re.compile(r"^\s*Tanggal lahir")).fill("1990-05-14")
    page.locator("input[name=photo_upload]").set_input_files(
        files=[{"name": "pas-foto.png", "mimeType": "image/png", "buffer": png()}]
    )
    page.get_by_role("button", name="Simpan").click()
    expect(page.get_by_text("Data pribadi Anda tersimpan.")).to_be_visible()
    expect(page.get_by_test_id("nik")).to_have_text("3273015405900001")  # the owner sees it whole

    # Education with its diploma.
    page.get_by_role("link", name="Tambah pendidikan").click()
    page.get_by_label(re.compile(r"^\s*Jenjang")).select_option("S1")
    page.get_by_label(re.compile(r"^\s*Sekolah / perguruan tinggi")).fill("Politeknik Kesejahteraan Sosial Bandung")
    page.get_by_label(re.compile(r"^\s*Program studi")).fill("Pekerjaan Sosial")
    page.get_by_label(re.compile(r"^\s*Tahun lulus")).fill("2012")
    page.get_by_label(re.compile(r"^\s*Pendidikan pekerjaan sosial")).check()
    page.locator("input[name=diploma_upload]").set_input_files(files=[pdf_file("ijazah-s1.pdf")])
    shoot(page, "registry-education-form")
    page.get_by_role("button", name="Simpan").click()
    expect(page.get_by_role("link", name="Ijazah: ijazah-s1.pdf")).to_be_visible()

    # A job, first with the end before the start.
    page.get_by_role("link", name="Tambah pekerjaan").click()
    page.get_by_label(re.compile(r"^\s*Tempat kerja")).fill("LKSA Yayasan Bina Insani Bandung")
    page.get_by_label(re.compile(r"^\s*Jabatan")).fill("Pekerja Sosial")
    page.get_by_label(re.compile(r"^\s*Jenis peran")).select_option("sakti_peksos")
    page.get_by_label(re.compile(r"^\s*Tanggal mulai")).fill("2020-01-06")
    page.get_by_label(re.compile(r"^\s*Tanggal selesai")).fill("2019-01-01")
    page.get_by_label(re.compile(r"^\s*Jam per minggu")).fill("40")
    page.get_by_role("button", name="Simpan").click()
    expect(page.locator("#id_end_date ~ .invalid-feedback")).to_have_text("Tanggal selesai lebih awal daripada tanggal mulai.")
    expect(page.get_by_label(re.compile(r"^\s*Tempat kerja"))).to_have_value("LKSA Yayasan Bina Insani Bandung")
    shoot(page, "registry-employment-error")
    page.get_by_label(re.compile(r"^\s*Tanggal selesai")).fill("")
    page.locator("input[name=letter_upload]").set_input_files(files=[pdf_file("surat-kerja.pdf")])
    page.get_by_role("button", name="Simpan").click()
    expect(page.get_by_text("Tersimpan. Rekapitulasi Anda dihitung ulang.")).to_be_visible()

    # A training with its certificate.
    page.get_by_role("link", name="Tambah pelatihan").click()
    page.get_by_label(re.compile(r"^\s*Judul")).fill("Pelatihan Dasar Pekerjaan Sosial")
    page.get_by_label(re.compile(r"^\s*Penyelenggara")).fill("BBPPKS Regional II Bandung")
    page.get_by_label(re.compile(r"^\s*Jam")).fill("120")
    page.get_by_label(re.compile(r"^\s*Tahun")).fill("2016")
    page.locator("input[name=certificate_upload]").set_input_files(files=[pdf_file("sertifikat.pdf")])
    page.get_by_role("button", name="Simpan").click()

    totals = page.get_by_test_id("totals")
    expect(totals).to_contain_text("S1")
    expect(totals).to_contain_text("120")
    expect(page.get_by_text("Semua yang diperlukan untuk sertifikasi sudah diisi.")).to_be_visible()
    shoot(page, "registry-profile-complete")
    profile = WorkerProfile.objects.get(user__email="siti@example.test")
    assert (profile.highest_education, profile.social_work_education, profile.training_hours) == ("S1", True, 120)
    assert profile.role_type == "sakti_peksos" and profile.employer == "LKSA Yayasan Bina Insani Bandung"

    # The secretariat of region II (Jawa Barat) finds her with filters.
    page.get_by_role("button", name="Siti").click()
    page.get_by_role("button", name="Keluar").click()
    office = RegionalOffice.objects.get(code="II")
    staff = UserFactory(role=Role.SECRETARIAT, full_name="Dewi Lestari", email="dewi@example.test", regional_office=office)
    with_totp(staff)
    sign_in(page, base, staff)
    page.get_by_role("link", name="Pekerja sosial").first.click()
    page.get_by_label("Nama", exact=True).fill("siti")
    page.get_by_label("Provinsi").select_option(label="Jawa Barat")
    page.get_by_label("Pendidikan tertinggi").select_option("S1")
    page.get_by_label("Pendidikan pekerjaan sosial").select_option("yes")
    page.get_by_label("Peran saat ini").select_option("sakti_peksos")
    page.get_by_role("button", name="Cari").click()
    results = page.get_by_test_id("worker-results")
    expect(results.get_by_role("link", name="Siti Aminah")).to_be_visible()
    expect(results).to_contain_text("3273********0001")
    shoot(page, "registry-search")

    with page.expect_download() as download:
        page.get_by_role("link", name="Ekspor CSV").click()
    csv_text = open(download.value.path(), encoding="utf-8-sig").read()
    assert "Siti Aminah" in csv_text and "3273********0001" in csv_text and "3273015405900001" not in csv_text

    results.get_by_role("link", name="Siti Aminah").click()
    expect(page.get_by_test_id("nik")).to_have_text("3273********0001")
    expect(page.get_by_role("link", name="Ijazah: ijazah-s1.pdf")).to_be_visible()
    shoot(page, "registry-worker-detail")
    assert AuditEvent.objects.filter(action="registry.profile.view", actor=staff).count() == 1
    assert AuditEvent.objects.filter(action="registry.workers.export", actor=staff).count() == 1


def test_public_register_and_assessor_pages(server, page):
    base = server.url
    holder = UserFactory(role=Role.APPLICANT, full_name="Ratna Komalasari")
    make_credential(holder, number="PS-GEN-2024-000101-A", holder_name="Ratna Komalasari", issued_on=datetime.date(2024, 6, 1),
                    valid_until=datetime.date(2029, 6, 1))
    make_credential(number="PS-SPE-2019-000007-B", holder_name="Ratna Dewi Lubis", province="11",
                    issued_on=datetime.date(2019, 3, 1), valid_until=datetime.date(2024, 3, 1), subject="Pekerja Sosial Spesialis")

    page.goto(base + "/")
    page.get_by_role("link", name="Daftar pekerja sosial bersertifikat").click()
    page.get_by_label("Nama atau nomor sertifikat").fill("ratna")
    page.get_by_role("button", name="Cari").click()
    results = page.get_by_test_id("register-results")
    expect(results.get_by_role("heading", name="Ratna Komalasari")).to_be_visible()
    expect(results).to_contain_text("Kedaluwarsa")
    expect(results).to_contain_text("PS-GEN-2024-000101-A")
    shoot(page, "registry-public-register")

    # Admin: the assessor list and a new assessor.
    admin = UserFactory(role=Role.LSP_ADMIN, full_name="Rina Kartika", email="rina@example.test")
    with_totp(admin)
    sign_in(page, base, admin)
    page.get_by_role("link", name="Kelola asesor").click()  # the dashboard panel
    page.get_by_role("link", name="Asesor baru").click()
    page.get_by_label(re.compile(r"^\s*Nama lengkap")).fill("Dra. Maria Ulfah, M.Si.")
    page.get_by_label(re.compile(r"^\s*Alamat e-mail")).fill("maria@example.test")
    page.get_by_label(re.compile(r"^\s*Lembaga")).fill("Universitas Indonesia")
    page.get_by_label(re.compile(r"^\s*Kantor regional asal")).select_option(label="BBPPKS Regional II Bandung")
    page.get_by_label("Pemberdayaan masyarakat").check()
    page.get_by_label("Perlindungan anak").check()
    shoot(page, "registry-assessor-form")
    page.get_by_role("button", name="Simpan").click()
    expect(page.get_by_test_id("assessor-list")).to_contain_text("Dra. Maria Ulfah, M.Si.")
    shoot(page, "registry-assessor-list")

    # The assessor keeps declarations current.
    maria = AssessorProfile.objects.get(user__email="maria@example.test").user
    page.get_by_role("button", name="Rina").click()
    page.get_by_role("button", name="Keluar").click()
    with_totp(maria)
    sign_in(page, base, maria)
    page.get_by_role("link", name="Profil asesor saya").first.click()
    page.get_by_label("Lembaga", exact=True).check()
    page.get_by_label(re.compile(r"^\s*Nama lembaga atau orang")).fill("Yayasan Sayap Ibu Jakarta")
    page.get_by_label(re.compile(r"^\s*Alasan")).fill("Anggota dewan pembina")
    page.get_by_role("button", name="Tambah pernyataan").click()
    expect(page.get_by_test_id("declarations")).to_contain_text("Yayasan Sayap Ibu Jakarta")
    shoot(page, "registry-assessor-me")
    assert ConflictDeclaration.objects.filter(assessor__user=maria).count() == 1
