"""Issue 16 (items 3 and 5) in a real browser: a checked-in candidate takes a short computer-based test at
360 px; the network is cut (Playwright's offline mode) while answering, the answers wait in the browser and
arrive when it returns; the candidate submits and the scores land in the exam's cognitive component."""

import pytest
from playwright.sync_api import expect

from certification import reference
from certification.cbt.models import Attempt
from certification.exams.models import ExamScore

from .conftest import PHONE, shoot, sign_in

pytestmark = pytest.mark.e2e


def test_a_candidate_takes_the_test_on_a_phone_through_a_network_cut(server, page, make_user):
    from tests.cbt.helpers import ready_candidate

    reference.load()
    base = server.url
    booking, _staff = ready_candidate(make_user, items=5, minutes=20)
    page.set_viewport_size(PHONE)
    sign_in(page, base, booking.application.applicant)

    # From the booking to the start page: no item in it yet.
    page.goto(f"{base}/exams/bookings/{booking.pk}/")
    page.get_by_test_id("cbt-link").click()
    expect(page.get_by_role("heading", name="Tes tertulis berbasis komputer (CBT)")).to_be_visible()
    assert "Soal " not in page.content()
    shoot(page, "cbt-start")
    page.get_by_role("button", name="Mulai tes").click()
    expect(page.get_by_text("Soal 1 dari 5")).to_be_visible()
    attempt = Attempt.objects.get(booking=booking)
    status = page.locator("#cbt-status")

    # Question 1 online: saved at once.
    page.locator("label[for=q1-0]").click()
    expect(status).to_have_text("Semua jawaban tersimpan.")
    assert attempt.items.get(position=1).choice is not None

    # The network is cut: questions 2 and 3 are answered (3 also flagged), they wait in the browser.
    page.context.set_offline(True)
    page.locator("label[for=q2-1]").click()
    page.locator("label[for=q3-2]").click()
    page.locator("label[for=flag3]").click()
    expect(status).to_contain_text("Luring")
    expect(page.locator("[data-map='3']")).to_have_class("cbt-map-link is-answered is-flagged")
    expect(page.locator("#cbt-answered")).to_have_text("3")
    assert attempt.items.filter(position__in=[2, 3], choice__isnull=False).count() == 0
    shoot(page, "cbt-offline")

    # The connection returns: the queue is sent, in order, and everything is kept.
    page.context.set_offline(False)
    expect(status).to_have_text("Semua jawaban tersimpan.", timeout=20_000)
    items = {q.position: q for q in attempt.items.all()}
    assert items[2].shown_choice == 1 and items[3].shown_choice == 2 and items[3].flagged
    # Keyboard only: question 4 by Tab and the arrow keys.
    page.locator("#q4-0").focus()
    with page.expect_response(lambda r: r.url.endswith("/answer/") and r.status == 200):
        page.keyboard.press("ArrowDown")
    expect(page.locator("#q4-1")).to_be_checked()
    with page.expect_response(lambda r: r.url.endswith("/answer/") and r.status == 200):
        page.locator("label[for=q5-3]").click()
    expect(status).to_have_text("Semua jawaban tersimpan.")
    assert attempt.items.filter(choice__isnull=False).count() == 5

    # Submit with a confirmation; the scores go into the cognitive component; the result waits for release.
    page.get_by_role("link", name="Selesai dan kumpulkan…").click()
    expect(page.get_by_text("Anda menjawab 5 dari 5 soal.")).to_be_visible()
    shoot(page, "cbt-confirm")
    page.get_by_role("button", name="Ya, kumpulkan jawaban saya").click()
    expect(page.get_by_role("heading", name="Tes Anda telah dikumpulkan")).to_be_visible()
    expect(page.get_by_text("Hasil Anda akan ditampilkan di sini setelah LSP merilisnya.")).to_be_visible()
    shoot(page, "cbt-done")
    attempt.refresh_from_db()
    assert attempt.status == "submitted"
    scores = {s.part.kind: s.value for s in ExamScore.objects.filter(booking=booking).select_related("part")}
    assert set(scores) == {"knowledge", "values", "skills"}
    assert scores == {"knowledge": attempt.score_knowledge, "values": attempt.score_values, "skills": attempt.score_skills}


def test_an_lsp_admin_imports_items_and_sets_the_blueprint(server, page, make_user):
    import csv
    import io

    from certification.cbt import spreadsheet
    from certification.cbt.models import Blueprint, ItemVersion
    from portal.accounts.roles import Role

    reference.load()
    base = server.url
    admin = make_user(Role.LSP_ADMIN)
    sign_in(page, base, admin)
    page.set_viewport_size(PHONE)
    page.goto(f"{base}/cbt/items/")
    expect(page.get_by_role("heading", name="Bank soal (CBT)")).to_be_visible()
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(spreadsheet.HEADERS)
    writer.writerow(["", "pengetahuan", "mudah", "Apa tujuan asesmen?", "A", "B", "C", "D", "", "Z", ""])
    page.locator("#id_scheme").select_option(label="Pekerja Sosial Generalis")
    page.locator("#id_file").set_input_files({"name": "soal.csv", "mimeType": "text/csv", "buffer": buffer.getvalue().encode()})
    page.get_by_role("button", name="Impor").click()
    expect(page.get_by_test_id("import-errors")).to_contain_text("Kunci “Z” bukan salah satu pilihan yang diisi (A–D).")
    shoot(page, "cbt-import-errors")
    assert ItemVersion.objects.count() == 0
    good = buffer.getvalue().replace(",Z,", ",B,")
    page.locator("#id_file").set_input_files({"name": "soal.csv", "mimeType": "text/csv", "buffer": good.encode()})
    page.get_by_role("button", name="Impor").click()
    expect(page.get_by_text("1 soal diimpor.")).to_be_visible()
    expect(page.get_by_test_id("items")).to_contain_text("Apa tujuan asesmen?")
    shoot(page, "cbt-items")
    page.goto(f"{base}/cbt/blueprints/")
    page.get_by_role("link", name="Pekerja Sosial Generalis").click()
    page.locator("#id_item_count").fill("10")
    page.locator("#id_time_limit_minutes").fill("30")
    page.get_by_role("button", name="Simpan").click()
    expect(page.get_by_role("status")).to_contain_text("Bank soal terlalu kecil untuk kisi-kisi")
    shoot(page, "cbt-blueprint")
    assert Blueprint.objects.get().item_count == 10
