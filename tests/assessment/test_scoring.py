from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from certification.assessment import scoring

scales = st.tuples(st.integers(min_value=0, max_value=3), st.integers(min_value=1, max_value=6)).map(
    lambda t: (t[0], t[0] + t[1])
)


@st.composite
def scored(draw):
    lo, hi = draw(scales)
    entries = draw(
        st.lists(
            st.tuples(
                st.decimals(min_value=Decimal("0.01"), max_value=Decimal("10"), places=2),
                st.one_of(st.none(), st.integers(min_value=lo, max_value=hi)),
                st.booleans(),
            ),
            min_size=1,
            max_size=15,
        )
    )
    return lo, hi, entries


@given(scored())
def test_total_always_lies_within_the_scale(data):
    lo, hi, entries = data
    total = scoring.weighted_total(entries, lo, hi)
    counted = [e for e in entries if not e[2] and e[1] is not None]
    if not counted:
        assert total is None
    else:
        assert Decimal(0) <= total <= Decimal(100)


@given(scored(), st.decimals(min_value=Decimal("0.01"), max_value=Decimal("10"), places=2), st.integers(0, 6))
def test_not_applicable_is_excluded_not_zero(data, weight, value):
    lo, hi, entries = data
    before = scoring.weighted_total(entries, lo, hi)
    after = scoring.weighted_total([*entries, (weight, min(hi, lo + value), True)], lo, hi)
    assert before == after


@given(scales, st.lists(st.decimals(min_value=Decimal("0.01"), max_value=Decimal("10"), places=2), min_size=1, max_size=10))
def test_all_top_is_100_and_all_bottom_is_0(scale, weights):
    lo, hi = scale
    assert scoring.weighted_total([(w, hi, False) for w in weights], lo, hi) == Decimal("100.00")
    assert scoring.weighted_total([(w, lo, False) for w in weights], lo, hi) == Decimal("0.00")


def test_worked_example():
    # weights 1.5 and 1 on a 1–4 scale: (1.5 * 2/3 + 1 * 1/3) / 2.5 * 100 = 53.33
    entries = [(Decimal("1.5"), 3, False), (Decimal("1"), 2, False), (Decimal("0.5"), None, True)]
    assert scoring.weighted_total(entries, 1, 4) == Decimal("53.33")


@given(
    st.decimals(min_value=0, max_value=100, places=2),
    st.decimals(min_value=0, max_value=100, places=2),
    st.decimals(min_value=0, max_value=50, places=2),
)
def test_reconciliation_trigger_on_totals(a, b, threshold):
    reasons = scoring.disagreement([a, b], ["proceed", "proceed"], threshold)
    assert (reasons == ["totals"]) is (abs(a - b) > threshold)
    assert (reasons is None) is (abs(a - b) <= threshold)


def test_reconciliation_trigger_on_recommendations():
    assert scoring.disagreement([Decimal(80), Decimal(81)], ["proceed", "not_yet"], 15) == ["recommendations"]
    assert scoring.disagreement([Decimal(40), Decimal(90)], ["proceed", "not_yet"], 15) == ["recommendations", "totals"]
