"""Check-in on the day: idempotent, explains every refusal; closing the attendance marks no-shows."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied

from certification.exams import services
from certification.exams.models import ExamBooking
from portal.audit.models import AuditEvent

from .helpers import agreed, candidate, later_today, make_session, secretariat_of, start_now

pytestmark = pytest.mark.django_db


def booked(make_user, session):
    application = candidate(make_user)
    return services.book_seat(application.applicant, application, session)


def test_check_in_is_idempotent(make_user):
    session = make_session(capacity=5, starts_in=later_today(hours=2), cutoff=0)
    staff = secretariat_of(make_user)
    booking = booked(make_user, session)
    agreed(booking)
    first = services.check_in(staff, session, booking.code)
    assert first.outcome == "ok"
    assert first.message == f"Tercatat hadir: {booking.application.applicant.get_full_name()}, kursi 1."
    booking.refresh_from_db()
    assert booking.attendance == "present" and booking.checked_in_by == staff
    booking.application.refresh_from_db()
    assert booking.application.status == "exam_attended"
    # Typed with a dash, in lower case, or scanned as the card's URL: the same booking, "already".
    for typed in (booking.display_code.lower(), f"https://portal.test/secretariat/exams/{session.pk}/check-in/?code={booking.code}"):
        again = services.check_in(staff, session, typed)
        assert again.outcome == "already"
        assert "sudah tercatat hadir" in again.message
    assert AuditEvent.objects.for_object(booking.application).filter(action="application.check_in").count() == 1
    checked = ExamBooking.objects.get(pk=booking.pk).checked_in_at
    assert checked == booking.checked_in_at


def test_check_in_explains_refusals(make_user):
    session = make_session(capacity=1, starts_in=later_today(hours=2), cutoff=0)
    other = make_session(capacity=1, starts_in=timedelta(days=3), cutoff=0)
    staff = secretariat_of(make_user)
    booking = booked(make_user, session)
    elsewhere = booked(make_user, other)
    waiting_app = candidate(make_user)
    waiting = services.join_waitlist(waiting_app.applicant, waiting_app, session)
    assert services.check_in(staff, session, "ZZZZ-ZZZZ").outcome == "unknown"
    result = services.check_in(staff, session, elsewhere.code)
    assert result.outcome == "other_session" and "untuk sesi lain" in result.message
    assert services.check_in(staff, session, waiting.code).outcome == "waitlisted"
    assert services.check_in(staff, other, elsewhere.code).outcome == "not_today"
    with pytest.raises(services.ExamError):
        services.check_in(staff, session, "   ")
    services.cancel_booking(booking.application.applicant, booking)  # waitlist promoted
    assert services.check_in(staff, session, booking.code).outcome == "cancelled"
    agreed(waiting)
    assert services.check_in(staff, session, waiting.code).outcome == "ok"


def test_only_the_session_staff_check_in(make_user):
    session = make_session(capacity=1, starts_in=later_today(hours=2), cutoff=0)
    booking = booked(make_user, session)
    for outsider in (secretariat_of(make_user, "V"), booking.application.applicant):
        with pytest.raises(PermissionDenied):
            services.check_in(outsider, session, booking.code)
    booking.refresh_from_db()
    assert booking.attendance == ""


def test_closing_the_attendance_marks_no_shows_once(make_user):
    session = make_session(capacity=3, starts_in=later_today(hours=2), cutoff=0)
    staff = secretariat_of(make_user)
    present, absent = booked(make_user, session), booked(make_user, session)
    agreed(present)
    services.check_in(staff, session, present.code)
    with pytest.raises(services.ExamError):
        services.close_attendance(staff, session)  # not started yet
    start_now(session)
    assert services.close_attendance(staff, session) == 1
    absent.refresh_from_db(), present.refresh_from_db()
    absent.application.refresh_from_db()
    assert (absent.attendance, absent.application.status) == ("absent", "no_show")
    assert present.attendance == "present"
    assert AuditEvent.objects.for_object(absent.application).filter(action="application.mark_no_show").count() == 1
    with pytest.raises(services.ExamError):
        services.close_attendance(staff, session)
    late = services.check_in(staff, session, absent.code)
    assert late.outcome == "absent"


def test_a_no_show_may_book_again_within_the_round_rules(make_user):
    from certification.exams.models import ExamPolicy

    session = make_session(capacity=2, starts_in=later_today(hours=2), cutoff=0)
    staff = secretariat_of(make_user)
    booking = booked(make_user, session)
    start_now(session)
    services.close_attendance(staff, session)
    application = booking.application
    application.refresh_from_db()
    later = make_session(capacity=2, starts_in=timedelta(days=20))
    policy = ExamPolicy.objects.create(round=application.round, rebook_after_no_show=False)
    with pytest.raises(services.ExamError) as error:
        services.book_seat(application.applicant, application, later)
    assert "tidak mengizinkan pemesanan ulang" in str(error.value)
    policy.rebook_after_no_show = True
    policy.max_attempts = 1
    policy.save()
    with pytest.raises(services.ExamError) as error:
        services.book_seat(application.applicant, application, later)
    assert "Seluruh 1 kesempatan uji" in str(error.value)
    policy.max_attempts = 2
    policy.save()
    again = services.book_seat(application.applicant, application, later)
    application.refresh_from_db()
    assert again.is_confirmed and application.status == "exam_booked"


def test_a_briefing_check_in_records_attendance_without_a_transition(make_user):
    session = make_session(kind="briefing", capacity=2, starts_in=later_today(), cutoff=0)
    staff = secretariat_of(make_user)
    booking = booked(make_user, session)
    agreed(booking)
    assert services.check_in(staff, session, booking.code).outcome == "ok"
    booking.application.refresh_from_db()
    assert booking.application.status == "assessed_proceed"
    assert AuditEvent.objects.for_object(booking).filter(action="exams.briefing_check_in").count() == 1
