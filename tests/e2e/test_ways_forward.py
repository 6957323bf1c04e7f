"""Issue 20, items 7, 9 and 10 in a real browser: each role's top bar (a few items, the programme's
pages in a menu) at 360 px and 1280 px; the next step offered after "Nyatakan memenuhi syarat" and on
the candidate's page; the authenticator enrolment continuing to the page asked for; a double click on
"Pesan kursi" landing on the seat. Every page visited is checked for width (tests/e2e/widths.py)."""

import re

import pytest
from playwright.sync_api import expect

from certification import reference
from certification import services as certification
from certification.assessment import reference as rubrics
from certification.exams.models import ExamBooking
from portal.accounts.roles import Role
from tests.assessment.helpers import make_assessor, region_secretariat
from tests.certification.helpers import submitted_application
from tests.exams.helpers import candidate, make_session
from tests.factories import PASSWORD, UserFactory

from .conftest import DESKTOP, PHONE, enter_code, login, shoot, sign_in

pytestmark = pytest.mark.e2e

#: Per role: a page of theirs, the top bar's menu to open and one of its links.
ROLES = [
    (Role.APPLICANT, "/applications/", "Sertifikasi", "Permohonan saya"),
    (Role.LKS_OPERATOR, "/lks/", None, None),
    (Role.ASSESSOR, "/assessment/", "Sertifikasi", "Penilaian uji"),
    (Role.SECRETARIAT, "/secretariat/assessment/", "Sertifikasi", "Asesmen"),
    (Role.LSP_ADMIN, "/secretariat/exams/", "Sertifikasi", "Rekonsiliasi"),
    (Role.BALKS_ADMIN, "/accreditation/plenary/", "Akreditasi", "Pleno"),
]


def test_each_roles_top_bar_fits_and_groups_the_pages_in_menus(server, page, make_user):
    base = server.url
    for role, path, menu, link in ROLES:
        user = region_secretariat(make_user) if role == Role.SECRETARIAT else make_user(role)
        page.context.clear_cookies()
        page.set_viewport_size(DESKTOP)
        sign_in(page, base, user)
        page.goto(base + path)
        nav = page.locator("#mainnav")
        english = nav.get_by_role("button", name="EN", exact=True)
        expect(english).to_be_in_viewport(ratio=1)
        if menu:
            toggle = nav.get_by_role("button", name=menu)
            toggle.click()
            expect(nav.get_by_role("link", name=link, exact=True)).to_be_visible()
        shoot(page, f"nav-{role}-menu", full_page=False)
        page.set_viewport_size(PHONE)
        page.keyboard.press("Escape")
        page.get_by_role("button", name="Buka/tutup navigasi").click()
        expect(page.locator("#mainnav.collapse.show")).to_be_visible()  # opened (not still sliding open)
        expect(english).to_be_in_viewport(ratio=1)
        if menu:
            nav.get_by_role("button", name=menu).click()
            expect(nav.get_by_role("link", name=link, exact=True)).to_be_visible()
        shoot(page, f"nav-{role}-phone-menu")


def test_declare_eligible_then_assign_the_assessors_from_the_message(server, page, make_user):
    reference.load()
    rubrics.load()
    base = server.url
    application = submitted_application(make_user, full_name="Yuni Astuti", email="yuni@example.test")
    secretariat = region_secretariat(make_user)
    make_assessor(make_user, full_name="Dr. Ahmad Fauzi", email="ahmad@example.test")
    certification.accept_all(secretariat, application)

    sign_in(page, base, secretariat)
    page.goto(f"{base}/secretariat/applications/{application.pk}/")
    page.locator("#id_action").select_option("declare_eligible")
    page.get_by_role("button", name="Konfirmasi").click()
    expect(page.get_by_role("heading", name="Antrean verifikasi")).to_be_visible()
    expect(page.get_by_text("Selesai: Memenuhi syarat.")).to_be_visible()
    shoot(page, "next-after-eligible")
    page.get_by_role("link", name="Tugaskan asesor").click()
    expect(page.get_by_role("heading", name="Yuni Astuti")).to_be_visible()
    expect(page.get_by_label(re.compile("Dr. Ahmad Fauzi"))).to_be_visible()

    # The review page keeps offering it while the assessors are missing.
    page.goto(f"{base}/secretariat/applications/{application.pk}/")
    steps = page.get_by_test_id("next-steps")
    expect(steps.get_by_role("link", name="Tugaskan asesor")).to_be_visible()
    shoot(page, "next-review-eligible")


def test_a_double_click_on_book_a_seat_lands_on_the_seat(server, page, make_user):
    reference.load()
    base = server.url
    session = make_session(capacity=25, title="Uji Kompetensi — Bandung")
    application = candidate(make_user, full_name="Rina Marlina", email="rina@example.test")

    sign_in(page, base, application.applicant)
    page.goto(f"{base}/applications/{application.pk}/")
    page.get_by_test_id("next-steps").get_by_role("link", name="Pilih sesi uji").click()
    shoot(page, "next-choose-session")
    card = page.locator("article", has=page.get_by_role("heading", name=session.title))
    posts = []
    page.on("request", lambda request: posts.append(request.post_data) if request.method == "POST" else None)
    # A person's double click: two clicks a moment apart, the second before the first one's answer
    # (Playwright's dblclick() is so fast that Chromium sends one form).
    button = card.get_by_role("button", name="Pesan kursi")
    button.scroll_into_view_if_needed()
    box = button.bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.click(x, y)
    page.wait_for_timeout(60)
    page.mouse.click(x, y)
    expect(page.get_by_text("Kursi Anda sudah dipesan.")).to_be_visible()
    booking = ExamBooking.objects.get(application=application)
    expect(page).to_have_url(f"{base}/exams/bookings/{booking.pk}/")
    expect(page.locator(".alert-danger")).to_have_count(0)
    assert ExamBooking.objects.filter(application=application).count() == 1
    # The browser sent the form twice, with the same submission key (static/js/portal.js).
    keys = [re.search(r"_submission=([\w-]+)", data).group(1) for data in posts]
    assert len(keys) == 2 and keys[0] == keys[1]
    shoot(page, "next-booked")


def test_after_enrolling_the_authenticator_the_user_continues_to_the_page_asked_for(server, page):
    base = server.url
    user = UserFactory(role=Role.SECRETARIAT, full_name="Dewi Lestari", email="dewi@example.test")
    login(page, base, user.email, PASSWORD)
    page.goto(base + "/secretariat/assessment/")
    expect(page).to_have_url(re.compile(r"/accounts/2fa/totp/activate/\?next=%2Fsecretariat%2Fassessment%2F"))
    secret = page.locator("#authenticator_secret").input_value()
    enter_code(page, secret, button=page.get_by_role("button", name="Aktifkan"))
    expect(page).to_have_url(re.compile(r"/accounts/2fa/recovery-codes/\?next="))
    shoot(page, "totp-recovery-codes")
    page.get_by_role("link", name="Lanjut").click()
    expect(page).to_have_url(f"{base}/secretariat/assessment/")
    expect(page.get_by_role("heading", name="Kemajuan asesmen")).to_be_visible()
