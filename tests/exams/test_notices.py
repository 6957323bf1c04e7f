"""Reminders 7 days and 1 day before (each once), the .ics file, exam emails that fail and are re-sent,
dashboard panels and demo data."""

from datetime import timedelta
from datetime import timezone as dt_timezone

import pytest
from django.core import mail
from django.utils import timezone

from certification.exams import emails, ics, services
from portal.accounts.roles import Role
from portal.notifications.models import Notification
from portal.notifications.services import resend_pending

from .helpers import candidate, make_session, secretariat_of

pytestmark = pytest.mark.django_db


def booked_at(make_user, session, when):
    application = candidate(make_user)
    booking = services.book_seat(application.applicant, application, session)
    type(booking).objects.filter(pk=booking.pk).update(confirmed_at=when)
    booking.refresh_from_db()
    return booking


def test_reminders_seven_days_and_one_day_before_each_once(make_user, django_capture_on_commit_callbacks):
    now = timezone.now()
    session = make_session(capacity=5, starts_at=now + timedelta(days=6, hours=20))
    early = booked_at(make_user, session, now - timedelta(days=20))
    late = booked_at(make_user, session, now - timedelta(hours=2))  # booked less than 7 days ahead
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert emails.send_reminders(now) == 1
        assert emails.send_reminders(now) == 0  # once
    assert [m.to for m in mail.outbox] == [[early.application.applicant.email]]
    message = mail.outbox[0]
    assert message.subject.startswith("Pengingat: sesi Anda 7 hari lagi")
    assert message.attachments[0][0].endswith(".ics")
    assert Notification.objects.filter(recipient=early.application.applicant, template="exams/reminder", in_app=True).count() == 1
    # A day before: both get the 1-day reminder, once.
    tomorrow = session.starts_at - timedelta(hours=20)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert emails.send_reminders(tomorrow) == 2
        assert emails.send_reminders(tomorrow + timedelta(hours=1)) == 0
    assert sorted(m.to[0] for m in mail.outbox) == sorted([early.application.applicant.email, late.application.applicant.email])
    assert all(m.subject.startswith("Pengingat: sesi Anda 1 hari lagi") for m in mail.outbox)
    assert Notification.objects.filter(key__startswith="exams.reminder_", key__endswith=f":{early.pk}").count() == 2
    assert Notification.objects.filter(key__startswith="exams.reminder_", key__endswith=f":{late.pk}").count() == 1


def test_no_reminder_for_cancelled_or_waitlisted(make_user):
    now = timezone.now()
    session = make_session(capacity=1, starts_at=now + timedelta(days=3))
    booking = booked_at(make_user, session, now - timedelta(days=10))
    other = candidate(make_user)
    services.join_waitlist(other.applicant, other, session)
    services.cancel_booking(booking.application.applicant, booking)  # promotes the waitlist
    promoted = other.exam_bookings.get()
    type(promoted).objects.filter(pk=promoted.pk).update(confirmed_at=now - timedelta(days=10))
    assert emails.send_reminders(now) == 1
    assert Notification.objects.filter(key__startswith="exams.reminder_7:").get().key == f"exams.reminder_7:{promoted.pk}"


def test_a_failed_email_stays_pending_and_is_re_sent(make_user, settings, django_capture_on_commit_callbacks):
    settings.EMAIL_BACKEND = "tests.kernel.failing_email.Backend"
    session = make_session(capacity=2)
    application = candidate(make_user)
    with django_capture_on_commit_callbacks(execute=True):
        booking = services.book_seat(application.applicant, application, session)
    email = Notification.objects.get(key=f"exams.confirmation:{booking.pk}")
    assert (email.status, email.attempts) == ("pending", 1) and email.last_error
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    mail.outbox.clear()
    pending = Notification.objects.filter(status="pending").count()  # the exam email and the engine's others
    assert resend_pending() == pending
    assert resend_pending() == 0
    email.refresh_from_db()
    assert (email.status, email.attempts) == ("sent", 2)
    [message] = [m for m in mail.outbox if m.subject == email.subject]
    assert message.attachments[0][0] == f"ujikom-{booking.code.lower()}.ics"


def test_the_calendar_file(make_user):
    session = make_session(
        capacity=2, title="Uji; Bandung, Mei", venue_name="Gedung Sate, Aula Barat",
        instructions="Bawa KTP asli, alat tulis; datang pukul 07.30.\nDilarang membawa makanan " + "panjang " * 20,
    )
    application = candidate(make_user)
    booking = services.book_seat(application.applicant, application, session)
    text = ics.calendar_for(booking)
    assert text.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n") and text.endswith("END:VCALENDAR\r\n")
    lines = text.split("\r\n")
    assert all(len(line.encode()) <= 75 for line in lines)
    unfolded = text.replace("\r\n ", "")
    start = session.starts_at.astimezone(dt_timezone.utc)
    assert f"DTSTART:{start:%Y%m%dT%H%M%SZ}" in unfolded
    assert "LOCATION:Gedung Sate\\, Aula Barat\\, Jl. Raya Lembang No. 26\\, Bandung" in unfolded
    assert f"Kode presensi: {booking.display_code}" in unfolded
    assert "Bawa KTP asli\\, alat tulis\\; datang pukul 07.30.\\nDilarang" in unfolded
    assert "TRIGGER:-PT2H" in unfolded


def test_dashboard_panels(make_user, client):
    from portal.core.dashboard import panels_for

    session = make_session(capacity=2)
    application = candidate(make_user)
    [panel] = [p for p in panels_for(application.applicant) if p.title == "Uji kompetensi saya"]
    assert panel.url == f"/exams/applications/{application.pk}/sessions/"
    services.book_seat(application.applicant, application, session)
    [panel] = [p for p in panels_for(application.applicant) if p.title == "Uji kompetensi saya"]
    assert "kursi 1" in panel.body
    staff = secretariat_of(make_user)
    [panel] = [p for p in panels_for(staff) if p.title == "Sesi uji kompetensi"]
    assert panel.count == 1
    admin = make_user(Role.LSP_ADMIN)
    assert [p.title for p in panels_for(admin) if p.title == "Keputusan pleno"] == ["Keputusan pleno"]
    client.force_login(application.applicant)
    assert "/exams/" in client.get("/").content.decode()


def test_demo_data_is_idempotent(make_user):
    from certification.exams.models import ExamBooking, ExamSession
    from portal.core import demo
    from portal.regions.models import RegionalOffice

    for office in RegionalOffice.objects.all():  # the certification demo reviews with each region's secretariat
        make_user(Role.SECRETARIAT, regional_office=office)
    users = demo.seed(log=lambda *a: None)
    sessions = ExamSession.objects.filter(regional_office__code="II")
    bookings = ExamBooking.objects.filter(session__in=sessions)
    first = (sessions.count(), bookings.count())
    demo.seed(log=lambda *a: None)
    assert (sessions.count(), bookings.count()) == first
    assert first[0] >= 3
    assert bookings.filter(status="confirmed").count() >= 7
    assert bookings.filter(status="waitlisted").count() == 1
    assert users[Role.SECRETARIAT].regional_office.code == "II"
