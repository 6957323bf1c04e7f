"""The LSP admin's dashboard in a real browser, at 1280 px and 360 px: opened from the top bar's menu, filtered
by a province, the funnel's CSV downloaded."""

import csv
import io
from pathlib import Path

import pytest
from playwright.sync_api import expect

from certification import reference as certification_reference
from certification.choices import ApplicationStatus as S
from portal.accounts.roles import Role
from portal.statistics import summaries
from tests.dashboards.helpers import make_application, make_round

from .conftest import DESKTOP, PHONE, shoot, sign_in

pytestmark = pytest.mark.e2e


def row(panel, stage):
    """The table row whose header cell is exactly `stage` ("Belum Kompeten", not "Belum kompeten (portofolio)")."""
    return panel.locator("tr").filter(has=panel.page.get_by_role("rowheader", name=stage, exact=True))


@pytest.mark.parametrize("size", [DESKTOP, PHONE], ids=["1280", "360"])
def test_the_lsp_admin_filters_the_dashboard_by_a_province_and_downloads_the_csv(server, page, make_user, size):
    certification_reference.load()
    round_ = make_round()
    make_application(make_user, round_, created=30, moves=[(20, S.SUBMITTED), (15, S.ELIGIBLE)])
    make_application(make_user, round_, created=12, moves=[(10, S.SUBMITTED), (7, S.ELIGIBLE)])
    make_application(make_user, round_, province="11", created=8, moves=[(5, S.NOT_YET_COMPETENT)])
    summaries.rebuild_all()
    admin = make_user(Role.LSP_ADMIN)
    page.set_viewport_size(size)
    sign_in(page, server.url, admin)
    if size == PHONE:
        page.get_by_role("button", name="Buka/tutup navigasi").click()
    page.get_by_role("button", name="Sertifikasi").click()
    page.get_by_role("link", name="Dasbor sertifikasi").click()
    expect(page.get_by_role("heading", name="Dasbor sertifikasi")).to_be_visible()
    expect(page.get_by_test_id("computed-at")).to_contain_text("Angka dihitung pada")
    funnel = page.get_by_test_id("panel-funnel")
    expect(row(funnel, "Memenuhi syarat")).to_have_text("Memenuhi syarat27152")
    expect(row(funnel, "Belum Kompeten")).to_contain_text("Belum Kompeten1")
    shoot(page, f"dashboard-certification-{size['width']}")

    page.get_by_label("Provinsi").select_option(label="Jawa Barat")
    page.get_by_role("button", name="Tampilkan").click()
    expect(page.get_by_label("Provinsi")).to_have_value("32")
    expect(row(funnel, "Belum Kompeten")).to_have_text("Belum Kompeten0——0")
    expect(page.get_by_test_id("slowest-funnel").get_by_role("link")).to_have_count(2)
    shoot(page, f"dashboard-certification-jabar-{size['width']}")

    with page.expect_download() as info:
        funnel.get_by_test_id("csv-funnel").click()
    rows = list(csv.reader(io.StringIO(Path(info.value.path()).read_text(encoding="utf-8-sig"))))
    assert rows[0][0] == "Tahap"
    assert ["Memenuhi syarat", "2", "7", "15", "2"] in rows
    assert ["Belum Kompeten", "0", "", "", "0"] in rows
