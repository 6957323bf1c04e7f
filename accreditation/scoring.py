"""Score and grade arithmetic, on an instrument snapshot (plain data), so a past accreditation is
always computed with the instrument it was assessed with.

total = 100 × Σ(weightᵢ × scoreᵢ / max) / Σ(weightᵢ), over the indicators that apply. An indicator
marked "not applicable" leaves both the weighted sum and its denominator: it is never scored 0.
The total is truncated (never rounded up) to two decimals, and the grade is the first whose cut-off
the truncated total reaches: 85.99 is a B when A starts at 86.
"""

from dataclasses import dataclass, field
from decimal import ROUND_DOWN, Decimal

from .choices import Grade

CENT = Decimal("0.01")


def snapshot_of(version):
    """The instrument version as plain data (stored on each accreditation when it starts)."""
    scale = [{"value": level.value, "label": level.label} for level in version.scale.order_by("value")]
    grades = [
        {"grade": rule.grade, "min_score": str(rule.min_score), "validity_years": rule.validity_years}
        for rule in version.grades.order_by("-min_score")
    ]
    standards = []
    for standard in version.standards.order_by("number").prefetch_related("indicators"):
        standards.append(
            {
                "number": standard.number,
                "name": standard.name,
                "indicators": [
                    {
                        "id": indicator.pk,
                        "code": indicator.code,
                        "weight": str(indicator.weight),
                        "allows_na": indicator.allows_not_applicable,
                    }
                    for indicator in sorted(standard.indicators.all(), key=lambda i: (i.order, i.pk))
                ],
            }
        )
    return {
        "version": version.number,
        "title": version.title,
        "scale": scale,
        "grades": grades,
        "standards": standards,
    }


def scale_values(snapshot):
    return [level["value"] for level in snapshot["scale"]]


def max_value(snapshot):
    return max(scale_values(snapshot))


def indicator_ids(snapshot):
    return [i["id"] for s in snapshot["standards"] for i in s["indicators"]]


def truncate(value):
    return value.quantize(CENT, rounding=ROUND_DOWN)


@dataclass
class StandardResult:
    number: int
    name: str
    score: Decimal | None
    applicable_weight: Decimal
    not_applicable: int = 0


@dataclass
class Result:
    score: Decimal | None
    standards: list = field(default_factory=list)
    missing: list = field(default_factory=list)  # codes of indicators neither scored nor N/A

    @property
    def complete(self):
        return not self.missing and self.score is not None

    def as_json(self):
        return {
            "score": str(self.score) if self.score is not None else None,
            "standards": [
                {
                    "number": s.number,
                    "name": s.name,
                    "score": str(s.score) if s.score is not None else None,
                    "applicable_weight": str(s.applicable_weight),
                    "not_applicable": s.not_applicable,
                }
                for s in self.standards
            ],
            "missing": self.missing,
        }


def _weighted(pairs, top):
    """(weight, score) pairs → 0..100, or None when nothing applies."""
    denominator = sum((w for w, _s in pairs), Decimal(0)) * top
    if not pairs or denominator == 0:
        return None
    numerator = sum((w * s for w, s in pairs), Decimal(0))
    return truncate(numerator * 100 / denominator)


def compute(snapshot, answers):
    """`answers`: {indicator_id: (score or None, not_applicable)}. Unknown ids are ignored."""
    top = Decimal(max_value(snapshot))
    allowed = set(scale_values(snapshot))
    everything, standards, missing = [], [], []
    for standard in snapshot["standards"]:
        pairs, na = [], 0
        for indicator in standard["indicators"]:
            score, not_applicable = answers.get(indicator["id"], (None, False))
            if not_applicable and indicator["allows_na"]:
                na += 1
                continue
            if score is None or score not in allowed:
                missing.append(indicator["code"])
                continue
            pairs.append((Decimal(indicator["weight"]), Decimal(score)))
        everything.extend(pairs)
        standards.append(
            StandardResult(
                number=standard["number"],
                name=standard["name"],
                score=_weighted(pairs, top),
                applicable_weight=sum((w for w, _s in pairs), Decimal(0)),
                not_applicable=na,
            )
        )
    return Result(score=_weighted(everything, top), standards=standards, missing=missing)


def grade_for(score, snapshot):
    """The grade a (truncated) score reaches under the snapshot's cut-offs; "X" below them all."""
    if score is None:
        return Grade.NOT_ACCREDITED
    score = truncate(Decimal(score))
    for rule in sorted(snapshot["grades"], key=lambda r: Decimal(r["min_score"]), reverse=True):
        if score >= Decimal(rule["min_score"]):
            return Grade(rule["grade"])
    return Grade.NOT_ACCREDITED


def validity_years(grade, snapshot):
    for rule in snapshot["grades"]:
        if rule["grade"] == grade:
            return rule["validity_years"]
    return None
