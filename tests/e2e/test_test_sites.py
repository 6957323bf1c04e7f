"""Issue 15, test sites (TUK) in a real browser: the secretariat registers a TUK, the LSP admin records
its verification, the secretariat creates an exam session there; pages fit 360 px and 1280 px."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django.utils.formats import date_format
from playwright.sync_api import expect

from certification import reference
from certification.exams.models import ExamSession, Tuk
from portal.accounts.roles import Role
from portal.regions.models import Province, RegionalOffice

from .conftest import PHONE, shoot, sign_in

pytestmark = pytest.mark.e2e


def test_register_verify_and_host_a_session_at_a_tuk(server, page, make_user):
    reference.load()
    base = server.url
    staff = make_user(Role.SECRETARIAT, regional_office=RegionalOffice.objects.get(code="II"))
    admin = make_user(Role.LSP_ADMIN, full_name="Rina Wulandari")
    page.set_viewport_size(PHONE)
    sign_in(page, base, staff)
    page.goto(f"{base}/secretariat/exams/tuk/new/")
    page.get_by_label("Nama").fill("BBPPKS Regional II Bandung")
    page.get_by_label("TUK Mandiri").check()
    page.get_by_label("Provinsi").select_option(label="Jawa Barat")
    page.get_by_label("Alamat").fill("Jl. Raya Lembang No. 26, Lembang")
    page.get_by_label("Kapasitas (peserta sekaligus)").fill("0")
    page.locator("main form button[type=submit]").click()
    expect(page.get_by_text("Paling sedikit satu peserta.")).to_be_visible()
    expect(page.get_by_label("Nama")).to_have_value("BBPPKS Regional II Bandung")
    shoot(page, "tuk-form-errors")
    page.get_by_label("Kapasitas (peserta sekaligus)").fill("40")
    page.get_by_label("Sarana dan prasarana").fill("Dua ruang kelas, laboratorium komputer 30 unit.")
    page.locator("main form button[type=submit]").click()
    expect(page.get_by_text("belum diverifikasi oleh LSP")).to_be_visible()
    tuk = Tuk.objects.get()
    shoot(page, "tuk-detail-unverified")

    page.context.clear_cookies()
    sign_in(page, base, admin)
    page.goto(f"{base}/secretariat/exams/tuk/{tuk.pk}/")
    page.get_by_label("Memenuhi persyaratan", exact=True).check()
    until = timezone.localdate() + timedelta(days=730)
    page.get_by_label("Berlaku sampai").fill(until.isoformat())
    page.get_by_label("Catatan").fill("Ruang dan komputer sesuai.")
    page.get_by_role("button", name="Catat").click()
    expect(page.get_by_text("Verifikasi tercatat.")).to_be_visible()
    expect(page.get_by_text(f"terverifikasi sampai {date_format(until, 'DATE_FORMAT')}").first).to_be_visible()
    shoot(page, "tuk-detail-verified")
    page.goto(f"{base}/secretariat/exams/tuk/")
    shoot(page, "tuk-list")

    page.context.clear_cookies()
    sign_in(page, base, staff)
    page.goto(f"{base}/secretariat/exams/new/")
    page.locator("#id_scheme").select_option(label="Pekerja Sosial Generalis")
    page.get_by_label("Tempat Uji Kompetensi (TUK)").select_option(index=1)
    starts = timezone.localtime(timezone.now() + timedelta(days=14)).replace(hour=8, minute=0)
    page.locator("#id_starts_at").fill(starts.strftime("%Y-%m-%dT%H:%M"))
    page.locator("#id_ends_at").fill((starts + timedelta(hours=7)).strftime("%Y-%m-%dT%H:%M"))
    page.locator("#id_capacity").fill("25")
    shoot(page, "session-form-tuk")
    page.locator("main form.session-form button[type=submit]").click()
    expect(page.get_by_text("Sesi sudah dibuat.", exact=False)).to_be_visible()
    session = ExamSession.objects.get()
    assert (session.tuk, session.venue_name, session.province) == (tuk, tuk.name, Province.objects.get(code="32"))
