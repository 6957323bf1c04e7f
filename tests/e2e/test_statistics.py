"""The public statistics in a real browser: a visitor opens them from the landing page, reads the tables
with small counts suppressed, and downloads the CSV."""

from pathlib import Path

import pytest
from django.core.cache import cache
from playwright.sync_api import expect

from portal.credentials.services import issue_credential
from portal.regions.models import Province

from .conftest import shoot

pytestmark = pytest.mark.e2e


def test_a_visitor_reads_the_statistics_and_downloads_the_csv(server, page):
    cache.clear()
    west_java, jakarta, banten = (Province.objects.get(code=code) for code in ("32", "31", "36"))
    general, specialist = "Pekerja Sosial Generalis", "Pekerja Sosial Spesialis"
    rows = [(west_java, general)] * 12 + [(jakarta, general)] * 7 + [(banten, general)] * 2 + [(west_java, specialist)] * 6
    for i, (province, subject) in enumerate(rows):
        issue_credential(kind="worker", source=f"test:{i}", holder_name=f"Pekerja {i}", subject=subject,
                         subject_code="GEN", issuer="LSP Kemensos", province=province)
    page.goto(server.url + "/")
    page.get_by_test_id("landing-statistics").click()
    expect(page.get_by_role("heading", name="Statistik", exact=True)).to_be_visible()
    workers = page.get_by_test_id("stats-workers")
    expect(workers.get_by_role("row", name="Jawa Barat")).to_have_text("32Jawa Barat12618")
    expect(workers.get_by_role("row", name="Banten")).to_have_text("36Banten<50<5")
    # Jakarta's 7 is withheld (x): with the national total, it would give Banten's 2 away.
    expect(workers.get_by_role("row", name="DKI Jakarta")).to_have_text("31DKI Jakartax0x")
    expect(page.get_by_test_id("suppression-note")).to_contain_text("<5")
    expect(page.get_by_test_id("stats-lks")).to_contain_text("Belum ada.")
    shoot(page, "statistics-public")
    with page.expect_download() as info:
        workers.get_by_role("link", name="Unduh CSV").click()
    text = Path(info.value.path()).read_text()
    assert text.splitlines()[0] == "kode_provinsi,nama_provinsi,skema,jumlah"
    assert "32,Jawa Barat,Pekerja Sosial Generalis,12" in text and "36,Banten,Pekerja Sosial Generalis,<5" in text
    assert "31,DKI Jakarta,Pekerja Sosial Generalis,x" in text
