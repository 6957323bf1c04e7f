"""Score and grade arithmetic: exact totals, cut-off boundaries, truncation, "not applicable"."""

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from accreditation import scoring
from accreditation.choices import Grade

GRADES = [
    {"grade": "A", "min_score": "86.00", "validity_years": 5},
    {"grade": "B", "min_score": "71.00", "validity_years": 3},
    {"grade": "C", "min_score": "56.00", "validity_years": 2},
]
SCALE = [{"value": v, "label": str(v)} for v in (1, 2, 3, 4)]


def snapshot(*standards, grades=GRADES, scale=SCALE):
    """standards: lists of (id, weight, allows_na)."""
    return {
        "version": 1,
        "title": "t",
        "scale": scale,
        "grades": grades,
        "standards": [
            {
                "number": n,
                "name": f"S{n}",
                "indicators": [
                    {"id": i, "code": f"{n}.{k}", "weight": str(w), "allows_na": na}
                    for k, (i, w, na) in enumerate(indicators, start=1)
                ],
            }
            for n, indicators in enumerate(standards, start=1)
        ],
    }


@pytest.mark.parametrize(
    "score, grade",
    [
        ("100", Grade.A), ("86", Grade.A), ("86.00", Grade.A), ("85.99", Grade.B), ("85.999", Grade.B),
        ("71", Grade.B), ("70.99", Grade.C), ("56", Grade.C), ("55.99", Grade.NOT_ACCREDITED), ("0", Grade.NOT_ACCREDITED),
    ],
)
def test_grade_boundaries(score, grade):
    assert scoring.grade_for(Decimal(score), snapshot()) == grade


def test_no_score_is_not_accredited():
    assert scoring.grade_for(None, snapshot()) == Grade.NOT_ACCREDITED


def test_validity_per_grade_comes_from_the_snapshot():
    snap = snapshot()
    assert [scoring.validity_years(g, snap) for g in ("A", "B", "C", "X")] == [5, 3, 2, None]


def test_cut_offs_are_data():
    stricter = [{"grade": "A", "min_score": "90", "validity_years": 6}, *GRADES[1:]]
    assert scoring.grade_for(Decimal("88"), snapshot(grades=stricter)) == Grade.B
    assert scoring.validity_years("A", snapshot(grades=stricter)) == 6


def test_weighted_total_is_exact():
    snap = snapshot([(1, 1, False), (2, 1, False)], [(3, 1, False), (4, 1, False)])
    result = scoring.compute(snap, {1: (4, False), 2: (4, False), 3: (4, False), 4: (3, False)})
    assert result.score == Decimal("93.75")
    assert [s.score for s in result.standards] == [Decimal("100.00"), Decimal("87.50")]
    assert result.complete


def test_weights_count():
    snap = snapshot([(1, 3, False), (2, 1, False)])
    # (3×4 + 1×2) / (4 × 4) = 14/16
    assert scoring.compute(snap, {1: (4, False), 2: (2, False)}).score == Decimal("87.50")


def test_total_is_truncated_not_rounded_up():
    snap = snapshot([(1, 1, False), (2, 1, False), (3, 1, False)])
    # (4 + 4 + 3) / 12 = 91.666… → 91.66
    assert scoring.compute(snap, {1: (4, False), 2: (4, False), 3: (3, False)}).score == Decimal("91.66")


def test_a_score_just_under_86_is_a_b():
    # 7 indicators at weight 1 of 4 points: 24/28 = 85.714… → 85.71 → B (never rounded to 86).
    snap = snapshot([(i, 1, False) for i in range(1, 8)])
    answers = {i: (4, False) for i in range(1, 4)} | {i: (3, False) for i in range(4, 8)}
    result = scoring.compute(snap, answers)
    assert result.score == Decimal("85.71")
    assert scoring.grade_for(result.score, snap) == Grade.B


def test_not_applicable_leaves_numerator_and_denominator():
    snap = snapshot([(1, 2, True), (2, 1, False), (3, 1, False)])
    result = scoring.compute(snap, {1: (None, True), 2: (4, False), 3: (2, False)})
    assert result.score == Decimal("75.00")  # (4 + 2) / 8, not (0 + 4 + 2) / 16
    assert result.standards[0].not_applicable == 1
    assert result.standards[0].applicable_weight == Decimal("2")


def test_not_applicable_is_refused_where_the_indicator_applies_to_every_lks():
    snap = snapshot([(1, 1, False), (2, 1, False)])
    result = scoring.compute(snap, {1: (None, True), 2: (4, False)})
    assert result.missing == ["1.1"] and not result.complete


def test_a_score_outside_the_scale_is_missing():
    snap = snapshot([(1, 1, False), (2, 1, False)])
    assert scoring.compute(snap, {1: (5, False), 2: (4, False)}).missing == ["1.1"]


def test_everything_not_applicable_gives_no_score():
    snap = snapshot([(1, 1, True)])
    result = scoring.compute(snap, {1: (None, True)})
    assert result.score is None and not result.complete
    assert scoring.grade_for(result.score, snap) == Grade.NOT_ACCREDITED


def test_a_standard_entirely_not_applicable_has_no_score_but_the_total_has():
    snap = snapshot([(1, 1, True)], [(2, 1, False)])
    result = scoring.compute(snap, {1: (None, True), 2: (3, False)})
    assert result.standards[0].score is None
    assert result.score == Decimal("75.00")


# ---- properties ---------------------------------------------------------------------------------------
weights = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("100"), places=2)
indicator = st.tuples(weights, st.booleans(), st.one_of(st.none(), st.integers(min_value=1, max_value=4)))


@st.composite
def instruments(draw):
    """A snapshot and answers: each indicator scored 1–4, or N/A where allowed (at least one scored)."""
    rows = draw(st.lists(indicator, min_size=1, max_size=30))
    standards, answers = [[], []], {}
    for index, (weight, allows_na, score) in enumerate(rows, start=1):
        standards[index % 2].append((index, weight, allows_na))
        if score is None and allows_na:
            answers[index] = (None, True)
        else:
            answers[index] = (score or 1, False)
    if all(na for _s, na in answers.values()):
        first = next(iter(answers))
        answers[first] = (4, False)
    return snapshot(*[s for s in standards if s]), answers


@settings(max_examples=300, deadline=None)
@given(instruments())
def test_the_total_always_lies_within_0_and_100(data):
    snap, answers = data
    result = scoring.compute(snap, answers)
    assert result.complete
    assert Decimal(0) <= result.score <= Decimal(100)
    for standard in result.standards:
        assert standard.score is None or Decimal(0) <= standard.score <= Decimal(100)


@settings(max_examples=300, deadline=None)
@given(instruments(), st.data())
def test_not_applicable_never_lowers_the_total(data, draw):
    """N/A is the total without the indicator (it leaves numerator and denominator), so it is never
    below the indicator scored at the bottom of the scale, let alone 0."""
    snap, answers = data
    candidates = [i["id"] for s in snap["standards"] for i in s["indicators"] if i["allows_na"]]
    if not candidates:
        return
    target = draw.draw(st.sampled_from(candidates))
    others_scored = any(not na for pk, (_s, na) in answers.items() if pk != target)
    if not others_scored:
        return
    as_na = scoring.compute(snap, {**answers, target: (None, True)}).score
    lowest = scoring.compute(snap, {**answers, target: (1, False)}).score
    without = snapshot(*[
        [(i["id"], Decimal(i["weight"]), i["allows_na"]) for i in s["indicators"] if i["id"] != target]
        for s in snap["standards"]
    ])
    removed = scoring.compute(without, {k: v for k, v in answers.items() if k != target}).score
    assert as_na == removed
    assert as_na >= lowest


@settings(max_examples=200, deadline=None)
@given(st.decimals(min_value=0, max_value=100, places=2), st.decimals(min_value=0, max_value=100, places=2))
def test_a_higher_score_never_gets_a_lower_grade(a, b):
    order = {Grade.NOT_ACCREDITED: 0, Grade.C: 1, Grade.B: 2, Grade.A: 3}
    low, high = sorted([a, b])
    assert order[scoring.grade_for(low, snapshot())] <= order[scoring.grade_for(high, snapshot())]
