"""Issue 6 in a real browser: a candidate books a seat and downloads the admission card, staff check
them in by the card's code on a phone, the assessor scores, the LSP admin decides Kompeten in the
plenary, and the candidate sees the result."""

import re
import subprocess
from datetime import timedelta
from pathlib import Path

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from certification import reference
from certification.exams.models import ExamBooking
from portal.accounts.roles import Role
from portal.regions.models import RegionalOffice
from tests.exams.helpers import agreed, candidate, make_assessor, make_session, make_tuk, scores_for

from .conftest import DESKTOP, PHONE, shoot, sign_in

pytestmark = pytest.mark.e2e


def pdf_text(path):
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True).stdout.decode()


def test_book_check_in_score_and_decide(server, page, make_user):
    reference.load()
    base = server.url
    application = candidate(make_user, full_name="Rina Marlina", email="rina@example.test")
    worker = application.applicant
    office = RegionalOffice.objects.get(code="II")
    session = make_session(
        capacity=25, starts_in=timedelta(minutes=20), cutoff=0, title="Uji Kompetensi Pekerja Sosial Generalis — Bandung",
        instructions="Bawa KTP asli dan alat tulis.",
    )
    make_session(capacity=2, starts_in=timedelta(days=9), title="Uji Kompetensi — Serang", province="36",
                 venue_name="Dinas Sosial Provinsi Banten", venue_address="KP3B, Jl. Syech Nawawi Al Bantani")
    secretariat = make_user(Role.SECRETARIAT, full_name="Dewi Lestari", email="dewi@example.test", regional_office=office)
    assessor = make_assessor(make_user, full_name="Dr. Ahmad Fauzi", email="ahmad@example.test", totp=True)
    admin = make_user(Role.LSP_ADMIN, full_name="Rina Kartika", email="admin@example.test")
    from certification.exams import services

    services.set_assessors(secretariat, session, [assessor])

    # The candidate chooses a session and books a seat.
    sign_in(page, base, worker)
    page.goto(base + "/exams/")
    expect(page.get_by_role("heading", name="Uji saya")).to_be_visible()
    shoot(page, "exams-mine-before")
    page.get_by_role("link", name="Pilih sesi uji").click()
    expect(page.get_by_role("heading", name=re.compile("Pilih sesi"))).to_be_visible()
    shoot(page, "exams-choose")
    card = page.locator("article", has=page.get_by_role("heading", name=session.title))
    card.get_by_role("button", name="Pesan kursi").click()
    expect(page.get_by_text("Kursi Anda sudah dipesan.")).to_be_visible()
    booking = ExamBooking.objects.get(application=application)
    expect(page.get_by_test_id("seat")).to_have_text("1")
    expect(page.get_by_test_id("code")).to_have_text(booking.display_code)
    shoot(page, "exams-booking")

    # The admission card: a PDF with the name, the session and the code.
    with page.expect_download() as download:
        page.get_by_test_id("card-link").click()
    path = Path(download.value.path())
    assert path.read_bytes().startswith(b"%PDF")
    text = pdf_text(path)
    for expected in ("KARTU PESERTA", "Rina Marlina", application.reference, booking.display_code, "BBPPKS Regional II Bandung",
                     "Pekerja Sosial Generalis", "Bawa KTP asli dan alat tulis."):
        assert expected in text, expected
    confirmation = [m for m in mail.outbox if m.to == [worker.email] and m.attachments]
    assert len(confirmation) == 1 and confirmation[0].attachments[0][0].endswith(".ics")

    # Staff check the candidate in on a phone by typing the card's code; a second time says so.
    agreed(booking)  # the assessment agreement (FR.AK.01), confirmed by both: tests/e2e/test_planning.py
    page.context.clear_cookies()
    sign_in(page, base, secretariat)
    page.goto(f"{base}/secretariat/exams/{session.pk}/")
    expect(page.get_by_role("heading", name=session.title)).to_be_visible()
    shoot(page, "exams-session")
    page.set_viewport_size(PHONE)
    page.get_by_role("link", name="Presensi", exact=True).click()
    expect(page.get_by_role("heading", name="Presensi")).to_be_visible()
    code = page.get_by_label("Kode pada kartu peserta")
    code.fill(booking.display_code.lower())
    page.get_by_role("button", name="Catat hadir").click()
    result = page.locator("[data-result]")
    expect(result).to_contain_text("Tercatat hadir: Rina Marlina, kursi 1.")
    expect(page.locator("[data-count=present]")).to_have_text("1")
    shoot(page, "exams-checkin")
    code.fill(booking.code)
    page.get_by_role("button", name="Catat hadir").click()
    expect(result).to_contain_text("Rina Marlina sudah tercatat hadir")
    expect(result).to_have_class(re.compile("outcome-already"))
    shoot(page, "exams-checkin-again")
    code.fill("XXXX-0000")
    page.get_by_role("button", name="Catat hadir").click()
    expect(result).to_contain_text("Tidak ada kartu peserta dengan kode XXXX0000")
    page.set_viewport_size(DESKTOP)
    booking.refresh_from_db()
    assert booking.attendance == "present"

    # The session has started: staff close the attendance (nobody else was booked).
    session.starts_at = timezone.now() - timedelta(minutes=5)
    session.ends_at = session.starts_at + timedelta(hours=6)
    session.save(update_fields=["starts_at", "ends_at"])
    page.goto(f"{base}/secretariat/exams/{session.pk}/")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Tutup presensi").click()
    expect(page.get_by_text("Presensi ditutup; 0 peserta dicatat tidak hadir.")).to_be_visible()
    page.goto(f"{base}/secretariat/exams/{session.pk}/attendance-list/")
    expect(page.get_by_role("heading", name=re.compile("Daftar hadir"))).to_be_visible()
    shoot(page, "exams-attendance-list")
    page.emulate_media(media="print")
    expect(page.locator("nav.navbar")).to_be_hidden()
    expect(page.get_by_role("button", name="Cetak")).to_be_hidden()
    shoot(page, "exams-attendance-print")
    page.emulate_media(media="screen")

    # The assessor scores on a phone (a partial save first).
    page.context.clear_cookies()
    sign_in(page, base, assessor.user)
    page.set_viewport_size(PHONE)
    page.goto(f"{base}/secretariat/exams/")
    page.get_by_role("link", name=re.compile(session.title)).click()
    expect(page.get_by_role("heading", name=re.compile("Peserta saya"))).to_be_visible()
    page.get_by_role("link", name=re.compile("Rina Marlina")).click()
    parts = scores_for(booking, {"portfolio": 1, "knowledge": 1, "values": 1, "skills": 1, "practical": 1})
    names = list(parts)
    page.locator(f"input[name=part_{names[0]}]").fill("85")
    page.get_by_role("button", name="Simpan", exact=True).click()
    expect(page.get_by_text("Tersimpan; sebagian nilai masih kosong.")).to_be_visible()
    page.get_by_role("link", name=re.compile("Rina Marlina")).click()
    for pk, value in zip(names[1:], ("80", "82.5", "78", "81")):
        page.locator(f"input[name=part_{pk}]").fill(value)
    page.locator(f"input[name=part_{names[-1]}]").press("Tab")  # autosaved: the total comes back from the server
    expect(page.locator("[data-autosave-status]")).to_have_text("Tersimpan")
    booking.refresh_from_db()
    assert booking.total is not None and booking.total != booking.total.to_integral_value()
    expect(page.locator("[data-total]")).to_have_text(f"{booking.total:.2f}".replace(".", ","))  # as Indonesian writes it
    shoot(page, "exams-score")
    page.get_by_role("button", name="Simpan", exact=True).click()
    expect(page.get_by_text("Nilai tersimpan.")).to_be_visible()
    shoot(page, "exams-scoring")
    page.set_viewport_size(DESKTOP)
    booking.refresh_from_db()
    assert booking.scores_complete and booking.total is not None

    # The LSP admin holds the plenary: the suggestion (Kompeten) is prefilled.
    page.context.clear_cookies()
    sign_in(page, base, admin)
    page.goto(f"{base}/secretariat/exams/{session.pk}/plenary/")
    row = page.locator("section", has=page.get_by_role("heading", name=re.compile("Rina Marlina")))
    expect(row.get_by_label("Kompeten", exact=True)).to_be_checked()
    shoot(page, "exams-plenary")
    page.get_by_role("button", name="Catat keputusan").click()
    expect(page.get_by_text("Pleno tercatat: 1 Kompeten, 0 Belum Kompeten.")).to_be_visible()
    shoot(page, "exams-plenary-batch")
    application.refresh_from_db()
    assert application.status == "competent"

    # The candidate sees it.
    page.context.clear_cookies()
    sign_in(page, base, worker)
    page.goto(base + "/exams/")
    expect(page.get_by_test_id("exam-result")).to_contain_text("Keputusan pleno: Kompeten")
    shoot(page, "exams-result")
    assert any("Hasil uji kompetensi Anda: Kompeten" in m.subject for m in mail.outbox if m.to == [worker.email])


def test_secretariat_creates_a_session(server, page, make_user):
    reference.load()
    base = server.url
    secretariat = make_user(Role.SECRETARIAT, full_name="Dewi Lestari", regional_office=RegionalOffice.objects.get(code="II"))
    tuk = make_tuk(name="Gedung Sate, Aula Barat")  # a test site the LSP verified
    sign_in(page, base, secretariat)
    page.goto(base + "/secretariat/exams/")
    page.get_by_role("link", name="Sesi baru").click()
    expect(page.get_by_role("heading", name="Sesi baru")).to_be_visible()
    # Online hides the venue fields and shows the meeting link.
    page.get_by_label("Daring").check()
    expect(page.get_by_label("Tautan pertemuan")).to_be_visible()
    expect(page.get_by_label("Tempat", exact=True)).to_be_hidden()
    page.get_by_label("Tatap muka").check()
    page.get_by_label("Skema").select_option(label="Pekerja Sosial Generalis")
    page.get_by_label("Kota (ibu kota provinsi)").select_option(label="Bandung (Jawa Barat)")
    starts = timezone.localtime(timezone.now() + timedelta(days=21)).replace(hour=8, minute=0)
    page.locator("#id_starts_at").fill(starts.strftime("%Y-%m-%dT%H:%M"))
    page.locator("#id_ends_at").fill(starts.replace(hour=7).strftime("%Y-%m-%dT%H:%M"))
    page.locator("#id_capacity").fill("40")
    page.get_by_role("button", name="Simpan").click()
    # Errors beside the fields; what was typed stays. An exam in person needs a verified test site.
    expect(page.get_by_text("Sesi harus berakhir setelah dimulai.")).to_be_visible()
    expect(page.get_by_text("Uji tatap muka berlangsung di Tempat Uji Kompetensi (TUK): pilih salah satu.")).to_be_visible()
    expect(page.locator("#id_capacity")).to_have_value("40")
    shoot(page, "exams-session-form")
    page.locator("#id_tuk").select_option(value=str(tuk.pk))
    page.locator("#id_ends_at").fill(starts.replace(hour=15).strftime("%Y-%m-%dT%H:%M"))
    page.get_by_role("button", name="Simpan").click()
    expect(page.get_by_text("Sesi sudah dibuat.")).to_be_visible()
    expect(page.get_by_role("heading", name="Uji kompetensi Pekerja Sosial Generalis · Bandung")).to_be_visible()
    expect(page.get_by_test_id("stat-booked")).to_have_text("0/40")


WIDER_THAN_VIEWPORT = "() => document.documentElement.scrollWidth"


def test_every_exam_page_fits_a_phone(server, page, make_user):
    """No page scrolls sideways at 360 px (wide tables scroll inside their own box)."""
    from certification.exams import services
    from tests.exams.helpers import start_now

    reference.load()
    base = server.url
    office = RegionalOffice.objects.get(code="II")
    session = make_session(capacity=30, starts_in=timedelta(minutes=30), cutoff=0)
    staff = make_user(Role.SECRETARIAT, regional_office=office)
    assessor = make_assessor(make_user)
    services.set_assessors(staff, session, [assessor])
    bookings = []
    for _ in range(3):
        application = candidate(make_user)
        booking = services.book_seat(staff, application, session)
        agreed(booking)
        services.check_in(staff, session, booking.code)
        bookings.append(booking)
    waiting = candidate(make_user)
    worker = bookings[0].application.applicant
    start_now(session)
    services.close_attendance(staff, session)
    admin = make_user(Role.LSP_ADMIN)
    pages = [
        (worker, ["/exams/", f"/exams/bookings/{bookings[0].pk}/"]),
        (waiting.applicant, [f"/exams/applications/{waiting.pk}/sessions/", "/exams/"]),
        (staff, [
            "/secretariat/exams/", f"/secretariat/exams/{session.pk}/", f"/secretariat/exams/{session.pk}/edit/",
            f"/secretariat/exams/{session.pk}/components/", f"/secretariat/exams/{session.pk}/assessors/",
            f"/secretariat/exams/{session.pk}/allocate/", f"/secretariat/exams/{session.pk}/check-in/",
            f"/secretariat/exams/{session.pk}/attendance-list/", "/secretariat/exams/new/",
        ]),
        (assessor.user, [
            f"/secretariat/exams/{session.pk}/scoring/", f"/secretariat/exams/{session.pk}/scoring/{bookings[1].pk}/",
        ]),
        (admin, [f"/secretariat/exams/{session.pk}/plenary/"]),
    ]
    page.set_viewport_size(PHONE)
    for user, urls in pages:
        page.context.clear_cookies()
        sign_in(page, base, user)
        for url in urls:
            response = page.goto(base + url)
            assert response.status == 200, url
            assert page.evaluate(WIDER_THAN_VIEWPORT) <= PHONE["width"], url
