"""The arithmetic of exam results: pure functions, property-tested.

A component's score is the weighted mean of its parts (the cognitive test: knowledge 30, values 30,
skills 40); the total is the weighted mean of the components that apply to the candidate's route.
Computed exactly (fractions), rounded half up to two decimals once, at the end of each step, so
what the plenary sees is what is compared with the pass mark and the minimums.
"""

import math
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

CENT = Decimal("0.01")
COMPETENT = "competent"
NOT_YET_COMPETENT = "not_yet_competent"


def to_decimal(value):
    """A non-negative fraction rounded half up to two decimals, exactly (no binary or 28-digit step)."""
    if value is None:
        return None
    cents = math.floor(Fraction(value) * 100 + Fraction(1, 2))
    return (Decimal(cents) / 100).quantize(CENT)


def weighted_mean(pairs):
    """`pairs`: (weight, value) with every value present. Exact; None when there is nothing to weigh."""
    numerator = Fraction(0)
    denominator = Fraction(0)
    for weight, value in pairs:
        weight = Fraction(Decimal(weight))
        numerator += weight * Fraction(Decimal(value))
        denominator += weight
    if denominator == 0:
        return None
    return numerator / denominator


def component_score(parts):
    """`parts`: (weight, value or None). None until every part is scored."""
    parts = list(parts)
    if not parts or any(value is None for _weight, value in parts):
        return None
    return to_decimal(weighted_mean(parts))


@dataclass(frozen=True)
class Outcome:
    components: tuple  # (component key, score or None)
    total: Decimal | None
    suggestion: str | None  # COMPETENT, NOT_YET_COMPETENT, or None while incomplete
    below_minimum: tuple  # keys of components under their minimum

    @property
    def complete(self):
        return self.total is not None


def outcome(components, pass_mark):
    """`components`: (key, weight, min_score, [(part weight, value or None)]) for the components that
    apply to the candidate. The suggestion is *Kompeten* when the total reaches the pass mark and
    every component its minimum; None while a score is missing."""
    scored = []
    for key, weight, min_score, parts in components:
        scored.append((key, weight, min_score, component_score(parts)))
    scores = tuple((key, score) for key, _w, _m, score in scored)
    if not scored or any(score is None for *_rest, score in scored):
        return Outcome(scores, None, None, ())
    total = to_decimal(weighted_mean((weight, score) for _k, weight, _m, score in scored))
    below = tuple(key for key, _w, min_score, score in scored if score < Decimal(min_score))
    passed = total >= Decimal(pass_mark) and not below
    return Outcome(scores, total, COMPETENT if passed else NOT_YET_COMPETENT, below)
