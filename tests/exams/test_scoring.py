"""Totals from the weights (property-tested), partial saves, conflicts of interest."""

from datetime import timedelta
from decimal import Decimal
from fractions import Fraction

import pytest
from django.core.exceptions import PermissionDenied
from hypothesis import given, settings
from hypothesis import strategies as st

from certification.exams import scoring, services
from certification.exams.models import ExamScore
from registry.models import ConflictDeclaration, Employment

from .helpers import agreed, candidate, later_today, make_assessor, make_session, scores_for, secretariat_of, start_now

scores = st.decimals(min_value=0, max_value=100, places=2, allow_nan=False, allow_infinity=False)
weights = st.decimals(min_value=Decimal("0.01"), max_value=100, places=2, allow_nan=False, allow_infinity=False)
parts = st.lists(st.tuples(weights, scores), min_size=1, max_size=4)
components = st.lists(st.tuples(weights, st.decimals(min_value=0, max_value=100, places=2), parts), min_size=1, max_size=5)


def exact_round(value):
    """Half up to cents, by hand from an exact fraction."""
    cents = Fraction(value) * 100
    whole = cents.numerator // cents.denominator
    if cents - whole >= Fraction(1, 2):
        whole += 1
    return Decimal(whole) / 100


@given(parts)
def test_a_component_score_is_the_weighted_mean_of_its_parts(items):
    result = scoring.component_score(items)
    expected = sum(Fraction(w) * Fraction(v) for w, v in items) / sum(Fraction(w) for w, _ in items)
    assert result == exact_round(expected)
    assert min(v for _, v in items) <= result <= max(v for _, v in items)
    assert result == result.quantize(Decimal("0.01"))


@given(scores)
def test_the_cognitive_default_weights_keep_an_even_score(value):
    cognitive = [(Decimal(30), value), (Decimal(30), value), (Decimal(40), value)]
    assert scoring.component_score(cognitive) == value


@given(scores, scores, scores)
def test_the_cognitive_test_weighs_knowledge_30_values_30_skills_40(knowledge, values, skills):
    result = scoring.component_score([(Decimal(30), knowledge), (Decimal(30), values), (Decimal(40), skills)])
    assert result == exact_round((Fraction(knowledge) * 3 + Fraction(values) * 3 + Fraction(skills) * 4) / 10)


@given(components, st.decimals(min_value=0, max_value=100, places=2))
@settings(max_examples=200)
def test_the_total_and_the_suggestion(items, pass_mark):
    data = [(f"c{i}", weight, minimum, part_list) for i, (weight, minimum, part_list) in enumerate(items)]
    outcome = scoring.outcome(data, pass_mark)
    component_scores = [scoring.component_score(p) for _k, _w, _m, p in data]
    assert [s for _k, s in outcome.components] == component_scores
    expected = exact_round(
        sum(Fraction(w) * Fraction(s) for (_k, w, _m, _p), s in zip(data, component_scores))
        / sum(Fraction(w) for _k, w, _m, _p in data)
    )
    assert outcome.total == expected
    below = tuple(k for (k, _w, m, _p), s in zip(data, component_scores) if s < m)
    assert outcome.below_minimum == below
    assert outcome.suggestion == ("competent" if expected >= pass_mark and not below else "not_yet_competent")
    # Scaling every weight by the same factor changes nothing.
    doubled = [(k, w * 2, m, [(pw * 3, v) for pw, v in p]) for k, w, m, p in data]
    assert scoring.outcome(doubled, pass_mark).total == outcome.total


@given(components)
def test_a_missing_score_means_no_total_and_no_suggestion(items):
    data = [(f"c{i}", w, m, p) for i, (w, m, p) in enumerate(items)]
    first_key, weight, minimum, first_parts = data[0]
    data[0] = (first_key, weight, minimum, [(first_parts[0][0], None), *first_parts[1:]])
    outcome = scoring.outcome(data, Decimal(70))
    assert (outcome.total, outcome.suggestion, outcome.complete) == (None, None, False)


def test_rounding_is_half_up_on_the_exact_value():
    assert scoring.component_score([(Decimal(1), Decimal("70.00")), (Decimal(1), Decimal("70.01"))]) == Decimal("70.01")
    assert scoring.component_score([(Decimal(1), Decimal("0.01")), (Decimal(2), Decimal(0))]) == Decimal("0.00")
    assert scoring.to_decimal(Fraction(2, 3)) == Decimal("0.67")


# ---- saving scores ------------------------------------------------------------------------------
def attended(make_user, session, staff, **worker):
    application = candidate(make_user, **worker)
    booking = services.book_seat(staff, application, session)
    start_now(session)  # under way: check-in is open on the session's day, whatever the hour (23.30 WIB too)
    agreed(booking)
    services.check_in(staff, session, booking.code)
    booking.refresh_from_db()
    return booking


@pytest.mark.django_db
def test_partial_saves_and_the_total(make_user):
    session = make_session(capacity=5, starts_in=later_today(), cutoff=0)
    staff = secretariat_of(make_user)
    assessor = make_assessor(make_user)
    services.set_assessors(staff, session, [assessor])
    booking = attended(make_user, session, staff)
    assert booking.assessor == assessor
    # Standard route: portfolio, cognitive (knowledge/values/skills), practical.
    booking, result = services.save_scores(assessor.user, booking, scores_for(booking, {"portfolio": Decimal("80")}))
    assert (booking.total, booking.scores_complete, result.suggestion) == (None, False, None)
    assert ExamScore.objects.filter(booking=booking, value__isnull=False).count() == 1
    values = {"knowledge": Decimal("70"), "values": Decimal("80"), "skills": Decimal("75"), "practical": Decimal("68.5")}
    booking, result = services.save_scores(assessor.user, booking, scores_for(booking, values), "Praktik baik.")
    # cognitive = (70*30 + 80*30 + 75*40)/100 = 75; total = (80*20 + 75*40 + 68.5*40)/100 = 73.40
    assert dict(result.components) == {"portfolio": Decimal("80.00"), "cognitive": Decimal("75.00"), "practical": Decimal("68.50")}
    assert (booking.total, booking.scores_complete, result.suggestion) == (Decimal("73.40"), True, "competent")
    assert booking.assessor_note == "Praktik baik."
    # Clearing a field is a partial save too.
    booking, result = services.save_scores(assessor.user, booking, scores_for(booking, {"practical": None}))
    assert (booking.total, booking.scores_complete) == (None, False)


@pytest.mark.django_db
def test_components_outside_the_route_do_not_count(make_user):
    session = make_session(capacity=5, starts_in=later_today(), cutoff=0)
    staff = secretariat_of(make_user)
    assessor = make_assessor(make_user)
    services.set_assessors(staff, session, [assessor])
    booking = attended(make_user, session, staff)
    interview = session.components.get(kind="interview").parts.get()
    booking, _ = services.save_scores(assessor.user, booking, {interview.pk: Decimal(10)})
    assert not ExamScore.objects.filter(booking=booking, part=interview).exists()


@pytest.mark.django_db
def test_an_assessor_with_a_conflict_never_gets_or_scores_the_candidate(make_user):
    session = make_session(capacity=5, starts_in=later_today(), cutoff=0)
    staff = secretariat_of(make_user)
    conflicted = make_assessor(make_user, institution="Dinas Sosial Kota Bandung")  # the candidate's employer
    clean = make_assessor(make_user, institution="Universitas Indonesia")
    services.set_assessors(staff, session, [conflicted, clean])
    booking = attended(make_user, session, staff)
    assert Employment.objects.filter(profile__user=booking.application.applicant, employer="Dinas Sosial Kota Bandung").exists()
    assert booking.assessor == clean
    with pytest.raises(PermissionDenied):
        services.save_scores(conflicted.user, booking, scores_for(booking, {"portfolio": Decimal(90)}))
    with pytest.raises(services.ExamError):
        services.reassign(staff, booking, conflicted)
    # A declared person conflict counts as well.
    ConflictDeclaration.objects.create(assessor=clean, kind="person", name=booking.application.applicant.full_name, reason="Saudara")
    with pytest.raises(PermissionDenied):
        services.save_scores(clean.user, booking, scores_for(booking, {"portfolio": Decimal(90)}))


@pytest.mark.django_db
def test_only_attended_candidates_and_session_assessors_score(make_user):
    session = make_session(capacity=5, starts_in=later_today(), cutoff=0)
    staff = secretariat_of(make_user)
    assessor, outsider = make_assessor(make_user), make_assessor(make_user)
    services.set_assessors(staff, session, [assessor])
    application = candidate(make_user)
    booking = services.book_seat(staff, application, session)
    with pytest.raises(services.ExamError):
        services.save_scores(assessor.user, booking, scores_for(booking, {"portfolio": Decimal(90)}))
    agreed(booking)
    services.check_in(staff, session, booking.code)
    with pytest.raises(PermissionDenied):
        services.save_scores(outsider.user, booking, scores_for(booking, {"portfolio": Decimal(90)}))
    with pytest.raises(services.ExamError):
        services.save_scores(assessor.user, booking, scores_for(booking, {"portfolio": Decimal(101)}))


@pytest.mark.django_db
def test_candidates_are_shared_among_assessors(make_user):
    session = make_session(capacity=6, starts_in=timedelta(days=3))
    staff = secretariat_of(make_user)
    a, b = make_assessor(make_user, institution="Universitas A"), make_assessor(make_user, institution="Universitas B")
    bookings = [services.book_seat(staff, candidate(make_user), session) for _ in range(4)]
    services.set_assessors(staff, session, [a, b])
    loads = sorted(session.bookings.values_list("assessor_id", flat=True))
    assert loads == sorted([a.pk, a.pk, b.pk, b.pk])
    services.set_assessors(staff, session, [b])
    assert set(session.bookings.values_list("assessor_id", flat=True)) == {b.pk}
    assert len(bookings) == 4


@pytest.mark.django_db
def test_weights_are_data_and_lock_once_scoring_starts(make_user):
    session = make_session(capacity=5, starts_in=later_today(), cutoff=0)
    staff = secretariat_of(make_user)
    cognitive = session.components.get(kind="cognitive")
    assert [(p.kind, p.weight) for p in cognitive.parts.all()] == [
        ("knowledge", Decimal("30.00")), ("values", Decimal("30.00")), ("skills", Decimal("40.00"))
    ]
    assert sorted(session.components.values_list("kind", flat=True)) == sorted(["portfolio", "cognitive", "practical", "interview", "practice_evidence"])
    parts = list(cognitive.parts.all())
    services.save_components(staff, session, {cognitive: {"weight": Decimal(50), "min_score": Decimal(55), "parts": {parts[0]: Decimal(50)}}})
    cognitive.refresh_from_db()
    assert (cognitive.weight, cognitive.min_score) == (Decimal(50), Decimal(55))
    assessor = make_assessor(make_user)
    services.set_assessors(staff, session, [assessor])
    booking = attended(make_user, session, staff)
    services.save_scores(assessor.user, booking, scores_for(booking, {"portfolio": Decimal(80)}))
    with pytest.raises(services.ExamError):
        services.save_components(staff, session, {cognitive: {"weight": Decimal(10), "min_score": Decimal(0), "parts": {}}})
