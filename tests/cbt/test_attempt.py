"""Taking the test: the window and the check-in, the server's clock, answers saved as given (idempotent,
in order, a fixed number of queries), refusals with clear messages (never a 500), one device at a time,
auto-submit, and what the candidate may see."""

import json
from datetime import timedelta

import pytest
from tests.auth import Client
from django.utils import timezone

from certification.cbt import tasks
from certification.cbt.models import AnswerReceipt, Attempt
from portal.audit.models import AuditEvent

from .helpers import make_bank, make_blueprint, post_answer, ready_candidate, seated, start, started_session

pytestmark = pytest.mark.django_db


def test_the_test_opens_only_in_the_window_for_checked_in_candidates(make_user, client):
    make_bank()
    make_blueprint(items=10)
    session, staff = started_session(make_user)
    waiting, present = seated(make_user, session, 2)
    from .helpers import checked_in

    checked_in(staff, present)
    client.force_login(waiting.application.applicant)
    page = client.get(f"/cbt/bookings/{waiting.pk}/")
    assert page.status_code == 200
    assert page.context["problem"] == (
        "Tes dibuka setelah Anda tercatat hadir di tempat uji. Tunjukkan kartu peserta Anda kepada petugas."
    )
    assert client.post(f"/cbt/bookings/{waiting.pk}/").status_code == 302
    assert not Attempt.objects.exists()
    # After the session: closed.
    session.ends_at = timezone.now() - timedelta(minutes=1)
    session.starts_at = session.ends_at - timedelta(hours=2)
    session.save()
    client.force_login(present.application.applicant)
    assert client.get(f"/cbt/bookings/{present.pk}/").context["problem"] == (
        "Sesi telah berakhir; tes tidak dapat dimulai lagi."
    )
    client.post(f"/cbt/bookings/{present.pk}/")
    assert not Attempt.objects.exists()


def test_an_online_candidate_waits_for_the_proctor(make_user, client):
    make_bank()
    make_blueprint(items=10)
    session, _staff = started_session(make_user, online=True)
    (booking,) = seated(make_user, session)
    client.force_login(booking.application.applicant)
    assert client.get(f"/cbt/bookings/{booking.pk}/").context["problem"] == "Tunggu hingga pengawas menerima Anda di sesi daring."


def test_no_item_is_in_the_page_before_the_start_and_the_key_never_is(make_user, client):
    versions = make_bank()
    booking, _staff = ready_candidate(make_user, items=10)
    client.force_login(booking.application.applicant)
    before = client.get(f"/cbt/bookings/{booking.pk}/").content.decode()
    assert "Mulai tes" in before
    assert not any(v.stem in before or v.options[0] in before for v in versions)
    attempt = start(client, booking)
    page = client.get(f"/cbt/attempts/{attempt.pk}/").content.decode()
    shown = list(attempt.items.select_related("version"))
    assert all(q.version.stem in page for q in shown)
    assert "Pembahasan rahasia" not in page and "data-key" not in page and "is_correct" not in page
    # Options are sent as positions: the value of each radio is its place on the page, not the key.
    for q in shown:
        for index in range(len(q.order)):
            assert f'name="q{q.position}" id="q{q.position}-{index}" value="{index}"' in page


def test_another_candidate_sees_nothing_of_a_form(make_user, client):
    make_bank()
    booking, staff = ready_candidate(make_user, items=10)
    attempt = start(client, booking)
    other = make_user()
    intruder = Client()
    intruder.force_login(other)
    for url in (f"/cbt/attempts/{attempt.pk}/", f"/cbt/attempts/{attempt.pk}/state.json", f"/cbt/attempts/{attempt.pk}/submit/",
                f"/cbt/bookings/{booking.pk}/"):
        assert intruder.get(url).status_code == 404, url
    response = post_answer(intruder, attempt, key="k" * 16, item=1, choice=0, seq=1)
    assert response.status_code == 404
    assert response.json() == {"ok": False, "code": "not_found", "error": "Tes ini tidak ada atau bukan milik Anda."}
    # The proctor's page shows progress, not the items.
    proctor = Client()
    proctor.force_login(staff)
    page = proctor.get(f"/cbt/sessions/{booking.session_id}/proctor/").content.decode()
    assert booking.application.applicant.get_full_name() in page
    assert not any(q.version.stem in page for q in attempt.items.select_related("version"))


def test_the_server_keeps_the_clock(make_user, client):
    make_bank()
    booking, _staff = ready_candidate(make_user, items=10, minutes=25)
    before = timezone.now()
    attempt = start(client, booking)
    assert attempt.deadline == attempt.started_at + timedelta(minutes=25)
    assert before <= attempt.started_at <= timezone.now()
    assert attempt.extra_minutes == 0
    # Reloading, starting again, another tab: the same deadline.
    client.get(f"/cbt/attempts/{attempt.pk}/")
    client.post(f"/cbt/bookings/{booking.pk}/")
    assert Attempt.objects.get(pk=attempt.pk).deadline == attempt.deadline
    # The browser cannot move it: a time in the answer is refused, the deadline unchanged.
    for field in ("deadline", "seconds_left", "remaining"):
        response = post_answer(client, attempt, key="t" * 20 + field, item=1, choice=0, seq=1, **{field: 99999})
        assert response.status_code == 400
        assert response.json()["error"] == "Waktu dipegang oleh server; waktu yang dikirim peramban ditolak."
    assert Attempt.objects.get(pk=attempt.pk).deadline == attempt.deadline
    left = client.get(f"/cbt/attempts/{attempt.pk}/state.json").json()["seconds_left"]
    assert 25 * 60 - 5 <= left <= 25 * 60


def test_extra_minutes_from_reasonable_adjustments_apply(make_user, client):
    """FR.AK.07's extra time, recorded by the secretariat through planning, is on the test's clock."""
    from certification.planning import services as planning

    make_bank()
    booking, staff = ready_candidate(make_user, items=10, minutes=20)
    planning.save_adjustments(staff, booking.application, {
        "extra_minutes": 15, "reader": False, "large_print": False, "separate_room": False, "interpreter": False,
    })
    attempt = start(client, booking)
    assert attempt.extra_minutes == 15
    assert attempt.deadline - attempt.started_at == timedelta(minutes=35)


def test_each_answer_is_saved_idempotently_in_a_fixed_number_of_queries(make_user, client, django_assert_max_num_queries):
    make_bank(counts={"knowledge": 12, "values": 12, "skills": 16})
    booking, _staff = ready_candidate(make_user, items=40)
    attempt = start(client, booking)
    first = attempt.items.get(position=1)
    # The session and the user (2), the attempt locked, the question, the receipt, the answer (4); savepoints (4).
    with django_assert_max_num_queries(10) as counted:
        response = post_answer(client, attempt, key="a1" * 8, item=1, choice=2, seq=1)
    assert response.status_code == 200, response.content
    saved_queries = len(counted.captured_queries)
    assert response.json()["outcome"] == "saved" and response.json()["choice"] == 2
    first.refresh_from_db()
    assert first.choice == first.order[2] and first.answered_at is not None
    # The same number of queries for question 40.
    with django_assert_max_num_queries(saved_queries):
        assert post_answer(client, attempt, key="a40" * 5, item=40, choice=1, seq=2).json()["outcome"] == "saved"
    # A replay (the same key: a retry after a lost reply) changes nothing.
    replay = post_answer(client, attempt, key="a1" * 8, item=1, choice=0, seq=1)
    assert replay.json()["outcome"] == "replay" and replay.json()["choice"] == 2
    # An older answer arriving late (seq below the last applied) is kept as a receipt, not applied.
    post_answer(client, attempt, key="a1-second-xx", item=1, choice=3, flagged=True, seq=5)
    stale = post_answer(client, attempt, key="a1-old-one-xx", item=1, choice=0, seq=3)
    assert stale.json()["outcome"] == "stale"
    first.refresh_from_db()
    assert (first.choice, first.flagged, first.seq) == (first.order[3], True, 5)
    assert AnswerReceipt.objects.filter(attempt=attempt).count() == 4
    assert list(AnswerReceipt.objects.filter(attempt=attempt).order_by("seq").values_list("applied", flat=True)) == [
        True, True, False, True,
    ]
    # Flag alone, then unflag: the choice stays.
    post_answer(client, attempt, key="flag-only-1", item=1, flagged=False, seq=6)
    first.refresh_from_db()
    assert (first.choice, first.flagged) == (first.order[3], False)


BAD = [
    (b"not json", "Jawaban tidak dapat dibaca.", "malformed"),
    (json.dumps([1, 2]).encode(), "Jawaban tidak dapat dibaca.", "malformed"),
    (json.dumps({"key": "short", "item": 1, "choice": 0, "seq": 1}).encode(), "Jawaban tidak memiliki kunci yang sah.", "malformed"),
    (json.dumps({"key": "k" * 12, "item": "1", "choice": 0, "seq": 1}).encode(), "Jawaban tidak menyebut soal dari tes ini.", "malformed"),
    (json.dumps({"key": "k" * 12, "item": 1, "choice": 7, "seq": 1}).encode(), "Pilihan yang dipilih bukan salah satu pilihan soal ini.", "malformed"),
    (json.dumps({"key": "k" * 12, "item": 1, "choice": True, "seq": 1}).encode(), "Pilihan yang dipilih bukan salah satu pilihan soal ini.", "malformed"),
    (json.dumps({"key": "k" * 12, "item": 1, "choice": 0}).encode(), "Jawaban tidak memiliki nomor urut yang sah.", "malformed"),
    (json.dumps({"key": "k" * 12, "item": 1, "seq": 1}).encode(), "Jawaban tidak membawa pilihan maupun tanda.", "malformed"),
    (json.dumps({"key": "k" * 12, "item": 1, "choice": 0, "seq": 1, "score": 100}).encode(),
     "Jawaban memiliki isian yang tidak dikenal tes: score.", "malformed"),
    (json.dumps({"key": "k" * 12, "item": 11, "choice": 0, "seq": 1}).encode(), "Soal 11 tidak ada dalam tes Anda.", "not_on_form"),
    (json.dumps({"key": "k" * 12, "item": 1, "choice": 4, "seq": 1}).encode(), "Pilihan yang dipilih bukan salah satu pilihan soal ini.", "malformed"),
]


@pytest.mark.parametrize("body,message,code", BAD)
def test_bad_answers_are_refused_with_a_clear_message_and_change_nothing(make_user, client, body, message, code, caplog):
    make_bank()
    booking, _staff = ready_candidate(make_user, items=10)
    attempt = start(client, booking)
    response = client.post(f"/cbt/attempts/{attempt.pk}/answer/", data=body, content_type="application/json")
    assert response.status_code == 400
    assert response.json() == {"ok": False, "code": code, "error": message}
    assert not attempt.items.filter(choice__isnull=False).exists()
    assert not AnswerReceipt.objects.exists()
    assert any("answer refused" in r.getMessage() for r in caplog.records)


def test_an_answer_after_the_end_is_refused_and_the_test_is_submitted(make_user, client, settings):
    make_bank()
    booking, _staff = ready_candidate(make_user, items=10)
    attempt = start(client, booking)
    assert post_answer(client, attempt, key="before-end-1", item=1, choice=0, seq=1).status_code == 200
    Attempt.objects.filter(pk=attempt.pk).update(
        started_at=timezone.now() - timedelta(minutes=31), deadline=timezone.now() - timedelta(seconds=settings.CBT_LATE_GRACE_SECONDS + 1)
    )
    deadline = Attempt.objects.get(pk=attempt.pk).deadline
    response = post_answer(client, attempt, key="after-end-1", item=2, choice=0, seq=2)
    assert response.status_code == 409
    assert response.json()["code"] == "late"
    assert response.json()["error"] == (
        f"Waktu tes ini berakhir pukul {timezone.localtime(deadline).strftime('%H:%M:%S')}; jawaban yang dikirim setelahnya tidak disimpan."
    )
    assert attempt.items.get(position=2).choice is None
    # The next page request submits it (time ran out); then answers are refused as "submitted".
    page = client.get(f"/cbt/attempts/{attempt.pk}/")
    assert "Waktu habis" in page.content.decode()
    attempt.refresh_from_db()
    assert (attempt.status, attempt.submit_reason, attempt.submitted_at) == ("submitted", "time", deadline)
    again = post_answer(client, attempt, key="after-end-2", item=3, choice=0, seq=3)
    assert again.status_code == 409 and again.json()["code"] == "closed"


def test_the_beat_task_submits_expired_tests(make_user, client):
    make_bank()
    booking, _staff = ready_candidate(make_user, items=10)
    attempt = start(client, booking)
    assert tasks.submit_expired_attempts() == 0
    Attempt.objects.filter(pk=attempt.pk).update(started_at=timezone.now() - timedelta(hours=1), deadline=timezone.now() - timedelta(minutes=1))
    assert tasks.submit_expired_attempts() == 1
    assert tasks.submit_expired_attempts() == 0
    attempt.refresh_from_db()
    assert attempt.status == "submitted" and attempt.submit_reason == "time"


def test_a_second_device_is_refused_until_the_proctor_allows_it(make_user, client):
    make_bank()
    booking, staff = ready_candidate(make_user, items=10)
    attempt = start(client, booking)
    phone = Client()
    phone.force_login(booking.application.applicant)
    refused = phone.get(f"/cbt/attempts/{attempt.pk}/")
    assert refused.status_code == 409
    assert "Tes Anda terbuka di perangkat lain" in refused.content.decode()
    assert phone.post(f"/cbt/bookings/{booking.pk}/").status_code == 302  # the start page says the same, nothing moves
    response = post_answer(phone, attempt, key="phone-answer-1", item=1, choice=0, seq=1)
    assert response.status_code == 409 and response.json()["code"] == "device"
    # The proctor allows the move: the phone takes the test over, the laptop is refused from then on.
    proctor = Client()
    proctor.force_login(staff)
    assert proctor.post(f"/cbt/attempts/{attempt.pk}/allow-device/").status_code == 302
    assert phone.get(f"/cbt/attempts/{attempt.pk}/").status_code == 302
    assert phone.get(f"/cbt/attempts/{attempt.pk}/").status_code == 200
    assert post_answer(phone, attempt, key="phone-answer-2", item=1, choice=0, seq=1).status_code == 200
    assert post_answer(client, attempt, key="laptop-answer-1", item=2, choice=0, seq=2).status_code == 409
    assert client.get(f"/cbt/attempts/{attempt.pk}/").status_code == 409
    assert Attempt.objects.get(pk=attempt.pk).deadline == attempt.deadline
    assert list(AuditEvent.objects.filter(action__startswith="cbt.device").order_by("pk").values_list("action", flat=True)) == [
        "cbt.device_refused", "cbt.device_refused", "cbt.device_allowed", "cbt.device_moved", "cbt.device_refused",
    ]
    # Only the session's staff may allow it.
    other = Client()
    other.force_login(make_user())
    assert other.post(f"/cbt/attempts/{attempt.pk}/allow-device/").status_code == 404


def test_submit_asks_for_confirmation_first(make_user, client):
    make_bank()
    booking, _staff = ready_candidate(make_user, items=10)
    attempt = start(client, booking)
    post_answer(client, attempt, key="answer-one-1", item=1, choice=0, flagged=True, seq=1)
    confirm = client.get(f"/cbt/attempts/{attempt.pk}/submit/")
    text = confirm.content.decode()
    assert "Anda menjawab 1 dari 10 soal." in text and "9 soal belum dijawab." in text and "1 soal ditandai untuk ditinjau." in text
    attempt.refresh_from_db()
    assert attempt.is_open
    client.post(f"/cbt/attempts/{attempt.pk}/submit/")
    attempt.refresh_from_db()
    assert attempt.status == "submitted" and attempt.submit_reason == "candidate"


def test_an_answer_sent_as_a_form_or_an_odd_filter_is_refused_not_a_500(make_user, client):
    make_bank()
    booking, _staff = ready_candidate(make_user, items=10)
    attempt = start(client, booking)
    response = client.post(f"/cbt/attempts/{attempt.pk}/answer/", {"key": "abc\x00def", "item": "1", "choice": "0", "seq": "1"})
    assert response.status_code == 400 and response.json()["code"] == "malformed"
    from portal.accounts.roles import Role

    client.force_login(make_user(Role.LSP_ADMIN))
    for query in ("?scheme=%C2%B2&domain=%C2%B2", "?scheme=" + "9" * 5000, "?page=-1"):
        assert client.get(f"/cbt/items/{query}").status_code == 200
