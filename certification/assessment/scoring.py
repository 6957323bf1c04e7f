"""The arithmetic of rubric scores: pure functions, property-tested.

A score of level v on a scale [lo, hi] is worth (v - lo) / (hi - lo) of its criterion's weight.
"Not applicable" is excluded from the total and from its denominator, never counted as 0.
The total is a percentage 0–100 with two decimals; None when nothing counts yet.
"""

from decimal import ROUND_HALF_UP, Decimal

HUNDRED = Decimal(100)
CENT = Decimal("0.01")


def weighted_total(entries, scale_min, scale_max):
    """`entries`: iterable of (weight, value or None, not_applicable)."""
    span = Decimal(scale_max - scale_min)
    numerator = Decimal(0)
    denominator = Decimal(0)
    for weight, value, not_applicable in entries:
        if not_applicable or value is None:
            continue
        weight = Decimal(weight)
        numerator += weight * (Decimal(value) - scale_min) / span
        denominator += weight
    if denominator == 0:
        return None
    return (numerator / denominator * HUNDRED).quantize(CENT, rounding=ROUND_HALF_UP)


def disagreement(totals, recommendations, threshold):
    """Why two (or more) assessments need reconciliation, or None when they agree."""
    reasons = []
    if len(set(recommendations)) > 1:
        reasons.append("recommendations")
    present = [t for t in totals if t is not None]
    if len(present) >= 2 and max(present) - min(present) > Decimal(threshold):
        reasons.append("totals")
    return reasons or None
