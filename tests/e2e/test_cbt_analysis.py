"""Issue 16 (item 6) in a real browser: an item writer reads the item analysis of a session at 360 px and
1280 px (the SVG charts under the strict CSP, no page wider than the screen, Indonesian numbers) and an
item's figures on its page."""

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from certification import reference
from certification.cbt.models import ItemVersion

from .conftest import DESKTOP, PHONE, shoot, sign_in

pytestmark = pytest.mark.e2e
SHOTS = Path(os.environ.get("ANALYSIS_SHOTS", "/tmp/shots-analysis"))


def test_an_item_writer_reads_the_item_analysis(server, page, make_user):
    from tests.cbt.helpers import item_writer
    from tests.cbt.test_analysis_math import CHOICES
    from tests.cbt.test_analysis_pages import prepared_bank, sit

    reference.load()
    ids = prepared_bank()
    session, _staff = sit(make_user, CHOICES + CHOICES)
    violations = []
    page.on("console", lambda message: violations.append(message.text) if "Content Security Policy" in message.text else None)
    sign_in(page, server.url, item_writer(make_user))
    page.goto(f"{server.url}/cbt/items/")
    page.get_by_role("link", name="Analisis butir soal").click()
    page.get_by_label("Sesi ujian").select_option(str(session.pk))
    page.get_by_role("button", name="Tampilkan").click()
    expect(page.get_by_test_id("analysis-kr20")).to_have_text("0,2051")
    expect(page.get_by_test_id("cbt-scatter")).to_be_visible()
    expect(page.locator("[data-testid=analysis-row]")).to_have_count(4)
    SHOTS.mkdir(parents=True, exist_ok=True)
    for label, size in (("360", PHONE), ("1280", DESKTOP)):
        page.set_viewport_size(size)
        page.screenshot(path=str(SHOTS / f"analysis-{label}.png"), full_page=True)
    shoot(page, "cbt-analysis")
    page.locator("[data-testid=analysis-row]").first.get_by_role("link").click()
    expect(page.get_by_test_id("stat-r")).to_have_text("-0,3727")
    assert ItemVersion.objects.get(pk=ids[3]).item_id == int(page.url.rstrip("/").split("/")[-1])
    for label, size in (("360", PHONE), ("1280", DESKTOP)):
        page.set_viewport_size(size)
        page.screenshot(path=str(SHOTS / f"item-{label}.png"), full_page=True)
    shoot(page, "cbt-analysis-item")
    assert violations == []
