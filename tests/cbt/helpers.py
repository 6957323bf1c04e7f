"""Builders for the CBT tests: an item bank, a blueprint, a candidate checked in to a session that has
started. Check-ins go through `checked_in` only (an FR.AK.01 guard on check-in may land: change it here)."""

from django.contrib.auth.models import Permission

from certification.cbt import services
from certification.cbt.models import Blueprint, Item, ItemVersion
from certification.exams import services as exam_services
from certification.models import Scheme
from portal.accounts.roles import Role
from tests.exams.helpers import agreed, candidate, later_today, make_session, secretariat_of, start_now

DOMAINS = ("knowledge", "values", "skills")


def item_writer(make_user, role=Role.ASSESSOR, **kwargs):
    """A user given the item writers' permission (as the group "Penulis soal" gives it)."""
    user = make_user(role, **kwargs)
    user.user_permissions.add(Permission.objects.get(codename="write_items", content_type__app_label="cbt"))
    return type(user).objects.get(pk=user.pk)  # a fresh object: the permission cache is empty


def make_bank(scheme_code="ps-generalis", counts=None, *, writer=None, options=4):
    """Items of each domain: `counts` {domain: n}; the key of item i is option i % options; the stem
    names the domain and the number. Returns the versions."""
    scheme = Scheme.objects.get(code=scheme_code)
    counts = counts or {"knowledge": 6, "values": 6, "skills": 8}
    versions = []
    for domain, n in counts.items():
        for i in range(n):
            item = Item.objects.create(scheme=scheme, created_by=writer)
            versions.append(ItemVersion.objects.create(
                item=item, number=1, domain=domain, stem=f"Soal {domain} {i + 1}: apa yang dilakukan pekerja sosial?",
                options=[f"Pilihan {domain}-{i + 1}-{letter}" for letter in "ABCDE"[:options]], key=i % options,
                rationale=f"Pembahasan rahasia {domain} {i + 1}", created_by=writer,
            ))
    return versions


def make_blueprint(scheme_code="ps-generalis", *, items=10, minutes=30, shares=(30, 30, 40), pass_mark=70):
    scheme = Scheme.objects.get(code=scheme_code)
    blueprint, _created = Blueprint.objects.update_or_create(scheme=scheme, defaults={
        "item_count": items, "time_limit_minutes": minutes, "pass_mark": pass_mark,
        "share_knowledge": shares[0], "share_values": shares[1], "share_skills": shares[2],
    })
    return blueprint


def checked_in(staff, booking):
    """The one way these tests check a candidate in (after the plan and both FR.AK.01 confirmations)."""
    agreed(booking)
    result = exam_services.check_in(staff, booking.session, booking.code)
    assert result.ok, result.message
    booking.refresh_from_db()
    return booking


def started_session(make_user, *, capacity=10, online=False):
    """An exam session that started half an hour ago (today), and its secretariat."""
    session = make_session(capacity=capacity, starts_in=later_today(hours=2), cutoff=0,
                           **({"mode": "online", "meeting_url": "https://meet.example.test/ujian"} if online else {}))
    return session, secretariat_of(make_user)


def seated(make_user, session, n=1, *, check_in_by=None):
    """`n` candidates with a seat in `session`, booked before it starts; then the session is moved to
    have started half an hour ago, and they are checked in when `check_in_by` is given."""
    bookings = []
    for _i in range(n):
        application = candidate(make_user)
        bookings.append(exam_services.book_seat(application.applicant, application, session))
    start_now(session)
    for booking in bookings:
        booking.refresh_from_db()
        if check_in_by is not None:
            checked_in(check_in_by, booking)
    return bookings


def ready_candidate(make_user, *, items=10, minutes=30, bank=None):
    """A checked-in candidate of a started session, a blueprint and a bank big enough for it."""
    if bank is None:
        make_bank()  # bank=False: the test made its own
    make_blueprint(items=items, minutes=minutes)
    session, staff = started_session(make_user)
    (booking,) = seated(make_user, session, check_in_by=staff)
    return booking, staff


def start(client, booking):
    """The candidate starts through the page (the device cookie is set in `client`)."""
    client.force_login(booking.application.applicant)
    response = client.post(f"/cbt/bookings/{booking.pk}/")
    assert response.status_code == 302, response.content[:500]
    from certification.cbt.models import Attempt

    return Attempt.objects.get(booking=booking)


def post_answer(client, attempt, **payload):
    import json

    return client.post(f"/cbt/attempts/{attempt.pk}/answer/", data=json.dumps(payload), content_type="application/json",
                       HTTP_X_REQUESTED_WITH="XMLHttpRequest")


__all__ = ["services", "DOMAINS"]
