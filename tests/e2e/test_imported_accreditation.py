"""An LKS registered in the portal attaches its accreditation certificate from the register kept before the portal
(in a real browser, Indonesian, at phone and desktop width): a wrong Tanda Daftar number is refused and what was
typed kept; the right one lists the certificate on the LKS's page, linked to its public verification page."""

from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from accreditation import reference as accreditation_reference
from accreditation.models import ImportedAccreditation
from portal.accounts.roles import Role
from portal.imports import kinds
from portal.imports import services as imports
from tests.accreditation.helpers import make_institution
from tests.imports.helpers import LKS_HEADER, csv_bytes

from .conftest import PHONE, shoot, sign_in

pytestmark = pytest.mark.e2e


def test_the_operator_attaches_the_old_certificate(server, page, make_user):
    accreditation_reference.load()
    base = server.url
    today = date.today()
    row = ["460/2016/LKS/012", "LKSA Pelita Hati", "Jawa Barat", "LKSA", "B", "BALKS/2022/B/0107",
           (today - timedelta(days=400)).isoformat(), (today + timedelta(days=600)).isoformat(), ""]
    imports.apply(kinds.get("lks"), csv_bytes(LKS_HEADER, [row]), "lks.csv", actor=make_user(Role.BALKS_ADMIN))
    operator = make_user(Role.LKS_OPERATOR, full_name="Dewi Lestari")
    lks = make_institution(operator, registration_number="460/2023/LKS/012")

    sign_in(page, base, operator)
    page.goto(f"{base}/lks/{lks.pk}/")
    section = page.locator("#imported")
    expect(section).to_contain_text("Sudah diakreditasi BALKS sebelum portal?")
    section.get_by_role("link", name="Tambahkan sertifikat dari sebelum portal").click()
    expect(page.get_by_role("heading", name="Akreditasi dari sebelum portal")).to_be_visible()
    expect(page.get_by_label("Nomor Tanda Daftar")).to_have_value("460/2023/LKS/012")
    shoot(page, "imported-attach")
    page.get_by_label("Nomor sertifikat").fill("balks 2022 b 0107")
    page.get_by_role("button", name="Tambahkan sertifikat").click()
    expect(page.get_by_text("Tidak ada sertifikat akreditasi dari sebelum portal dengan nomor ini")).to_be_visible()
    expect(page.get_by_label("Nomor sertifikat")).to_have_value("balks 2022 b 0107")
    shoot(page, "imported-attach-refused")
    assert not ImportedAccreditation.objects.exists()

    page.get_by_label("Nomor Tanda Daftar").fill("460/2016/LKS/012")
    page.get_by_role("button", name="Tambahkan sertifikat").click()
    expect(page.get_by_text("Sertifikat BALKS/2022/B/0107 kini tercantum untuk LKS ini.")).to_be_visible()
    listed = page.get_by_test_id("imported-accreditation")
    expect(listed).to_have_count(1)
    expect(listed).to_contain_text("Terakreditasi B")
    expect(listed.get_by_test_id("status-badge")).to_have_text("Berlaku")
    page.set_viewport_size(PHONE)
    shoot(page, "imported-listed")
    listed.get_by_role("link", name="BALKS/2022/B/0107").click()
    expect(page).to_have_url(f"{base}/verify/BALKS/2022/B/0107/")
    assert ImportedAccreditation.objects.get().institution == lks
