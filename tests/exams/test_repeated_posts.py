"""A double click on "Pesan kursi" (issue 20, item 10): in 1 of 6 runs the seat was booked but the
candidate landed on the session list with a red error ("Hanya calon yang direkomendasikan… status saat
ini: Jadwal uji dipesan"). Two posts at the same moment, through the real views and PostgreSQL: with
the form's submission key (what portal.js sends) and without it (no JavaScript, a second tab)."""

import pytest
from django.db import connection
from django.utils import translation

from certification.exams.models import ExamBooking
from certification.models import Application
from portal.audit.models import AuditEvent
from portal.core.repeat import FIELD
from tests.repeats import KEY, landed, one_browser, post_at_once

from .helpers import candidate, make_session

pytestmark = pytest.mark.django_db(transaction=True)



def said(msgid, **values):
    """The page's message in Indonesian, from the catalogue (its wording is the translators')."""
    with translation.override("id"):
        text = translation.gettext(msgid)
    assert text != msgid, f"not translated: {msgid}"
    return text % values if values else text


BOOKED = ("success", said("Your seat is booked. Download your admission card below."))
CANCELLED = ("success", said("Your booking is cancelled."))


def test_a_double_click_on_book_a_seat_books_one_seat_and_both_posts_land_on_it(make_user):
    assert connection.vendor == "postgresql"
    session = make_session(capacity=5)
    application = candidate(make_user)
    clients = one_browser(application.applicant)

    responses = post_at_once(clients, f"/exams/sessions/{session.pk}/book/", {"application": application.pk, FIELD: KEY})

    booking = ExamBooking.objects.get(application=application)
    assert (booking.session_id, booking.status, booking.seat) == (session.pk, "confirmed", 1)
    assert [landed(r) for r in responses] == [(f"/exams/bookings/{booking.pk}/", [BOOKED])] * 2
    assert AuditEvent.objects.filter(action="application.book_exam").count() == 1


def test_two_posts_without_a_key_book_one_seat_and_neither_shows_an_error(make_user):
    session = make_session(capacity=5)
    application = candidate(make_user)
    clients = one_browser(application.applicant)

    responses = post_at_once(clients, f"/exams/sessions/{session.pk}/book/", {"application": application.pk})

    booking = ExamBooking.objects.get(application=application)
    assert booking.status == "confirmed"
    assert sorted(landed(r) for r in responses) == [
        (f"/exams/bookings/{booking.pk}/", [("info", said("You already have a seat in this session."))]),
        (f"/exams/bookings/{booking.pk}/", [BOOKED]),
    ]
    assert AuditEvent.objects.filter(action="application.book_exam").count() == 1


def test_a_double_click_on_join_the_waitlist_joins_once(make_user):
    session = make_session(capacity=1)
    first = candidate(make_user)
    from certification.exams import services

    services.book_seat(first.applicant, first, session)
    application = candidate(make_user)
    clients = one_browser(application.applicant)

    responses = post_at_once(
        clients, f"/exams/sessions/{session.pk}/book/", {"application": application.pk, "waitlist": "1"}
    )

    booking = ExamBooking.objects.get(application=application)
    assert booking.status == "waitlisted"
    joined = (
        "success",
        said("You are number %(position)s on the waitlist. You will be told at once if a seat frees up.", position=1),
    )
    assert sorted(landed(r) for r in responses) == [
        (f"/exams/bookings/{booking.pk}/", [("info", said("You are already on the waitlist of this session."))]),
        (f"/exams/bookings/{booking.pk}/", [joined]),
    ]


@pytest.mark.parametrize("key", [True, False], ids=["with the key", "without a key"])
def test_a_double_click_on_cancel_cancels_once_and_both_land_on_the_exam_page(make_user, key):
    from certification.exams import services

    session = make_session(capacity=5)
    application = candidate(make_user)
    booking = services.book_seat(application.applicant, application, session)
    clients = one_browser(application.applicant)
    data = {"reason": "Bentrok jadwal", **({FIELD: KEY} if key else {})}

    responses = post_at_once(clients, f"/exams/bookings/{booking.pk}/cancel/", data)

    booking.refresh_from_db()
    assert booking.status == "cancelled"
    assert Application.objects.get(pk=application.pk).status == "assessed_proceed"
    again = [CANCELLED] if key else [("info", said("This booking is already cancelled."))]
    assert sorted(landed(r) for r in responses) == sorted([("/exams/", [CANCELLED]), ("/exams/", again)])
    assert AuditEvent.objects.filter(action="application.cancel_exam_booking").count() == 1


def test_moving_a_seat_twice_lands_on_the_new_seat(make_user, client):
    from certification.exams import services

    here = make_session(capacity=5)
    there = make_session(capacity=5, title="Sesi lain")
    application = candidate(make_user)
    booking = services.book_seat(application.applicant, application, here)
    client.force_login(application.applicant)
    data = {"application": application.pk, "move": booking.pk}

    first = client.post(f"/exams/sessions/{there.pk}/book/", data, follow=True)
    again = client.post(f"/exams/sessions/{there.pk}/book/", data, follow=True)

    moved = ExamBooking.objects.get(application=application, status="confirmed")
    assert moved.session_id == there.pk
    assert landed(first) == (f"/exams/bookings/{moved.pk}/", [("success", said("Your seat was moved. A new admission card is ready."))])
    assert landed(again) == (f"/exams/bookings/{moved.pk}/", [("info", said("Your seat was already moved to this session."))])
