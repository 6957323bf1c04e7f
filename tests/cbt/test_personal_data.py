"""The CBT's part of the person's data export: their tests, the answers they chose (as text) and their
flags, the scores only once released; never a stem, a key or a rationale; every key labelled."""

import json

import pytest

from certification.cbt import proctoring
from certification.cbt.personal_data import export
from portal.accounts.roles import Role
from portal.privacy import exporters
from portal.privacy import services as privacy_services

from .helpers import make_bank, post_answer, ready_candidate, start

pytestmark = pytest.mark.django_db


def keys(value):
    if isinstance(value, dict):
        for key, child in value.items():
            yield key
            yield from keys(child)
    elif isinstance(value, list):
        for child in value:
            yield from keys(child)


def test_the_export_holds_the_answers_not_the_keys_and_the_scores_once_released(make_user, client, django_assert_max_num_queries):
    bank = make_bank(counts={"knowledge": 3, "values": 3, "skills": 4})
    booking, _staff = ready_candidate(make_user, items=10, bank=False)
    person = booking.application.applicant
    attempt = start(client, booking)
    first, second = attempt.items.select_related("version").order_by("position")[:2]
    # Question 1: the shown option B; question 2: flagged, not answered.
    assert post_answer(client, attempt, key="answer-0001", item=1, choice=1, seq=1).status_code == 200
    assert post_answer(client, attempt, key="answer-0002", item=2, flagged=True, seq=2).status_code == 200
    client.post(f"/cbt/attempts/{attempt.pk}/submit/")
    attempt.refresh_from_db()

    data = export(person)
    (test,) = data["cbt_tests"]
    assert test["application"] == booking.application.reference
    assert test["session"] == booking.session.display_title
    assert test["started_at"] == attempt.started_at.isoformat() and test["test_submitted_at"] == attempt.submitted_at.isoformat()
    assert test["submit_reason"] == "Dikumpulkan oleh peserta"
    assert test["result"] == "belum dirilis"
    assert len(test["questions"]) == 10
    assert test["questions"][0] == {"question_number": 1, "your_answer": first.version.options[first.order[1]],
                                    "answered_at": test["questions"][0]["answered_at"], "flagged": False}
    assert test["questions"][0]["answered_at"] is not None
    assert test["questions"][1] == {"question_number": 2, "your_answer": None, "answered_at": None, "flagged": True}
    text = json.dumps(data, ensure_ascii=False)
    for version in bank:  # neither a stem nor a rationale of any item, nor a key
        assert version.stem not in text and version.rationale not in text
    assert "key" not in set(keys(data))

    proctoring.release_results(make_user(Role.LSP_ADMIN), booking.session)
    with django_assert_max_num_queries(3):  # the attempts, their questions, the results per unit
        data = export(person)
    result = data["cbt_tests"][0]["result"]
    attempt.refresh_from_db()
    assert result == {
        "correct_answers": attempt.correct, "score_knowledge": str(attempt.score_knowledge),
        "score_values": str(attempt.score_values), "score_skills": str(attempt.score_skills),
        "test_total": str(attempt.total), "pass_mark": "70.00", "released_at": attempt.released_at.isoformat(), "units": [],
    }
    # Every key is labelled for the readable PDF, and the section is in the whole export.
    assert sorted(set(keys(data)) - set(exporters.labels())) == []
    assert privacy_services.export(person)["cbt"] == data
    # Another person's export holds none of it.
    assert export(make_user(Role.APPLICANT)) == {"cbt_tests": []}


def test_the_processing_history_names_the_tests_events(make_user, client):
    make_bank()
    booking, _staff = ready_candidate(make_user, items=10, bank=False)
    start(client, booking)
    labels = exporters.action_labels()
    assert str(labels["cbt.start"]) == "Memulai tes berbasis komputer Anda"
    assert str(labels["cbt.device_allowed"]) == "Mengizinkan tes Anda pindah ke perangkat lain"
