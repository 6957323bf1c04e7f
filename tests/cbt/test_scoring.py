"""Scoring on submit: per-domain scores and the weighted total into the exam's cognitive component
(through the exams' own service: the total, suggestion and plenary go on unchanged); the candidate
sees the result only when the LSP releases it."""

from decimal import Decimal

import pytest
from tests.auth import Client

from certification.cbt import services
from certification.exams.models import ExamScore
from portal.accounts.roles import Role
from portal.audit.models import AuditEvent

from .helpers import make_bank, post_answer, ready_candidate, start

pytestmark = pytest.mark.django_db


def answer_key(client, attempt, correct):
    """Answer every question: right for the domains' first `correct[domain]` questions, wrong otherwise."""
    done = {"knowledge": 0, "values": 0, "skills": 0}
    for seq, q in enumerate(attempt.items.select_related("version").order_by("position"), start=1):
        domain = q.version.domain
        right = done[domain] < correct[domain]
        done[domain] += 1
        original = q.version.key if right else (q.version.key + 1) % len(q.order)
        response = post_answer(client, attempt, key=f"answer-{q.position:04d}", item=q.position, choice=q.order.index(original), seq=seq)
        assert response.status_code == 200


def test_scores_per_domain_and_the_total_go_into_the_cognitive_component(make_user, client):
    make_bank(counts={"knowledge": 3, "values": 3, "skills": 4})
    booking, _staff = ready_candidate(make_user, items=10)
    attempt = start(client, booking)
    answer_key(client, attempt, {"knowledge": 2, "values": 3, "skills": 1})
    client.post(f"/cbt/attempts/{attempt.pk}/submit/")
    attempt.refresh_from_db()
    # By hand: 2/3 = 66.67, 3/3 = 100, 1/4 = 25; (30 × 66.67 + 30 × 100 + 40 × 25) / 100 = 60.00 (60.001 rounded)
    assert (attempt.correct, attempt.score_knowledge, attempt.score_values, attempt.score_skills) == (
        6, Decimal("66.67"), Decimal("100.00"), Decimal("25.00"),
    )
    assert attempt.total == Decimal("60.00")
    scores = {s.part.kind: s.value for s in ExamScore.objects.filter(booking=booking).select_related("part")}
    assert scores == {"knowledge": Decimal("66.67"), "values": Decimal("100.00"), "skills": Decimal("25.00")}
    assert AuditEvent.objects.filter(action="exams.test_scores").count() == 1
    from certification.exams import services as exam_services

    outcome = exam_services.outcome_of(booking)
    assert dict(outcome.components)["cognitive"] == Decimal("60.00")
    # Submitting twice (a double click, the beat task after) changes nothing.
    services.submit(booking.application.applicant, attempt)
    assert ExamScore.objects.filter(booking=booking).count() == 3


def test_the_candidate_sees_the_result_only_once_released(make_user, client):
    make_bank(counts={"knowledge": 3, "values": 3, "skills": 4})
    booking, _staff = ready_candidate(make_user, items=10)
    attempt = start(client, booking)
    answer_key(client, attempt, {"knowledge": 3, "values": 3, "skills": 4})
    client.post(f"/cbt/attempts/{attempt.pk}/submit/")
    page = client.get(f"/cbt/attempts/{attempt.pk}/")
    assert "Hasil Anda akan ditampilkan di sini setelah LSP merilisnya." in page.content.decode()
    assert "cbt-result" not in page.content.decode()
    # Only an LSP admin releases.
    secretariat = Client()
    secretariat.force_login(_staff)
    assert secretariat.post(f"/cbt/sessions/{booking.session_id}/release/").status_code == 404
    admin = Client()
    admin.force_login(make_user(Role.LSP_ADMIN))
    assert admin.post(f"/cbt/sessions/{booking.session_id}/release/").status_code == 302
    page = client.get(f"/cbt/attempts/{attempt.pk}/").content.decode()
    assert 'data-testid="cbt-result"' in page and "100,00" in page
