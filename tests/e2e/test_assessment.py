"""Issue 5 in a real browser: the secretariat assigns two assessors, both declare no conflict and
score (one on a phone), their totals disagree past the threshold, the LSP admin reconciles, and the
applicant sees the outcome."""

import re

import pytest
from playwright.sync_api import expect

from certification import reference
from certification.assessment import reference as rubrics
from certification.assessment.models import RoundAssessment
from portal.accounts.roles import Role
from tests.assessment.helpers import eligible_application, make_assessor, region_secretariat

from .conftest import PHONE, shoot, sign_in

pytestmark = pytest.mark.e2e


def score_all(page, level):
    for fieldset in page.locator("fieldset.criterion").all():
        fieldset.locator(f"input[type=radio][value='{level}']").check()


def test_assign_score_disagree_reconcile(server, page, make_user):
    reference.load()
    rubrics.load()
    base = server.url
    application = eligible_application(make_user, full_name="Yuni Astuti", email="yuni@example.test")
    RoundAssessment.objects.update_or_create(round=application.round, defaults={"reconciliation_threshold": 10})
    secretariat = region_secretariat(make_user)
    first = make_assessor(make_user, full_name="Dr. Ahmad Fauzi", email="ahmad@example.test")
    second = make_assessor(make_user, full_name="Dra. Maria Ulfa", email="maria@example.test", institution="STKS Bandung")
    admin = make_user(Role.LSP_ADMIN, full_name="Rina Kartika", email="rina.admin@example.test")

    # The secretariat assigns both suggested assessors.
    sign_in(page, base, secretariat)
    page.goto(base + "/secretariat/assessment/")
    shoot(page, "assess-progress")
    page.get_by_role("link", name="Yuni Astuti").click()
    page.get_by_label(re.compile("Dr. Ahmad Fauzi")).check()
    page.get_by_label(re.compile("Dra. Maria Ulfa")).check()
    shoot(page, "assess-assign")
    page.get_by_role("button", name="Tugaskan").click()
    expect(page.get_by_text("Ditugaskan.")).to_be_visible()

    # Each assessor declares no conflict and scores; the first on a phone.
    for assessor, level, phone in ((first, "4", True), (second, "3", False)):
        page.context.clear_cookies()
        if phone:
            page.set_viewport_size(PHONE)
        sign_in(page, base, assessor)
        page.goto(base + "/assessment/")
        page.get_by_role("link", name=re.compile(application.reference)).click()
        expect(page.get_by_text("Yuni Astuti")).to_have_count(0)  # nothing beyond the scheme before the declaration
        shoot(page, "assess-declare")
        page.get_by_label(re.compile("tidak memiliki konflik kepentingan")).check()
        page.get_by_role("button", name="Konfirmasi pernyataan").click()
        expect(page.get_by_role("heading", name="Portofolio")).to_be_visible()
        criteria = page.locator("fieldset.criterion").count()
        summary = page.locator("[data-missing]")
        expect(summary).to_have_text(f"{criteria} kriteria belum dinilai.")
        page.locator("fieldset.criterion").first.locator(f"input[type=radio][value='{level}']").check()
        expect(summary).to_have_text(f"{criteria - 1} kriteria belum dinilai.")  # follows the inputs, no reload
        score_all(page, level)
        expect(summary).to_be_hidden()
        # Written as Indonesian writes decimals, as the saved total is.
        expect(page.locator("[data-total]")).to_have_text("100,00" if level == "4" else "66,67")
        expect(page.locator(".save-state")).to_have_text("Draf tersimpan")
        shoot(page, f"assess-score-{level}")
        page.get_by_label("Lanjut ke uji kompetensi").check()
        page.get_by_role("button", name="Kirim penilaian").click()
        expect(page.get_by_text("Penilaian Anda telah dikirim.")).to_be_visible()
        page.set_viewport_size({"width": 1280, "height": 900})

    # The LSP admin reconciles.
    page.context.clear_cookies()
    sign_in(page, base, admin)
    page.goto(base + "/assessment/reconciliation/")
    page.get_by_role("link", name=re.compile(application.reference)).click()
    expect(page.get_by_text("selisih total lebih dari 10 poin")).to_be_visible()
    shoot(page, "assess-reconcile")
    page.get_by_label("Lanjut ke uji kompetensi").check()
    page.get_by_label("Alasan").fill("Bukti praktik kuat; perbedaan karena penilaian kriteria keterampilan.")
    page.get_by_role("button", name="Putuskan").click()
    expect(page.get_by_text("Diputuskan.")).to_be_visible()

    # The applicant sees the outcome.
    page.context.clear_cookies()
    sign_in(page, base, application.applicant)
    page.goto(f"{base}/applications/{application.pk}/")
    expect(page.get_by_text("Para asesor merekomendasikan Anda mengikuti uji kompetensi.")).to_be_visible()
    shoot(page, "assess-applicant-outcome")
