"""Issue 17 item 5 in a real browser: the LSP admin opens "Retensi data" from the certification menu at
1280 px and sees the draft that is due and the last run; the same page at 360 px."""

import pytest
from dateutil.relativedelta import relativedelta
from playwright.sync_api import expect

from certification import reference as certification_reference
from portal.accounts.roles import Role
from portal.retention import rules, services
from tests.retention.helpers import draft

from .conftest import DESKTOP, PHONE, shoot, sign_in

pytestmark = pytest.mark.e2e


def test_the_lsp_admin_reads_the_retention_overview(server, page, make_user):
    certification_reference.load()
    draft(make_user, age=relativedelta(months=13))
    services.apply(rules.get("certification.drafts"), dry_run=True)
    admin = make_user(Role.LSP_ADMIN)

    page.set_viewport_size(DESKTOP)
    sign_in(page, server.url, admin)
    page.get_by_role("button", name="Sertifikasi").or_(page.get_by_role("link", name="Sertifikasi")).first.click()
    page.get_by_role("link", name="Retensi data").click()
    expect(page.get_by_role("heading", name="Retensi data", exact=True)).to_be_visible()
    card = page.locator("section.card", has_text="Draf permohonan sertifikasi")
    expect(card.get_by_test_id("due")).to_have_text("1 jatuh tempo sekarang")
    expect(card).to_contain_text("uji coba: 1 dihapus")
    shoot(page, "retention-overview")

    page.set_viewport_size(PHONE)
    page.reload()
    expect(page.get_by_role("heading", name="Penerapan terbaru")).to_be_visible()
