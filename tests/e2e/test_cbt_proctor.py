"""Issue 16 (item 4) in a real browser: the proctor (the session's secretariat, on the console) pauses a
candidate's test; the candidate's page (a phone, another browser) says so and its clock stops; answers
given while paused wait in the browser and are saved after the resume; the proctor adds time with a
reason and the candidate's clock shows it; the proctor ends the test and the candidate's page goes to
the done page. The console refreshes itself."""

import re

import pytest
from playwright.sync_api import expect

from certification import reference
from certification.cbt.models import Attempt

from .conftest import PHONE, shoot, sign_in

pytestmark = pytest.mark.e2e


def seconds(clock_text):
    h, m, s = (int(x) for x in clock_text.split(":"))
    return h * 3600 + m * 60 + s


def test_the_proctor_pauses_extends_and_ends_a_candidates_test(server, page, browser, make_user):
    from tests.cbt.helpers import ready_candidate

    reference.load()
    base = server.url
    booking, staff = ready_candidate(make_user, items=5, minutes=20)

    # The candidate starts on a phone (a browser of their own).
    phone_context = browser.new_context(locale="id-ID", viewport=PHONE)
    phone = phone_context.new_page()
    phone.set_default_timeout(15_000)
    sign_in(phone, base, booking.application.applicant)
    phone.goto(f"{base}/cbt/bookings/{booking.pk}/")
    phone.get_by_role("button", name="Mulai tes").click()
    expect(phone.get_by_text("Soal 1 dari 5")).to_be_visible()
    attempt = Attempt.objects.get(booking=booking)
    status, clock, paused_box = phone.locator("#cbt-status"), phone.locator("#cbt-clock"), phone.locator("#cbt-paused")
    expect(paused_box).to_be_hidden()

    # The proctor opens the console from the session page and pauses the test.
    sign_in(page, base, staff)
    page.goto(f"{base}{booking.session.get_absolute_url()}")
    page.get_by_role("link", name="Tes tertulis berbasis komputer (CBT)").click()
    expect(page.get_by_role("heading", name=re.compile("Konsol pengawas"))).to_be_visible()
    row = page.locator(f"#booking-{booking.pk}")
    expect(row).to_contain_text("sedang dikerjakan")
    expect(row).to_contain_text("0/5")
    # The time left counts down between the console's refreshes.
    left = row.get_by_test_id("time-left")
    first = seconds(left.inner_text())
    page.wait_for_function("([el, s]) => parseInt(el.dataset.seconds, 10) <= s - 2", arg=[left.element_handle(), first])
    assert seconds(left.inner_text()) <= first - 2
    row.get_by_role("button", name="Jeda").click()
    expect(page.get_by_text("Dijeda: 1 tes.")).to_be_visible()
    expect(row).to_contain_text("dijeda")

    # The candidate answers: the server says "paused", the page says so, the answer waits; the clock stands still.
    phone.locator("label[for=q1-0]").click()
    expect(paused_box).to_be_visible()
    expect(paused_box).to_contain_text("Tes dijeda oleh pengawas.")
    phone.locator("label[for=q2-1]").click()
    expect(status).to_have_text("Jawaban Anda menunggu di peramban ini dan dikirim saat tes dilanjutkan.")
    phone.wait_for_timeout(1500)  # the page has asked the server for its stopped clock
    stood = clock.text_content()
    phone.wait_for_timeout(2500)
    assert clock.text_content() == stood
    assert attempt.items.filter(choice__isnull=False).count() == 0
    shoot(phone, "cbt-paused")

    # The proctor resumes: the page notices (it asks every 5 s while paused) and sends what waited.
    row.get_by_role("button", name="Lanjutkan").click()
    expect(page.get_by_text("Dilanjutkan: 1 tes.")).to_be_visible()
    expect(paused_box).to_be_hidden(timeout=20_000)
    expect(status).to_have_text("Semua jawaban tersimpan.", timeout=20_000)
    items = {q.position: q for q in attempt.items.all()}
    assert items[1].shown_choice == 0 and items[2].shown_choice == 1
    # The console refreshes itself (every 10 s): the two answers show without a reload.
    expect(row).to_contain_text("2/5", timeout=20_000)

    # The proctor adds 30 minutes with a reason; the candidate's clock shows the new time with the next answer.
    before = seconds(clock.text_content())
    row.get_by_text("Tambah waktu…").click()
    row.get_by_label("Menit (1–120)").fill("30")
    row.get_by_label("Alasan").fill("Listrik padam di ruang 2")
    shoot(page, "cbt-proctor-extend")
    row.get_by_role("button", name="Tambahkan waktu").click()
    expect(page.get_by_text("Diperpanjang: 1 tes.")).to_be_visible()
    expect(page.get_by_test_id("proctor-log")).to_contain_text("“Listrik padam di ruang 2”")
    expect(row).to_contain_text("+30 menit dari pengawas")
    with phone.expect_response(lambda r: r.url.endswith("/answer/") and r.status == 200):
        phone.locator("label[for=q3-2]").click()
    after = seconds(clock.text_content())
    assert before + 30 * 60 - 60 <= after <= before + 30 * 60 + 5
    assert Attempt.objects.get(pk=attempt.pk).proctor_minutes == 30
    shoot(page, "cbt-proctor")

    # The proctor ends the test (with a confirmation); the candidate's page goes to the done page.
    row.get_by_text("Akhiri tes…").click()
    row.get_by_role("button", name="Ya, akhiri tes").click()
    expect(page.get_by_text("Diakhiri: 1 tes.")).to_be_visible()
    expect(row).to_contain_text("Diakhiri oleh pengawas")
    expect(phone.get_by_role("heading", name="Tes Anda telah dikumpulkan")).to_be_visible(timeout=25_000)
    expect(phone.get_by_text("Pengawas mengakhiri tes")).to_be_visible()
    attempt.refresh_from_db()
    assert (attempt.status, attempt.submit_reason) == ("submitted", "proctor")
    assert attempt.items.filter(choice__isnull=False).count() == 3
    shoot(page, "cbt-proctor-ended")
    phone_context.close()
