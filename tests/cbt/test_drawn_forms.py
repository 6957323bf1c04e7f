"""The form drawn at check-in (docs/cbt.md, "Forms drawn at check-in"): the check-in queues it, the start
only sets the clock and the device (fewer queries, no drawing), nothing of it is shown before the start,
and a start without a drawn form draws it as before."""

import pytest

from certification.cbt import services
from certification.cbt.models import Attempt, AttemptStatus
from portal.audit.models import AuditEvent

from .helpers import checked_in, make_bank, make_blueprint, seated, start, started_session

pytestmark = pytest.mark.django_db


def _checked_in_with_form(make_user, django_capture_on_commit_callbacks, *, items=10):
    make_bank()
    make_blueprint(items=items, minutes=30)
    session, staff = started_session(make_user)
    (booking,) = seated(make_user, session)
    with django_capture_on_commit_callbacks(execute=True):  # the check-in's task runs after its commit
        checked_in(staff, booking)
    return booking, staff


def test_the_check_in_draws_the_form_and_the_start_only_sets_the_clock(
    make_user, client, django_capture_on_commit_callbacks, django_assert_num_queries
):
    booking, _staff = _checked_in_with_form(make_user, django_capture_on_commit_callbacks)
    drawn = Attempt.objects.get(booking=booking)
    assert drawn.status == AttemptStatus.READY
    assert drawn.started_at is None and drawn.deadline is None and drawn.device_hash == ""
    placed = list(drawn.items.values_list("position", "version_id", "order"))
    assert len(placed) == 10
    assert AuditEvent.objects.filter(action="cbt.draw", object_id=str(drawn.pk)).count() == 1

    client.force_login(booking.application.applicant)
    # The session and the user (2), the booking (1); the transaction (2), the booking and the form locked (2),
    # the extra minutes (1), the clock and the device set (1), the audit event (1): no pool read, no form written.
    with django_assert_num_queries(10):
        response = client.post(f"/cbt/bookings/{booking.pk}/")
    assert response.status_code == 302 and response["Location"] == f"/cbt/attempts/{drawn.pk}/"
    started = Attempt.objects.get(pk=drawn.pk)
    assert started.status == AttemptStatus.IN_PROGRESS
    assert started.deadline - started.started_at == services.timedelta(minutes=30)
    assert started.device_hash == services._digest(response.cookies["cbt_device"].value)
    assert list(started.items.values_list("position", "version_id", "order")) == placed  # the form drawn at check-in


def test_a_drawn_form_shows_nothing_before_the_start(make_user, client, django_capture_on_commit_callbacks):
    booking, _staff = _checked_in_with_form(make_user, django_capture_on_commit_callbacks)
    drawn = Attempt.objects.get(booking=booking)
    stems = list(drawn.items.values_list("version__stem", flat=True))
    client.force_login(booking.application.applicant)
    page = client.get(f"/cbt/bookings/{booking.pk}/")
    assert page.status_code == 200 and "Mulai tes" in page.content.decode()
    assert not any(stem in page.content.decode() for stem in stems)
    # The test's own URLs lead back to the start page; the clock and the answers are closed.
    for url in (f"/cbt/attempts/{drawn.pk}/", f"/cbt/attempts/{drawn.pk}/submit/"):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"] == f"/cbt/bookings/{booking.pk}/"
    assert client.get(f"/cbt/attempts/{drawn.pk}/state.json").json() == {
        "open": False, "started": False, "seconds_left": 0, "answered": 0, "device": False,
    }
    from .helpers import post_answer

    refused = post_answer(client, drawn, key="k" * 12, item=1, choice=0, seq=1)
    assert refused.status_code == 409
    assert refused.json() == {"ok": False, "code": "closed", "error": "Tes Anda belum dimulai."}
    assert Attempt.objects.get(pk=drawn.pk).status == AttemptStatus.READY
    # Another candidate gets nothing of it.
    other = make_user()
    client.force_login(other)
    assert client.get(f"/cbt/attempts/{drawn.pk}/").status_code == 404


def test_a_start_without_a_drawn_form_draws_it(make_user, client):
    make_bank()
    make_blueprint(items=10)
    session, staff = started_session(make_user)
    (booking,) = seated(make_user, session, check_in_by=staff)  # the task never ran (no commit in this test)
    assert not Attempt.objects.filter(booking=booking).exists()
    attempt = start(client, booking)
    assert attempt.status == AttemptStatus.IN_PROGRESS and attempt.items.count() == 10


def test_drawing_is_idempotent_and_waits_for_a_checked_in_candidate_with_a_blueprint(make_user):
    make_bank()
    session, staff = started_session(make_user)
    waiting, present = seated(make_user, session, 2)
    checked_in(staff, present)
    assert services.draw_form(present.pk) is None  # no blueprint yet: the start will draw
    make_blueprint(items=10)
    assert services.draw_form(waiting.pk) is None  # not checked in
    drawn = services.draw_form(present.pk)
    assert drawn.status == AttemptStatus.READY
    assert services.draw_form(present.pk) is None  # drawn once
    assert Attempt.objects.filter(booking=present).count() == 1
    assert not Attempt.objects.filter(booking=waiting).exists()


def test_a_bank_too_small_does_not_stop_the_check_in(make_user, django_capture_on_commit_callbacks, caplog):
    make_bank(counts={"knowledge": 1, "values": 1, "skills": 1})
    make_blueprint(items=10)
    session, staff = started_session(make_user)
    (booking,) = seated(make_user, session)
    with django_capture_on_commit_callbacks(execute=True):
        checked_in(staff, booking)
    assert booking.attendance == "present"
    assert not Attempt.objects.filter(booking=booking).exists()
    assert "no form drawn at check-in" in caplog.text
