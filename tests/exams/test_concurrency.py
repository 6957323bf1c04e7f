"""Capacity is never exceeded: 50 candidates try to book 10 seats at the same moment (PostgreSQL,
real transactions, one connection per thread)."""

import threading
from collections import Counter

import pytest
from django.db import connection, connections

from certification.exams import services
from certification.exams.models import ExamBooking
from certification.models import Application
from tests.certification.helpers import make_worker, open_round, standard_route

from .helpers import make_session

pytestmark = pytest.mark.django_db(transaction=True)


def recommended_candidates(make_user, count):
    round_ = open_round(name="Gelombang serentak")
    route = standard_route(round_)
    applications = []
    for _ in range(count):
        user = make_worker(make_user)
        province = user.worker_profile.province
        applications.append(
            Application.objects.create(
                applicant=user, round=round_, route=route, status="assessed_proceed",
                province=province, regional_office=province.regional_office,
            )
        )
    return applications


def run_at_once(functions):
    barrier = threading.Barrier(len(functions))
    results = [None] * len(functions)

    def worker(index, function):
        try:
            barrier.wait()
            results[index] = ("ok", function())
        except Exception as error:  # collected and asserted below
            results[index] = (type(error).__name__, error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(i, f)) for i, f in enumerate(functions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads)
    return results


def test_fifty_concurrent_bookings_for_ten_seats(make_user):
    assert connection.vendor == "postgresql"
    session = make_session(capacity=10)
    applications = recommended_candidates(make_user, 50)

    results = run_at_once(
        [lambda a=a: services.book_seat(a.applicant, a, session) for a in applications]
    )

    outcomes = Counter(kind for kind, _value in results)
    assert outcomes == {"ok": 10, "SessionFull": 40}
    booked = ExamBooking.objects.filter(session=session, status="confirmed")
    assert booked.count() == 10
    assert sorted(booked.values_list("seat", flat=True)) == list(range(1, 11))
    assert Application.objects.filter(pk__in=[a.pk for a in applications], status="exam_booked").count() == 10
    # The others were told the session is full and offered its waitlist…
    refused = [applications[i] for i, (kind, _v) in enumerate(results) if kind == "SessionFull"]
    for kind, error in results:
        if kind == "SessionFull":
            assert error.session.pk == session.pk
            assert str(error).startswith("Sesi ini penuh. Anda dapat masuk daftar tunggunya")
    # …which they all join, at once too: 40 places, in a strict order.
    joined = run_at_once([lambda a=a: services.join_waitlist(a.applicant, a, session) for a in refused])
    assert Counter(kind for kind, _v in joined) == {"ok": 40}
    waiting = ExamBooking.objects.filter(session=session, status="waitlisted")
    assert waiting.count() == 40
    assert sorted(services.waitlist_position(b) for b in waiting) == list(range(1, 41))
    assert ExamBooking.objects.filter(session=session, status="confirmed").count() == 10


def test_concurrent_cancellations_promote_exactly_as_many_as_freed(make_user):
    session = make_session(capacity=5)
    applications = recommended_candidates(make_user, 12)
    seats = [services.book_seat(a.applicant, a, session) for a in applications[:5]]
    for a in applications[5:]:
        services.join_waitlist(a.applicant, a, session)
    results = run_at_once([lambda b=b: services.cancel_booking(b.application.applicant, b) for b in seats[:3]])
    assert Counter(kind for kind, _v in results) == {"ok": 3}
    confirmed = ExamBooking.objects.filter(session=session, status="confirmed")
    assert confirmed.count() == 5
    assert sorted(confirmed.values_list("seat", flat=True)) == [1, 2, 3, 4, 5]
    promoted = set(confirmed.values_list("application_id", flat=True)) - {b.application_id for b in seats}
    assert promoted == {a.pk for a in applications[5:8]}  # the first three on the waitlist
    assert ExamBooking.objects.filter(session=session, status="waitlisted").count() == 4
