"""Appeals in a real browser (FR.AK.04): a candidate declared Belum Kompeten appeals from the status page
on a phone; the LSP admin forms a panel without the people who took part; the panel grants a
re-assessment; after the assessor's new scores the plenary declares Kompeten and the candidate verifies the
certificate on the public page."""

import pytest
from playwright.sync_api import expect

from certification import reference
from certification.assessment import reference as rubrics
from certification.exams import services as exams
from portal.accounts.roles import Role
from portal.appeals.models import Appeal
from portal.credentials.models import Credential
from tests.appeals.helpers import GOOD, failed_candidate
from tests.exams.helpers import make_assessor, scores_for

from .conftest import DESKTOP, PHONE, shoot, sign_in

pytestmark = pytest.mark.e2e

REASONS = "Penguji tidak menilai studi kasus kedua yang saya presentasikan dalam ujian praktik."


def test_a_belum_kompeten_candidate_appeals_and_becomes_kompeten(server, page, make_user):
    base = server.url
    reference.load()  # schemes and rounds (a transactional test's flush removes the migrations' rows)
    rubrics.load()
    failed = failed_candidate(make_user, full_name="Dewi Lestari")
    application, worker = failed.application, failed.application.applicant
    handler = make_user(Role.LSP_ADMIN, totp=True, full_name="Rina Kartika")
    member = make_assessor(make_user, institution="Universitas Brawijaya", full_name="Dr. Yusuf Hakim").user

    # The candidate, on a phone: the status page offers the appeal; a missing answer is said beside it.
    page.set_viewport_size(PHONE)
    sign_in(page, base, worker)
    page.goto(f"{base}/applications/{application.pk}/")
    page.get_by_role("link", name="Ajukan banding atas keputusan ini").click()
    expect(page.get_by_test_id("appeal-decision")).to_contain_text("Belum Kompeten")
    form = page.get_by_test_id("appeal-form")
    form.locator("input[name=process_explained][value=yes]").check()
    form.locator("input[name=wants_help][value=no]").check()
    form.get_by_label("Alasan banding").fill(REASONS)
    form.get_by_role("button", name="Kirim banding").click()
    expect(page.locator("#id_discussed_with_assessor_error, .invalid-feedback").first).to_be_visible()
    expect(page.get_by_label("Alasan banding")).to_have_value(REASONS)
    shoot(page, "appeals-form-error")
    page.locator("input[name=discussed_with_assessor][value=no]").check()
    page.get_by_role("button", name="Kirim banding").click()
    appeal = Appeal.objects.get()
    expect(page.get_by_test_id("appeal-status")).to_have_text("Diajukan, menunggu panel")
    shoot(page, "appeals-submitted")

    # The LSP admin: the appeal in the Certification menu; the exam's assessor and the plenary's chair
    # are not offered, with the reason; one free assessor forms the panel.
    page.context.clear_cookies()
    page.set_viewport_size(DESKTOP)
    sign_in(page, base, handler)
    page.get_by_role("button", name="Sertifikasi").click()
    page.get_by_role("link", name="Banding", exact=True).click()
    expect(page.get_by_test_id("appeal-list")).to_contain_text("Dewi Lestari")
    shoot(page, "appeals-list")
    page.get_by_role("link", name=appeal.reference).click()
    page.get_by_text("Siapa yang tidak dapat menjadi anggota panel ini").click()
    refused = page.get_by_test_id("panel-refused")
    expect(refused).to_contain_text(f"{failed.assessor.user.full_name}: menilai ujian kompetensi kandidat")
    expect(refused).to_contain_text(f"{failed.chair.full_name}: memutuskan kandidat dalam rapat pleno")
    page.get_by_label("Anggota panel").select_option(str(member.pk))
    page.get_by_role("button", name="Tambahkan ke panel").click()
    expect(page.get_by_test_id("appeal-panel")).to_contain_text("Dr. Yusuf Hakim")
    shoot(page, "appeals-panel")
    page.get_by_role("button", name="Serahkan kepada panel").click()
    expect(page.get_by_test_id("appeal-status")).to_have_text("Ditangani panel banding")

    # The panel member, on a phone: grants a re-assessment.
    page.context.clear_cookies()
    page.set_viewport_size(PHONE)
    sign_in(page, base, member)
    page.get_by_role("link", name="Buka daftar banding").click()
    page.get_by_role("link", name=appeal.reference).click()
    decision = page.get_by_test_id("decision-form")
    expect(decision.get_by_text("Akibat banding yang dikabulkan")).to_be_hidden()  # until "granted" is chosen
    decision.locator("input[name=action][value=grant]").check()
    decision.locator("input[name=outcome][value=change]").check()
    expect(decision.get_by_label("Keputusan baru")).to_be_visible()
    decision.locator("input[name=outcome][value=reassess]").check()
    expect(decision.get_by_label("Keputusan baru")).to_be_hidden()  # a re-assessment has no new decision
    decision.get_by_label("Alasan panel").fill("Studi kasus kedua tidak dinilai; ujian praktik diases ulang.")
    shoot(page, "appeals-decide")
    decision.get_by_role("button", name="Catat keputusan").click()
    expect(page.get_by_test_id("appeal-status")).to_have_text("Dikabulkan")
    expect(page.get_by_test_id("appeal-outcome")).to_contain_text("Asesmen ulang")
    shoot(page, "appeals-granted")
    application.refresh_from_db()
    assert application.status == "exam_attended"

    # The assessor scores again (the scoring page is driven in test_exams); the plenary decides again.
    booking = failed.booking
    booking.refresh_from_db()
    exams.save_scores(failed.assessor.user, booking, scores_for(booking, GOOD))
    page.context.clear_cookies()
    page.set_viewport_size(DESKTOP)
    sign_in(page, base, failed.chair)
    page.goto(f"{base}/secretariat/exams/{failed.session.pk}/plenary/")
    page.get_by_role("button", name="Catat keputusan").click()
    expect(page.get_by_text("Pleno tercatat: 1 Kompeten, 0 Belum Kompeten.")).to_be_visible()
    application.refresh_from_db()
    assert application.status == "competent"
    credential = Credential.objects.get(source=f"certification.application:{application.pk}")

    # The candidate sees the appeal decided and verifies the certificate publicly.
    page.context.clear_cookies()
    page.set_viewport_size(PHONE)
    sign_in(page, base, worker)
    page.goto(base + appeal.get_absolute_url())
    expect(page.get_by_test_id("appeal-outcome")).to_contain_text("Dikabulkan")
    page.context.clear_cookies()
    page.goto(f"{base}/verify/{credential.number}/")
    status = page.get_by_test_id("credential-status")
    expect(status).to_have_attribute("data-status", "valid")
    expect(page.get_by_test_id("credential-facts")).to_contain_text("Dewi Lestari")
    shoot(page, "appeals-verified")
