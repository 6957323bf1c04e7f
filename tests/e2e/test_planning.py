"""Issue 15, item 3 in a real browser: the assessor records the assessment plan (FR.MAPA.01) at 1280 px;
check-in is refused while the agreement (FR.AK.01) is not confirmed; the candidate confirms it at 360 px
from their next step, the assessor confirms, and check-in succeeds."""

import pytest
from playwright.sync_api import expect

from certification import reference
from certification.planning.models import AgreementConfirmation, AssessmentPlan
from tests.planning.helpers import planned_world

from .conftest import DESKTOP, PHONE, shoot, sign_in

pytestmark = pytest.mark.e2e


def test_plan_agree_and_check_in(server, page, make_user):
    reference.load()
    base = server.url
    session, (booking,), assessor, staff, version = planned_world(make_user)
    first, second = version.units.all()
    application = booking.application

    # The assessor, on a desktop: the session's plans, then the candidate's plan from the default.
    page.set_viewport_size(DESKTOP)
    sign_in(page, base, assessor.user)
    page.goto(f"{base}/planning/")
    page.get_by_role("link", name=session.display_title).click()
    expect(page.get_by_test_id("missing")).to_contain_text("1 peserta belum memiliki rencana")
    shoot(page, "planning-session")
    page.get_by_role("link", name="Catat rencana").click()
    expect(page.get_by_role("heading", name="Rencana asesmen (FR.MAPA.01)")).to_be_visible()
    page.get_by_label("Asesmen akhir").check()
    for box in page.locator(f"input[name=m{second.pk}]").all():
        box.uncheck()
    page.get_by_role("button", name="Simpan rencana").click()  # a unit without a method: kept, said beside it
    expect(page.get_by_text("Pilih paling sedikit satu metode untuk unit ini.")).to_be_visible()
    page.locator(f"#unit-{first.pk}").get_by_label("Observasi").check()
    page.locator(f"#unit-{second.pk}").get_by_label("Pertanyaan lisan").check()
    page.locator(f"#unit-{second.pk}").get_by_label("Tugas praktik").check()
    page.get_by_label("Catatan (konteks, orang yang terlibat)").fill("TUK sewaktu; pendamping dari LKSA")
    shoot(page, "planning-plan")
    page.get_by_role("button", name="Simpan rencana").click()
    expect(page.get_by_text("Rencana asesmen tersimpan.")).to_be_visible()
    expect(page.get_by_test_id("plan-units")).to_contain_text("M.87SOS00.002.1")
    expect(page.get_by_test_id("plan-units")).to_contain_text("Pertanyaan lisan, Tugas praktik")
    plan = AssessmentPlan.objects.get(booking=booking)
    assert plan.rows.get(unit=second).methods == ["oral", "practical"]
    assert "observation" in plan.rows.get(unit=first).methods

    # Check-in is refused: nobody confirmed the agreement yet.
    page.context.clear_cookies()
    page.set_viewport_size(PHONE)
    sign_in(page, base, staff)
    page.goto(f"{base}/secretariat/exams/{session.pk}/check-in/")
    page.get_by_label("Kode pada kartu peserta").fill(booking.code)
    page.get_by_role("button", name="Catat hadir").click()
    result = page.locator("[data-result]")
    expect(result).to_contain_text("belum dikonfirmasi oleh peserta dan asesor")
    expect(result).to_contain_text("FR.AK.01 belum dikonfirmasi oleh: peserta, asesor")
    shoot(page, "planning-checkin-refused")

    # The candidate, on a phone: the next step on the status page leads to the agreement.
    page.context.clear_cookies()
    sign_in(page, base, application.applicant)
    page.goto(f"{base}/applications/{application.pk}/")
    page.get_by_test_id("next-steps").get_by_role("link", name="Konfirmasi persetujuan asesmen").click()
    expect(page.get_by_role("heading", name="Persetujuan asesmen dan kerahasiaan (FR.AK.01)")).to_be_visible()
    expect(page.get_by_test_id("plan-units")).to_contain_text("M.87SOS00.001.1")
    page.get_by_role("button", name="Konfirmasi sebagai peserta").click()  # the box not ticked
    expect(page.get_by_text("Centang kotak ini untuk mengonfirmasi persetujuan.")).to_be_visible()
    page.get_by_label("Saya telah membaca persetujuan asesmen").check()
    shoot(page, "planning-agreement-candidate")
    page.get_by_role("button", name="Konfirmasi sebagai peserta").click()
    expect(page.get_by_text("Anda telah mengonfirmasi persetujuan asesmen dan kerahasiaan.")).to_be_visible()
    expect(page.get_by_test_id("confirmations")).to_contain_text("Dikonfirmasi pada")
    assert AgreementConfirmation.objects.get(booking=booking).party == "candidate"

    # The assessor confirms on a desktop.
    page.context.clear_cookies()
    page.set_viewport_size(DESKTOP)
    sign_in(page, base, assessor.user)
    page.goto(f"{base}/planning/bookings/{booking.pk}/agreement/")
    page.get_by_label("Saya telah membaca persetujuan asesmen").check()
    page.get_by_role("button", name="Konfirmasi sebagai asesor").click()
    expect(page.get_by_text("Anda telah mengonfirmasi persetujuan.")).to_be_visible()
    page.goto(f"{base}/planning/sessions/{session.pk}/")
    expect(page.get_by_text("Rencana setiap peserta sudah dicatat")).to_be_visible()

    # Now check-in works.
    page.context.clear_cookies()
    page.set_viewport_size(PHONE)
    sign_in(page, base, staff)
    page.goto(f"{base}/secretariat/exams/{session.pk}/check-in/")
    page.get_by_label("Kode pada kartu peserta").fill(booking.code)
    page.get_by_role("button", name="Catat hadir").click()
    expect(page.locator("[data-result]")).to_contain_text("Tercatat hadir")
    booking.refresh_from_db()
    assert booking.attendance == "present"
