"""Booking a seat, the waitlist, cancellation with its cut-off, moving a seat, region rules."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from certification.exams import services
from certification.exams.models import ExamBooking, ExamPolicy
from portal.audit.models import AuditEvent
from portal.notifications.models import Notification

from .helpers import candidate, make_session, secretariat_of

pytestmark = pytest.mark.django_db


def test_booking_a_seat_moves_the_application_and_sends_the_confirmation_with_ics(make_user, django_capture_on_commit_callbacks):
    application = candidate(make_user)
    session = make_session(capacity=3)
    with django_capture_on_commit_callbacks(execute=True):
        booking = services.book_seat(application.applicant, application, session)
    application.refresh_from_db()
    booking.refresh_from_db()
    assert application.status == "exam_booked"
    assert (booking.status, booking.seat, booking.kind) == ("confirmed", 1, "exam")
    assert AuditEvent.objects.for_object(application).filter(action="application.book_exam").count() == 1
    # One email (ours, with the calendar file): the engine's own notification is not sent for this move.
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [application.applicant.email]
    assert "Kursi dipesan" in message.subject
    assert booking.display_code in message.body
    [(name, content, mimetype)] = message.attachments
    assert name == f"ujikom-{booking.code.lower()}.ics"
    assert mimetype.startswith("text/calendar")
    assert "BEGIN:VEVENT" in content and f"UID:exam-booking-{booking.pk}@" in content
    email = Notification.objects.get(key=f"exams.confirmation:{booking.pk}")
    assert (email.status, email.in_app, email.attachments) == ("sent", False, [["exams.booking_ics", booking.pk]])
    # In-app notification without a second email.
    note = Notification.objects.get(recipient=application.applicant, template="exams/confirmation", in_app=True)
    assert note.status == "skipped"
    # The admission card was rendered by the Celery task after the commit.
    assert booking.card_sha256 and booking.card.name.endswith(f"{booking.code}.pdf")


def test_seats_are_numbered_from_one_without_gaps(make_user):
    session = make_session(capacity=3)
    seats = [services.book_seat(a.applicant, a, session).seat for a in (candidate(make_user) for _ in range(3))]
    assert seats == [1, 2, 3]


def test_a_candidate_without_assessed_proceed_cannot_book(make_user):
    session = make_session()
    for status in ("submitted", "eligible", "in_assessment", "assessed_not_yet", "exam_booked", "competent"):
        application = candidate(make_user, status=status)
        with pytest.raises(services.ExamError) as error:
            services.book_seat(application.applicant, application, session)
        assert "Hanya peserta yang direkomendasikan mengikuti uji kompetensi" in str(error.value)
    assert ExamBooking.objects.count() == 0


def test_another_candidate_cannot_book_for_someone(make_user):
    application = candidate(make_user)
    other = candidate(make_user)
    with pytest.raises(PermissionDenied):
        services.book_seat(other.applicant, application, make_session())


def test_a_full_session_offers_its_waitlist(make_user):
    session = make_session(capacity=1)
    first, second = candidate(make_user), candidate(make_user)
    services.book_seat(first.applicant, first, session)
    with pytest.raises(services.SessionFull) as error:
        services.book_seat(second.applicant, second, session)
    assert "penuh" in str(error.value) and "daftar tunggu" in str(error.value)
    waiting = services.join_waitlist(second.applicant, second, session)
    second.refresh_from_db()
    assert (waiting.status, waiting.seat, second.status) == ("waitlisted", None, "assessed_proceed")
    assert services.waitlist_position(waiting) == 1
    assert Notification.objects.filter(recipient=second.applicant, template="exams/waitlisted").count() == 1


def test_cancelling_promotes_the_first_on_the_waitlist(make_user, django_capture_on_commit_callbacks):
    session = make_session(capacity=1)
    holder, first, second = candidate(make_user), candidate(make_user), candidate(make_user)
    seat = services.book_seat(holder.applicant, holder, session)
    w1 = services.join_waitlist(first.applicant, first, session)
    w2 = services.join_waitlist(second.applicant, second, session)
    assert services.waitlist_position(w2) == 2
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_booking(holder.applicant, seat, reason="Sakit")
    for obj in (seat, w1, w2, holder, first, second):
        obj.refresh_from_db()
    assert (seat.status, holder.status) == ("cancelled", "assessed_proceed")
    assert (w1.status, w1.seat, first.status) == ("confirmed", 1, "exam_booked")
    assert (w2.status, second.status) == ("waitlisted", "assessed_proceed")
    assert services.waitlist_position(w2) == 1
    # The promoted candidate is told (in-app) and gets the confirmation email with the .ics.
    assert Notification.objects.filter(recipient=first.applicant, template="exams/promoted").count() == 1
    assert [m.to for m in mail.outbox if m.attachments] == [[first.applicant.email]]
    # The promotion is audited as a move of the system.
    event = AuditEvent.objects.for_object(first).get(action="application.book_exam")
    assert event.actor is None
    assert session.bookings.confirmed().count() == 1


def test_a_promotion_skips_a_waiting_candidate_who_may_no_longer_book(make_user):
    session = make_session(capacity=1)
    holder, gone, next_one = candidate(make_user), candidate(make_user), candidate(make_user)
    seat = services.book_seat(holder.applicant, holder, session)
    w_gone = services.join_waitlist(gone.applicant, gone, session)
    w_next = services.join_waitlist(next_one.applicant, next_one, session)
    type(gone).objects.filter(pk=gone.pk).update(status="withdrawn")
    services.cancel_booking(holder.applicant, seat)
    w_gone.refresh_from_db(), w_next.refresh_from_db()
    assert w_gone.status == "cancelled" and "Hanya peserta yang direkomendasikan" in w_gone.cancel_reason
    assert (w_next.status, w_next.seat) == ("confirmed", 1)


def test_cancellation_cut_off(make_user):
    session = make_session(capacity=2, starts_in=timedelta(hours=47), cutoff=48)
    application = candidate(make_user)
    staff = secretariat_of(make_user)
    booking = services.book_seat(staff, application, session)  # staff may still allocate after the cut-off
    with pytest.raises(services.ExamError) as error:
        services.cancel_booking(application.applicant, booking)
    assert "48 jam sebelum sesi" in str(error.value)
    other = make_session(capacity=2, starts_in=timedelta(days=20))
    with pytest.raises(services.ExamError):
        services.rebook(application.applicant, booking, other)
    booking.refresh_from_db()
    assert booking.status == "confirmed"
    # A candidate cannot book a session past its cut-off either.
    late = candidate(make_user)
    with pytest.raises(services.ExamError) as error:
        services.book_seat(late.applicant, late, session)
    assert "Pemesanan untuk sesi ini ditutup" in str(error.value)
    # Staff can still cancel (illness, emergencies) until the start.
    services.cancel_booking(staff, booking, reason="Sakit, surat dokter")
    booking.refresh_from_db()
    assert booking.status == "cancelled"


def test_cancellation_is_possible_just_before_the_cut_off(make_user):
    session = make_session(capacity=2, starts_in=timedelta(hours=49), cutoff=48)
    application = candidate(make_user)
    booking = services.book_seat(application.applicant, application, session)
    services.cancel_booking(application.applicant, booking)
    application.refresh_from_db()
    assert application.status == "assessed_proceed"


def test_moving_a_seat_is_atomic(make_user):
    here = make_session(capacity=1)
    full = make_session(capacity=1, starts_in=timedelta(days=12))
    free = make_session(capacity=1, starts_in=timedelta(days=14))
    application, blocker = candidate(make_user), candidate(make_user)
    booking = services.book_seat(application.applicant, application, here)
    services.book_seat(blocker.applicant, blocker, full)
    with pytest.raises(services.SessionFull):
        services.rebook(application.applicant, booking, full)
    booking.refresh_from_db()
    assert booking.status == "confirmed"
    moved = services.rebook(application.applicant, booking, free)
    booking.refresh_from_db(), application.refresh_from_db()
    assert (booking.status, moved.session_id, moved.seat, application.status) == ("cancelled", free.pk, 1, "exam_booked")
    actions = list(AuditEvent.objects.for_object(application).filter(action__startswith="application.").order_by("created_at", "id").values_list("action", flat=True))
    assert actions[-3:] == ["application.book_exam", "application.cancel_exam_booking", "application.book_exam"]


def test_sessions_of_another_region_only_when_the_round_allows(make_user):
    application = candidate(make_user)  # Jawa Barat: Regional II
    elsewhere = make_session(office="III", province="34")  # Yogyakarta
    assert list(services.bookable_sessions(application)) == []
    with pytest.raises(services.ExamError) as error:
        services.book_seat(application.applicant, application, elsewhere)
    assert "kantor regional lain" in str(error.value)
    ExamPolicy.objects.create(round=application.round, allow_other_regions=True)
    assert list(services.bookable_sessions(application)) == [elsewhere]
    booking = services.book_seat(application.applicant, application, elsewhere)
    assert booking.is_confirmed


def test_a_session_reserved_for_another_round_or_scheme_is_refused(make_user):
    application = candidate(make_user)
    other_scheme = make_session(scheme="tks")
    with pytest.raises(services.ExamError):
        services.book_seat(application.applicant, application, other_scheme)
    other = candidate(make_user)
    reserved = make_session(round=other.round)
    assert list(services.bookable_sessions(application)) == []
    with pytest.raises(services.ExamError) as error:
        services.book_seat(application.applicant, application, reserved)
    assert "gelombang lain" in str(error.value)


def test_one_live_booking_per_type(make_user):
    application = candidate(make_user)
    first, second = make_session(), make_session(starts_in=timedelta(days=12))
    services.book_seat(application.applicant, application, first)
    application.refresh_from_db()
    with pytest.raises(services.ExamError):
        services.book_seat(application.applicant, application, second)
    assert ExamBooking.objects.live().filter(application=application).count() == 1


def test_a_briefing_is_booked_without_changing_the_application(make_user):
    application = candidate(make_user, status="eligible")
    briefing = make_session(kind="briefing", mode="online", meeting_url="https://meet.example.test/x", venue_name="", venue_address="")
    booking = services.book_seat(application.applicant, application, briefing)
    application.refresh_from_db()
    assert booking.is_confirmed and application.status == "eligible"
    assert AuditEvent.objects.for_object(booking).filter(action="exams.briefing_booked").count() == 1
    # The exam is still to be booked separately.
    exam = make_session()
    application.__class__.objects.filter(pk=application.pk).update(status="assessed_proceed")
    application.refresh_from_db()
    assert services.book_seat(application.applicant, application, exam).kind == "exam"


def test_bulk_allocation_stops_at_capacity_and_reports_the_rest(make_user):
    session = make_session(capacity=2)
    staff = secretariat_of(make_user)
    applications = [candidate(make_user) for _ in range(3)]
    not_ready = candidate(make_user, status="in_assessment")
    assert set(services.allocatable_applications(session)) == set(applications)
    report = services.allocate(staff, session, [*applications, not_ready])
    assert [b.application_id for b in report.booked] == [a.pk for a in applications[:2]]
    refused = {a.pk: reason for a, reason in report.refused}
    assert set(refused) == {applications[2].pk, not_ready.pk}
    assert "penuh" in refused[applications[2].pk]
    assert "Hanya peserta yang direkomendasikan" in refused[not_ready.pk]
    assert list(services.allocatable_applications(session)) == [applications[2]]


def test_raising_the_capacity_promotes_the_waitlist(make_user, client):
    session = make_session(capacity=1)
    staff = secretariat_of(make_user)
    a, b = candidate(make_user), candidate(make_user)
    services.book_seat(a.applicant, a, session)
    waiting = services.join_waitlist(b.applicant, b, session)
    client.force_login(staff)
    data = {
        "mode": "in_person", "round": "", "title": "", "province": session.province_id, "venue_name": session.venue_name,
        "venue_address": session.venue_address, "map_url": session.map_url, "meeting_url": "",
        "starts_at": timezone.localtime(session.starts_at).strftime("%Y-%m-%dT%H:%M"),
        "ends_at": timezone.localtime(session.ends_at).strftime("%Y-%m-%dT%H:%M"),
        "capacity": 2, "cancel_cutoff_hours": 48, "pass_mark": "70", "instructions": "", "is_published": "on",
    }
    response = client.post(f"/secretariat/exams/{session.pk}/edit/", data)
    assert response.status_code == 302
    waiting.refresh_from_db()
    assert (waiting.status, waiting.seat) == ("confirmed", 2)


def test_after_the_cut_off_staff_give_a_freed_seat_to_someone_waiting(make_user):
    session = make_session(capacity=1, starts_in=timedelta(days=5), cutoff=48)
    staff = secretariat_of(make_user)
    holder, waiting = candidate(make_user), candidate(make_user)
    seat = services.book_seat(holder.applicant, holder, session)
    place = services.join_waitlist(waiting.applicant, waiting, session)
    type(session).objects.filter(pk=session.pk).update(starts_at=timezone.now() + timedelta(hours=30),
                                                       ends_at=timezone.now() + timedelta(hours=36))
    session.refresh_from_db()
    services.cancel_booking(staff, seat, reason="Sakit")
    place.refresh_from_db()
    assert place.status == "waitlisted"  # no automatic promotion after the cut-off
    given = services.book_seat(staff, waiting, session)
    place.refresh_from_db(), waiting.refresh_from_db()
    assert given.pk == place.pk and (place.status, place.seat, waiting.status) == ("confirmed", 1, "exam_booked")


def test_a_seat_elsewhere_ends_a_waitlist_place(make_user):
    full, free = make_session(capacity=1), make_session(capacity=1, starts_in=timedelta(days=12))
    holder, application = candidate(make_user), candidate(make_user)
    services.book_seat(holder.applicant, holder, full)
    place = services.join_waitlist(application.applicant, application, full)
    booking = services.book_seat(application.applicant, application, free)
    place.refresh_from_db()
    assert booking.is_confirmed and place.status == "cancelled"
    assert AuditEvent.objects.for_object(place).filter(action="exams.waitlist_leave").count() == 1
