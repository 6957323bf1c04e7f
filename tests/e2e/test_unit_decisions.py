"""Issue 15, item 4 in a real browser: the candidate self-assesses two units at 360 px (FR.APL.02) and
submits; after the exam the assessor records K for one unit and BK for the other (FR.AK.02); the plenary
sees the units and decides on the recommendation; the candidate re-applies for the BK unit only."""

import pytest
from playwright.sync_api import expect

from certification import reference
from certification import services as certification_services
from certification.exams import services as exam_services
from certification.models import Application
from certification.unitdecisions.models import AssessmentRecord, Resit
from portal.accounts.roles import Role
from tests.certification.helpers import fill_application, make_worker, open_round, standard_route
from tests.competency.helpers import publish_units
from tests.exams.helpers import later_today, make_assessor, make_session, scores_for, secretariat_of, start_now
from tests.unitdecisions.helpers import GOOD, admit

from .conftest import DESKTOP, PHONE, allow_codes, shoot, sign_in

pytestmark = pytest.mark.e2e

FIRST, SECOND = "M.87SOS00.001.1", "M.87SOS00.002.1"


def test_self_assess_decide_per_unit_plenary_and_resit_the_bk_unit(server, page, make_user):
    reference.load()
    base = server.url
    allow_codes(page, ["1.1", "2.1"])
    admin = make_user(Role.LSP_ADMIN, full_name="Rina Kartika", email="admin@example.test")
    publish_units(admin, codes=(FIRST, SECOND))

    # The candidate, on a phone: FR.APL.02 for both units, then the application is submitted.
    round_ = open_round(name="Pekerja Sosial Generalis — Gelombang I")
    worker = make_worker(make_user, full_name="Rina Marlina", email="rina@example.test")
    application = certification_services.start_application(worker, round_, standard_route(round_))
    fill_application(worker, application)
    page.set_viewport_size(PHONE)
    sign_in(page, base, worker)
    page.goto(f"{base}/applications/{application.pk}/step/self-assessment/")
    expect(page.get_by_role("heading", name="Asesmen mandiri (FR.APL.02)")).to_be_visible()
    units = page.locator("section.apl02-unit")
    expect(units).to_have_count(2)
    for index in range(2):
        unit = units.nth(index)
        for element_index in range(2):
            element = unit.locator("fieldset.apl02-element").nth(element_index)
            element.get_by_text("Kompeten", exact=True).click()
            element.locator(".apl02-evidence label").first.click()
        expect(unit.locator("[data-save-state]")).to_contain_text("Tersimpan")
    expect(page.get_by_text("4 dari 4 elemen dijawab.")).to_be_visible()
    page.get_by_role("link", name="Lanjut").click()
    page.get_by_role("button", name="Ajukan permohonan").click()
    expect(page.get_by_text("Permohonan Anda telah diajukan", exact=False)).to_be_visible()

    # Verification and the portfolio assessment are other pages' business: the file goes to the exam.
    Application.objects.filter(pk=application.pk).update(status="assessed_proceed")
    staff = secretariat_of(make_user, full_name="Dewi Lestari", email="dewi@example.test")
    assessor = make_assessor(make_user, full_name="Dr. Ahmad Fauzi", email="ahmad@example.test")
    session = make_session(capacity=10, starts_in=later_today(), cutoff=0, title="Uji Kompetensi — Bandung")
    exam_services.set_assessors(staff, session, [assessor])
    booking = exam_services.book_seat(staff, application, session)
    admit(staff, session, booking)
    exam_services.save_scores(assessor.user, booking, scores_for(booking, GOOD))

    # The assessor: from the score page to FR.AK.02; K for the first unit, BK for the second.
    page.context.clear_cookies()
    sign_in(page, base, assessor.user)
    page.goto(f"{base}/secretariat/exams/{session.pk}/scoring/{booking.pk}/")
    page.get_by_role("link", name="Buka FR.AK.02").click()
    expect(page.get_by_role("heading", name="Keputusan per unit (FR.AK.02)")).to_be_visible()
    cards = page.locator("section.ak02-unit")
    expect(cards).to_have_count(2)
    cards.nth(0).get_by_text("K (Kompeten)", exact=True).click()
    cards.nth(0).get_by_label("Dokumen portofolio").check()
    cards.nth(0).get_by_label("Observasi (demonstrasi praktik)").check()
    cards.nth(1).get_by_text("BK (Belum Kompeten)", exact=True).click()
    cards.nth(1).get_by_label("Tes tertulis").check()
    cards.nth(1).get_by_label("Catatan").fill("Rencana intervensi belum memiliki indikator keberhasilan.")
    shoot(page, "unitdecisions-ak02")
    page.get_by_role("button", name="Ajukan FR.AK.02").click()
    expect(page.get_by_text("FR.AK.02 telah diajukan.")).to_be_visible()
    expect(page.get_by_test_id("ak02-recommendation")).to_contain_text(f"Belum Kompeten — unit {SECOND}")
    record = AssessmentRecord.objects.get(booking=booking)
    assert record.submitted_at is not None
    assert [(d.unit.code, d.decision) for d in record.decisions.order_by("unit__order")] == [(FIRST, "K"), (SECOND, "BK")]

    # The plenary sees the units and the recommendation, the decision prefilled with it.
    start_now(session)
    exam_services.close_attendance(staff, session)
    page.context.clear_cookies()
    page.set_viewport_size(DESKTOP)
    sign_in(page, base, admin)
    page.goto(f"{base}/secretariat/exams/{session.pk}/plenary/")
    units_box = page.get_by_test_id("plenary-units")
    expect(units_box).to_contain_text(FIRST)
    expect(units_box).to_contain_text(SECOND)
    expect(units_box).to_contain_text(f"Belum Kompeten (unit {SECOND})")
    expect(page.get_by_label("Belum Kompeten")).to_be_checked()
    shoot(page, "unitdecisions-plenary")
    page.get_by_role("button", name="Catat keputusan").click()
    expect(page.get_by_text("Pleno tercatat: 0 Kompeten, 1 Belum Kompeten.")).to_be_visible()
    expect(page.get_by_test_id("plenary-units-decided")).to_contain_text(f"{SECOND} BK")
    application.refresh_from_db()
    assert application.status == "not_yet_competent"

    # The candidate, on a phone: the offer on the status page, a re-sit of the BK unit only.
    later = open_round(name="Pekerja Sosial Generalis — Gelombang II")
    page.context.clear_cookies()
    page.set_viewport_size(PHONE)
    sign_in(page, base, worker)
    page.goto(f"{base}/applications/{application.pk}/")
    expect(page.locator("#units-result")).to_contain_text(SECOND)
    page.get_by_role("link", name="Uji ulang unit yang Belum Kompeten").click()
    expect(page.get_by_test_id("resit-units")).to_contain_text(SECOND)
    expect(page.get_by_test_id("resit-units")).not_to_contain_text(FIRST)
    shoot(page, "unitdecisions-resit")
    page.get_by_label("Pekerja Sosial Generalis — Gelombang II", exact=False).check()
    page.get_by_role("button", name="Mulai permohonan uji ulang").click()
    expect(page.get_by_text("Permohonan uji ulang Anda telah dimulai", exact=False)).to_be_visible()
    expect(page.locator("section.apl02-unit")).to_have_count(1)
    expect(page.locator("section.apl02-unit")).to_contain_text(SECOND)
    shoot(page, "unitdecisions-resit-self-assessment")
    new = Resit.objects.get(earlier=application).application
    assert new.round == later and new.status == "draft"
    assert [u.code for u in Resit.objects.get(application=new).units.all()] == [SECOND]


def test_report_review_and_feedback_on_a_phone(server, page, make_user):
    """FR.AK.05 and FR.AK.06 by the assessor, FR.AK.03 by the candidate, filled in at 360 px."""
    from certification.unitdecisions.models import AssessorReport, CandidateFeedback, ProcessReview
    from tests.unitdecisions.helpers import decide_units, sitting

    reference.load()
    base = server.url
    sit = sitting(make_user, full_name="Rina Marlina")
    decide_units(sit, ["K", "BK"])
    page.set_viewport_size(PHONE)
    sign_in(page, base, sit.assessor.user)
    page.goto(f"{base}/assessment/units/{sit.booking.pk}/")
    page.get_by_role("link", name="FR.AK.05").click()
    expect(page.get_by_test_id("ak05-recommendation")).to_contain_text("M.87SOS00.002.1")
    page.get_by_role("button", name="Konfirmasi laporan").click()
    expect(page.get_by_text("Uraikan kesenjangan unit ini.")).to_be_visible()
    page.get_by_label("Catatan tentang peserta").fill("Asesmen kebutuhan klien dikuasai.")
    page.get_by_label("Kesenjangan pada unit M.87SOS00.002.1").fill("Tujuan intervensi belum terukur.")
    shoot(page, "unitdecisions-ak05")
    page.get_by_role("button", name="Konfirmasi laporan").click()
    expect(page.get_by_text("FR.AK.05 telah dikonfirmasi.")).to_be_visible()
    page.get_by_role("link", name="FR.AK.06").click()
    page.locator("#id_stage_plan_0").check()  # the assessment plan: valid
    page.get_by_label("Keterampilan tugas (task skills)").check()
    page.get_by_label("Rekomendasi perbaikan").fill("Tambah waktu ujian praktik.")
    shoot(page, "unitdecisions-ak06")
    page.get_by_role("button", name="Ajukan tinjauan").click()
    expect(page.get_by_text("FR.AK.06 telah diajukan.")).to_be_visible()
    assert AssessorReport.objects.get().confirmed_at and ProcessReview.objects.get().submitted_at

    page.context.clear_cookies()
    sign_in(page, base, sit.application.applicant)
    page.goto(f"{base}/applications/{sit.application.pk}/")
    page.get_by_role("link", name="Beri umpan balik atas asesmen Anda (FR.AK.03)").click()
    expect(page.get_by_role("heading", name="Umpan balik asesmen (FR.AK.03)")).to_be_visible()
    page.get_by_role("button", name="Kirim umpan balik saya").click()
    expect(page.get_by_text("Jawab ya atau tidak.").first).to_be_visible()
    for radio in page.locator("input[type=radio][value=yes]").all():
        radio.check()
    shoot(page, "unitdecisions-ak03")
    page.get_by_role("button", name="Kirim umpan balik saya").click()
    expect(page.get_by_text("Terima kasih: umpan balik Anda (FR.AK.03) telah tercatat.")).to_be_visible()
    assert set(CandidateFeedback.objects.get().answers.values()) == {"yes"}
