"""The recommendation of FR.AK.02, from the decisions per unit: a pure function (property-tested).

BNSP practice: a candidate is Kompeten for a scheme when every unit of it is K. Any unit BK makes the
recommendation Belum Kompeten, naming those units (the candidate re-sits only them). While a unit is
undecided and none is BK there is no recommendation yet."""

from dataclasses import dataclass

K = "K"
BK = "BK"
COMPETENT = "competent"
NOT_YET_COMPETENT = "not_yet_competent"


@dataclass(frozen=True)
class Recommendation:
    #: "competent", "not_yet_competent", or None (undecided units and none BK; or no units at all)
    result: str | None
    #: the codes of the units judged BK, in the units' order
    not_yet_units: tuple = ()
    #: the codes of the units without a decision yet, in the units' order
    undecided_units: tuple = ()

    @property
    def complete(self):
        return not self.undecided_units


def recommend(decisions):
    """`decisions`: [(unit code, "K" | "BK" | "" / None)] in the units' order → `Recommendation`."""
    decisions = list(decisions)
    not_yet = tuple(code for code, decision in decisions if decision == BK)
    undecided = tuple(code for code, decision in decisions if decision not in (K, BK))
    if not_yet:
        return Recommendation(NOT_YET_COMPETENT, not_yet, undecided)
    if undecided or not decisions:
        return Recommendation(None, (), undecided)
    return Recommendation(COMPETENT, (), ())
