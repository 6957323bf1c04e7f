"""The proctor console (issue 16, item 4): pause and resume move the deadline by exactly the time paused,
paused answers are refused (409, "paused") and kept by the page, expiry skips a paused test, an extension
needs a reason and a range, ending submits and scores, all of it audited; who may do it; the console's
queries do not grow with the candidates."""

from datetime import timedelta

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from certification.cbt import proctoring, services, tasks
from certification.cbt.models import AnswerReceipt, Attempt
from certification.exams.models import ExamScore
from portal.accounts.roles import Role
from portal.audit.models import AuditEvent
from portal.regions.models import RegionalOffice
from tests.auth import Client

from .helpers import make_bank, make_blueprint, post_answer, ready_candidate, seated, start, started_session

pytestmark = pytest.mark.django_db

PAUSED = "Tes dijeda oleh pengawas. Jawaban Anda menunggu di peramban ini dan dikirim saat tes dilanjutkan."
MINUTES = "Waktu tambahan diberikan dalam menit bulat, dari 1 sampai 120."
REASON = "Sebutkan alasan waktu diperpanjang."


def proctor_client(user):
    c = Client()
    c.force_login(user)
    return c


def act(c, session, action, **data):
    return c.post(f"/cbt/sessions/{session.pk}/proctor/{action}/", data=data)


def flashed(response):
    """The messages this request added (not those left from earlier requests)."""
    return [str(m) for m in response.wsgi_request._messages._queued_messages]


def events(action):
    return list(AuditEvent.objects.filter(action=action).order_by("pk"))


def test_pause_and_resume_move_the_deadline_by_exactly_the_paused_time(make_user, client):
    make_bank()
    booking, staff = ready_candidate(make_user, items=10, minutes=30)
    attempt = start(client, booking)
    session = booking.session
    deadline = attempt.deadline
    t0 = attempt.started_at + timedelta(minutes=10)
    assert proctoring.pause(staff, session, attempt, now=t0) == [Attempt.objects.get(pk=attempt.pk)]
    attempt.refresh_from_db()
    assert attempt.paused_at == t0 and attempt.is_paused
    # While paused the clock stands still: what was left at the pause, whenever asked.
    assert attempt.seconds_left(t0 + timedelta(hours=3)) == 20 * 60
    # Pausing a paused test changes nothing and writes no event.
    assert proctoring.pause(staff, session, attempt, now=t0 + timedelta(minutes=1)) == []
    assert Attempt.objects.get(pk=attempt.pk).paused_at == t0
    held = timedelta(minutes=7, seconds=13, microseconds=500_000)
    (resumed,) = proctoring.resume(staff, session, attempt, now=t0 + held)
    attempt.refresh_from_db()
    assert (attempt.deadline, attempt.paused_at, attempt.paused_seconds) == (deadline + held, None, 433)
    assert attempt.seconds_left(t0 + held) == 20 * 60
    assert proctoring.resume(staff, session, attempt, now=t0 + held) == []  # not paused: nothing
    assert [e.after for e in events("cbt.pause")] == [{"at": t0.isoformat()}]
    assert [e.after for e in events("cbt.resume")] == [{"paused_seconds": 433, "deadline": (deadline + held).isoformat()}]
    assert {e.actor_id for e in events("cbt.pause") + events("cbt.resume")} == {staff.pk}


@hypothesis_settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(pauses=st.lists(st.tuples(st.integers(0, 3600), st.integers(0, 7200)), min_size=1, max_size=5))
def test_the_deadline_moves_by_the_sum_of_the_pauses(make_user, pauses):
    """Any sequence of (run, pause) intervals in seconds: the deadline moves by the paused seconds only."""
    attempt = Attempt.objects.select_related("booking__session").first()
    if attempt is None:
        make_bank()
        booking, staff = ready_candidate(make_user, items=10, minutes=90)
        attempt = services.start_attempt(booking.application.applicant, booking, None).attempt
        attempt = Attempt.objects.select_related("booking__session").get(pk=attempt.pk)
    staff = make_user(Role.LSP_ADMIN)
    Attempt.objects.filter(pk=attempt.pk).update(paused_at=None, paused_seconds=0, deadline=attempt.started_at + timedelta(minutes=90))
    start_deadline = attempt.started_at + timedelta(minutes=90)
    session = attempt.booking.session
    now = attempt.started_at
    for run, pause in pauses:
        now += timedelta(seconds=run)
        if now > Attempt.objects.get(pk=attempt.pk).deadline:
            break  # the time ran out before this pause: nothing to pause
        proctoring.pause(staff, session, attempt, now=now)
        now += timedelta(seconds=pause)
        proctoring.resume(staff, session, attempt, now=now)
    fresh = Attempt.objects.get(pk=attempt.pk)
    assert fresh.deadline == start_deadline + timedelta(seconds=fresh.paused_seconds)
    assert fresh.paused_at is None


def test_answers_and_submit_are_refused_while_paused_and_the_answer_is_taken_after_resume(make_user, client):
    make_bank()
    booking, staff = ready_candidate(make_user, items=10)
    attempt = start(client, booking)
    proctor = proctor_client(staff)
    response = act(proctor, booking.session, "pause", attempt=attempt.pk)
    assert response.status_code == 302 and response["Location"] == f"/cbt/sessions/{booking.session_id}/proctor/#booking-{booking.pk}"
    assert flashed(response) == ["Dijeda: 1 tes."]
    refused = post_answer(client, attempt, key="while-paused-1", item=1, choice=2, seq=1)
    assert refused.status_code == 409
    assert refused.json() == {"ok": False, "code": "paused", "error": PAUSED}
    assert attempt.items.get(position=1).choice is None and not AnswerReceipt.objects.exists()
    state = client.get(f"/cbt/attempts/{attempt.pk}/state.json").json()
    assert state["paused"] is True and state["open"] is True
    page = client.get(f"/cbt/attempts/{attempt.pk}/").content.decode()
    assert 'data-paused="1"' in page and "Tes dijeda oleh pengawas." in page
    # Submitting is refused too, on the page and in the service.
    confirm = client.get(f"/cbt/attempts/{attempt.pk}/submit/")
    assert confirm.status_code == 302
    assert flashed(confirm) == ["Tes dijeda oleh pengawas; tes dapat dikumpulkan setelah dilanjutkan."]
    assert client.post(f"/cbt/attempts/{attempt.pk}/submit/").status_code == 302
    with pytest.raises(services.CbtError) as refusal:
        services.submit(booking.application.applicant, attempt)
    assert refusal.value.code == "paused"
    assert Attempt.objects.get(pk=attempt.pk).is_open
    # Resumed: the answer the page kept in its queue is sent again (same key) and saved.
    assert flashed(act(proctor, booking.session, "resume", attempt=attempt.pk)) == ["Dilanjutkan: 1 tes."]
    assert post_answer(client, attempt, key="while-paused-1", item=1, choice=2, seq=1).json()["outcome"] == "saved"
    assert attempt.items.get(position=1).shown_choice == 2
    assert client.get(f"/cbt/attempts/{attempt.pk}/state.json").json()["paused"] is False


def test_expiry_skips_a_paused_test_and_resume_gives_back_the_time_left(make_user, client):
    make_bank()
    booking, staff = ready_candidate(make_user, items=10)
    attempt = start(client, booking)
    now = timezone.now()
    # Paused two hours ago with one hour left: the deadline is long past, but the clock stood still.
    Attempt.objects.filter(pk=attempt.pk).update(
        started_at=now - timedelta(hours=3), deadline=now - timedelta(hours=1), paused_at=now - timedelta(hours=2)
    )
    assert tasks.submit_expired_attempts() == 0
    assert client.get(f"/cbt/attempts/{attempt.pk}/").status_code == 200  # check_expiry: still open
    assert client.get(f"/cbt/attempts/{attempt.pk}/state.json").json()["seconds_left"] == 3600
    attempt.refresh_from_db()
    assert attempt.is_open
    proctoring.resume(staff, booking.session, attempt, now=now)
    attempt.refresh_from_db()
    assert attempt.deadline == now + timedelta(hours=1) and attempt.paused_seconds == 7200
    assert tasks.submit_expired_attempts() == 0


def test_a_test_whose_time_ran_out_is_not_paused_nor_extended(make_user, client):
    make_bank()
    booking, staff = ready_candidate(make_user, items=10)
    attempt = start(client, booking)
    later = attempt.deadline + timedelta(seconds=1)
    for call in (lambda: proctoring.pause(staff, booking.session, attempt, now=later),
                 lambda: proctoring.extend(staff, booking.session, 10, "Listrik padam", attempt, now=later)):
        with pytest.raises(services.CbtError) as refusal:
            call()
        assert refusal.value.message == "Waktu tes ini sudah habis."
    assert proctoring.pause(staff, booking.session, now=later) == []  # "all" skips it
    assert not AuditEvent.objects.filter(action__in=["cbt.pause", "cbt.extend"]).exists()
    # Ended by the proctor after its time ran out (before the beat task came): as "time ran out".
    past = timezone.now() - timedelta(seconds=1)
    Attempt.objects.filter(pk=attempt.pk).update(started_at=past - timedelta(minutes=30), deadline=past)
    (ended,) = proctoring.end(staff, booking.session, attempt)
    assert (ended.submit_reason, ended.submitted_at) == ("time", past)


@pytest.mark.parametrize("minutes, reason, message", [
    (0, "Listrik padam", MINUTES), (121, "Listrik padam", MINUTES), (-5, "Listrik padam", MINUTES), (None, "Listrik padam", MINUTES),
    (True, "Listrik padam", MINUTES), ("10", "Listrik padam", MINUTES), (2.5, "Listrik padam", MINUTES),
    (10, "", REASON), (10, "   ", REASON), (10, None, REASON),
    (10, "x" * 501, "Alasannya terlalu panjang (paling banyak 500 karakter)."),
])
def test_an_extension_needs_whole_minutes_in_range_and_a_reason(make_user, client, minutes, reason, message):
    make_bank()
    booking, staff = ready_candidate(make_user, items=10)
    attempt = start(client, booking)
    with pytest.raises(services.CbtError) as refusal:
        proctoring.extend(staff, booking.session, minutes, reason, attempt)
    assert refusal.value.message == message
    assert Attempt.objects.get(pk=attempt.pk).deadline == attempt.deadline
    assert not AuditEvent.objects.filter(action="cbt.extend").exists()


def test_an_extension_moves_the_deadline_and_is_audited_with_its_reason(make_user, client):
    make_bank()
    booking, staff = ready_candidate(make_user, items=10, minutes=30)
    attempt = start(client, booking)
    proctor = proctor_client(staff)
    response = act(proctor, booking.session, "extend", attempt=attempt.pk, minutes="15", reason="  Listrik padam di ruang 2 ")
    assert flashed(response) == ["Diperpanjang: 1 tes."]
    fresh = Attempt.objects.get(pk=attempt.pk)
    assert (fresh.deadline, fresh.proctor_minutes) == (attempt.deadline + timedelta(minutes=15), 15)
    assert [(e.actor_id, e.after) for e in events("cbt.extend")] == [(staff.pk, {"minutes": 15, "reason": "Listrik padam di ruang 2"})]
    left = client.get(f"/cbt/attempts/{attempt.pk}/state.json").json()["seconds_left"]
    assert 45 * 60 - 5 <= left <= 45 * 60
    # Bad input through the page: a clear message, never a 500, nothing changed.
    for data, message in (({"minutes": "abc", "reason": "x"}, MINUTES), ({"minutes": "999999999", "reason": "x"}, MINUTES),
                          ({"minutes": "5", "reason": ""}, REASON), ({"minutes": "5"}, REASON)):
        response = act(proctor, booking.session, "extend", attempt=attempt.pk, **data)
        assert response.status_code == 302 and flashed(response) == [message]
    for data in ({}, {"attempt": "abc"}, {"attempt": "1e3"}, {"attempt": "٣"}):
        assert act(proctor, booking.session, "extend", minutes="5", reason="x", **data).status_code == 404
    # At most 600 minutes in all.
    for _i in range(4):
        proctoring.extend(staff, booking.session, 120, "Gangguan jaringan", attempt)
    with pytest.raises(services.CbtError) as refusal:
        proctoring.extend(staff, booking.session, 106, "Gangguan jaringan", attempt)
    assert refusal.value.message == "Sebuah tes dapat diperpanjang paling lama 600 menit seluruhnya."
    assert Attempt.objects.get(pk=attempt.pk).proctor_minutes == 495


def test_the_proctor_ends_a_test_it_is_submitted_and_scored(make_user, client):
    make_bank()
    booking, staff = ready_candidate(make_user, items=10)
    attempt = start(client, booking)
    first = attempt.items.select_related("version").get(position=1)
    post_answer(client, attempt, key="right-answer-1", item=1, choice=first.order.index(first.version.key), seq=1)
    proctor = proctor_client(staff)
    assert flashed(act(proctor, booking.session, "end", attempt=attempt.pk)) == ["Diakhiri: 1 tes."]
    attempt.refresh_from_db()
    assert (attempt.status, attempt.submit_reason, attempt.correct) == ("submitted", "proctor", 1)
    assert attempt.get_submit_reason_display() == "Diakhiri oleh pengawas"
    assert ExamScore.objects.filter(booking=booking).count() == 3
    assert [(e.actor_id, e.after) for e in events("cbt.submit")] == [(staff.pk, {"reason": "proctor", "correct": 1})]
    assert [(e.actor_id, e.after) for e in events("cbt.end")] == [(staff.pk, {"correct": 1})]
    done = client.get(f"/cbt/attempts/{attempt.pk}/").content.decode()
    assert "Pengawas mengakhiri tes; jawaban yang sudah Anda berikan dikumpulkan." in done
    assert client.get(f"/cbt/attempts/{attempt.pk}/state.json").json()["open"] is False
    late = post_answer(client, attempt, key="after-proctor-1", item=2, choice=0, seq=2)
    assert late.status_code == 409 and late.json()["code"] == "closed"
    # Once ended, nothing more: a clear message for one test, nothing for all.
    assert flashed(act(proctor, booking.session, "end", attempt=attempt.pk)) == ["Tes sudah dikumpulkan."]
    assert flashed(act(proctor, booking.session, "pause", all="1")) == ["Tidak ada yang berubah: tidak ada tes dalam keadaan itu."]


def test_pause_resume_extend_and_end_all_open_tests_of_a_session(make_user, client):
    make_bank()
    make_blueprint(items=10, minutes=30)
    session, staff = started_session(make_user)
    a, b, c, absent = seated(make_user, session, 4)
    from .helpers import checked_in

    for booking in (a, b, c):
        checked_in(staff, booking)
    attempts = [services.start_attempt(x.application.applicant, x, None).attempt for x in (a, b, c)]
    services.submit(c.application.applicant, attempts[2])
    proctor = proctor_client(staff)
    assert flashed(act(proctor, session, "pause", all="1")) == ["Dijeda: 2 tes."]
    assert Attempt.objects.filter(paused_at__isnull=False).count() == 2
    (pause,) = events("cbt.pause")
    assert pause.object_id == str(session.pk) and pause.after["all"] is True
    assert sorted(pause.after["attempts"]) == sorted([attempts[0].pk, attempts[1].pk])
    assert flashed(act(proctor, session, "pause", all="1")) == ["Tidak ada yang berubah: tidak ada tes dalam keadaan itu."]
    assert flashed(act(proctor, session, "resume", all="1")) == ["Dilanjutkan: 2 tes."]
    assert flashed(act(proctor, session, "extend", all="1", minutes="10", reason="Mulai terlambat")) == ["Diperpanjang: 2 tes."]
    assert set(Attempt.objects.filter(booking__in=[a, b]).values_list("proctor_minutes", flat=True)) == {10}
    assert Attempt.objects.get(booking=c).proctor_minutes == 0
    page = proctor.get(f"/cbt/sessions/{session.pk}/proctor/").content.decode()
    assert "semua tes yang berjalan (2)" in page and "“Mulai terlambat”" in page
    response = act(proctor, session, "end", all="1")
    assert flashed(response) == ["Diakhiri: 2 tes."]
    assert list(Attempt.objects.order_by("pk").values_list("status", "submit_reason")) == [
        ("submitted", "proctor"), ("submitted", "proctor"), ("submitted", "candidate")
    ]
    assert [e.object_id for e in events("cbt.end")] == [str(session.pk)]


def test_who_may_proctor(make_user, client):
    make_bank()
    booking, staff = ready_candidate(make_user, items=10)
    attempt = start(client, booking)
    session = booking.session
    other_office = RegionalOffice.objects.exclude(pk=session.regional_office_id).first()
    assessor = type(staff).objects.get(pk=booking.assessor.user_id)
    TOTP.activate(assessor, generate_totp_secret())  # staff sign in with a second factor
    outsiders = {
        "the candidate": booking.application.applicant,
        "another candidate": make_user(),
        "the session's assessor": assessor,
        "another office's secretariat": make_user(Role.SECRETARIAT, regional_office=other_office),
    }
    for label, user in outsiders.items():
        c = Client()
        c.force_login(user)
        assert c.get(f"/cbt/sessions/{session.pk}/proctor/").status_code == 404, label
        assert c.get(f"/cbt/sessions/{session.pk}/proctor/?part=live").status_code == 404, label
        for action in ("pause", "resume", "end"):
            assert act(c, session, action, attempt=attempt.pk).status_code == 404, (label, action)
            assert act(c, session, action, all="1").status_code == 404, (label, action)
        assert act(c, session, "extend", attempt=attempt.pk, minutes="5", reason="x").status_code == 404, label
        assert c.post(f"/cbt/attempts/{attempt.pk}/allow-device/").status_code == 404, label
        for call in (proctoring.pause, proctoring.resume, proctoring.end):
            with pytest.raises(PermissionDenied):
                call(user, session, attempt)
        with pytest.raises(PermissionDenied):
            proctoring.extend(user, session, 5, "x", attempt)
        with pytest.raises(PermissionDenied):
            services.submit(user, attempt, reason="proctor")
        assert not user.has_perm("cbt.proctor", session), label
    attempt.refresh_from_db()
    assert attempt.is_open and attempt.paused_at is None and attempt.proctor_minutes == 0
    assert not AuditEvent.objects.filter(action__in=proctoring.ACTIONS).exists()
    assert Client().get(f"/cbt/sessions/{session.pk}/proctor/").status_code == 302  # signed out: to the sign-in page
    # The session's secretariat and an LSP admin may; a GET on an action is refused (405).
    admin = make_user(Role.LSP_ADMIN)
    for user in (staff, admin):
        assert user.has_perm("cbt.proctor", session)
        assert proctor_client(user).get(f"/cbt/sessions/{session.pk}/proctor/").status_code == 200
    assert proctor_client(admin).get(f"/cbt/sessions/{session.pk}/proctor/pause/").status_code == 405
    assert flashed(act(proctor_client(admin), session, "pause", attempt=attempt.pk)) == ["Dijeda: 1 tes."]
    # A test of another session through this session's URL: 404.
    other_session, _staff = started_session(make_user)
    assert act(proctor_client(admin), other_session, "resume", attempt=attempt.pk).status_code == 404
    assert Attempt.objects.get(pk=attempt.pk).is_paused


def _candidates(make_user, session, staff, n):
    bookings = seated(make_user, session, n, check_in_by=staff)
    for booking in bookings[1:]:
        attempt = services.start_attempt(booking.application.applicant, booking, None).attempt
        item = attempt.items.first()
        item.choice, item.flagged, item.answered_at = item.order[0], True, timezone.now()
        item.save()
    return bookings


def test_the_console_shows_each_candidate_in_a_fixed_number_of_queries(make_user, django_assert_num_queries):
    make_bank()
    make_blueprint(items=10, minutes=30)
    small, staff = started_session(make_user, capacity=5)
    large, _staff = started_session(make_user, capacity=30)
    small_bookings = _candidates(make_user, small, staff, 5)
    _candidates(make_user, large, staff, 30)
    one = Attempt.objects.get(booking=small_bookings[1])
    proctoring.pause(staff, small, one)
    proctoring.extend(staff, small, 5, "Listrik padam", one)
    services.submit(small_bookings[2].application.applicant, Attempt.objects.get(booking=small_bookings[2]))
    proctor = proctor_client(staff)
    proctor.get(f"/cbt/sessions/{small.pk}/proctor/")  # warm: content types, the session's caches
    counts = {}
    for session in (small, large):
        with CaptureQueriesContext(connection) as queries:
            response = proctor.get(f"/cbt/sessions/{session.pk}/proctor/")
        counts[session.capacity] = len(queries)
        assert response.status_code == 200
        rows = response.context["rows"]
        assert len(rows) == session.capacity
    # The request's own (session, user, second factor: 5), the exam session, the bookings with their
    # tests' figures, the log: 8, whatever the number of candidates; one more where a test is submitted
    # (its results per unit of competency).
    assert counts == {5: 9, 30: 8}
    with django_assert_num_queries(8):
        proctor.get(f"/cbt/sessions/{large.pk}/proctor/?part=live")
    rows = {r.booking.pk: r for r in proctor.get(f"/cbt/sessions/{small.pk}/proctor/").context["rows"]}
    waiting, paused, submitted, running = (rows[b.pk] for b in small_bookings[:4])
    assert (waiting.state, paused.state, submitted.state, running.state) == ("waiting", "paused", "submitted", "in_progress")
    assert (running.answered, running.flagged, running.total) == (1, 1, 10)
    assert 29 * 60 <= running.seconds_left <= 30 * 60
    assert paused.attempt.proctor_minutes == 5
    page = proctor.get(f"/cbt/sessions/{small.pk}/proctor/").content.decode()
    assert "+5 menit dari pengawas" in page and "“Listrik padam”" in page and "Dikumpulkan oleh peserta" in page
    assert "2 sedang dikerjakan · 1 dijeda · 1 telah dikumpulkan · 1 belum dimulai · 0 belum tercatat hadir" in " ".join(page.split())
