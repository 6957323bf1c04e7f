"""Item analysis of the computer-based test (issue 16, item 6), after Moodle's quiz statistics report.

Pure arithmetic on a response matrix, no database (the rows come from `analysis_data`). The formulas,
the thresholds and the choices made for random forms are in docs/cbt.md, "Item analysis".

- `responses`: {attempt id: {item version id: the chosen ORIGINAL option index, or None (omitted)}},
  one entry per submitted attempt, each holding every question of that candidate's form;
- `versions`: {item version id: `VersionInfo(key, option_count)`}.

Means, variances and proportions are exact (`fractions.Fraction`); a correlation takes one square root
and is a float; pages and exports round to `PLACES` decimals.
"""

import math
from collections import defaultdict
from dataclasses import dataclass
from fractions import Fraction

#: Flags are raised only for items that at least this many candidates had (fewer say little).
MIN_CANDIDATES_FOR_FLAGS = 10
#: "Too easy": more than 90 % answered it correctly.
TOO_EASY_ABOVE = Fraction(9, 10)
#: "Too hard": fewer than 20 % answered it correctly.
TOO_HARD_BELOW = Fraction(1, 5)
#: "Negative discrimination": the corrected point-biserial is below 0 (the stronger candidates got it
#: wrong more often than the weaker ones: a wrong key, an ambiguous stem).
DISCRIMINATION_BELOW = 0
#: Decimals shown and exported.
PLACES = 4

TOO_EASY, TOO_HARD, NEGATIVE, UNUSED_DISTRACTOR = "too_easy", "too_hard", "negative", "unused_distractor"
FLAGS = (NEGATIVE, TOO_HARD, TOO_EASY, UNUSED_DISTRACTOR)


@dataclass(frozen=True)
class VersionInfo:
    key: int
    option_count: int


@dataclass(frozen=True)
class ItemStats:
    version_id: int
    key: int
    n: int  # candidates who had the item
    correct: int
    p: Fraction | None  # difficulty: the proportion correct; None when nobody had it
    r_pb: float | None  # corrected point-biserial; None when undefined
    r_n: int  # candidates in r_pb (those with at least one other item)
    option_counts: tuple  # per original option index
    omitted: int
    flags: tuple

    @property
    def option_shares(self):
        return tuple(Fraction(c, self.n) if self.n else None for c in self.option_counts)

    @property
    def omitted_share(self):
        return Fraction(self.omitted, self.n) if self.n else None


@dataclass(frozen=True)
class FormGroup:
    """The candidates whose forms have `length` items, and the test's reliability over them."""

    length: int
    n: int
    same_form: bool  # every candidate of the group had the same items
    mean: Fraction  # of the number correct
    sd: float  # population standard deviation of the number correct
    kr20: Fraction | None


@dataclass(frozen=True)
class Report:
    items: dict  # version id -> ItemStats
    candidates: int
    mean_percent: Fraction | None  # the mean of the candidates' percentage correct
    sd_percent: float | None
    groups: tuple  # FormGroup, the largest first

    @property
    def main_group(self):
        return self.groups[0] if self.groups else None

    def sorted_items(self):
        """The flagged first (the most flags first), then by discrimination, the weakest first."""
        def order(stats):
            return (-len(stats.flags), stats.r_pb is None, stats.r_pb if stats.r_pb is not None else 0, stats.version_id)
        return sorted(self.items.values(), key=order)


# ---- the statistics --------------------------------------------------------------------------------------
def _variance(values):
    """Population variance (divided by n), exact: (nΣx² − (Σx)²) / n²."""
    n = len(values)
    total, squares = sum(values), sum(v * v for v in values)
    return Fraction(n * squares - total * total, 1) / (n * n)


def pearson(xs, ys):
    """Pearson's r of two equally long sequences of numbers; None with fewer than 2 pairs or when one
    side does not vary. The sums are exact (integers when the values are): with C = nΣxy − ΣxΣy,
    X = nΣx² − (Σx)², Y = nΣy² − (Σy)², r = sign(C) × √(C² / (X·Y)), clamped to [-1, 1]."""
    n = len(xs)
    if n < 2 or len(ys) != n:
        return None
    sx, sy = sum(xs), sum(ys)
    c = n * sum(x * y for x, y in zip(xs, ys)) - sx * sy
    vx = n * sum(x * x for x in xs) - sx * sx
    vy = n * sum(y * y for y in ys) - sy * sy
    if vx == 0 or vy == 0:
        return None
    r = math.copysign(math.sqrt(Fraction(c * c) / (vx * vy)), c)
    return max(-1.0, min(1.0, r))


def cronbach_alpha(matrix):
    """Cronbach's alpha of a rectangular matrix (a row per candidate, a column per item, any scores):
    k/(k−1) × (1 − Σ var(item) / var(total)), population variances. None with fewer than 2 candidates,
    fewer than 2 items, or totals that do not vary."""
    n = len(matrix)
    k = len(matrix[0]) if n else 0
    if n < 2 or k < 2 or any(len(row) != k for row in matrix):
        return None
    var_total = _variance([sum(row) for row in matrix])
    if var_total == 0:
        return None
    item_variances = sum(_variance([row[j] for row in matrix]) for j in range(k))
    return Fraction(k, k - 1) * (1 - item_variances / var_total)


def kr20(matrix):
    """KR-20 of a rectangular 0/1 matrix: k/(k−1) × (1 − Σ p(1−p) / var(total)), population variance.
    On 0/1 data it equals Cronbach's alpha (the variance of a 0/1 item is p(1−p)). None as alpha."""
    n = len(matrix)
    k = len(matrix[0]) if n else 0
    if n < 2 or k < 2 or any(len(row) != k for row in matrix):
        return None
    var_total = _variance([sum(row) for row in matrix])
    if var_total == 0:
        return None
    pq = sum(Fraction(sum(row[j] for row in matrix), n) * (1 - Fraction(sum(row[j] for row in matrix), n)) for j in range(k))
    return Fraction(k, k - 1) * (1 - pq / var_total)


def forms_kr20(forms):
    """KR-20 over candidates whose forms have the same length k but may hold different items (each
    candidate's own draw): k/(k−1) × (1 − mean over candidates of Σ p_j(1−p_j) over their items / var(total)),
    p_j over the candidates of `forms` who had item j. When every form holds the same items this is
    exactly `kr20`. `forms`: a list of {version id: 0 or 1}. None as `kr20`."""
    n = len(forms)
    k = len(forms[0]) if n else 0
    if n < 2 or k < 2 or any(len(form) != k for form in forms):
        return None
    var_total = _variance([sum(form.values()) for form in forms])
    if var_total == 0:
        return None
    had, right = defaultdict(int), defaultdict(int)
    for form in forms:
        for version, score in form.items():
            had[version] += 1
            right[version] += score
    # Σ over the forms of Σ p_j(1−p_j) over their items = Σ over the items of (how many had it) × p_j(1−p_j)
    mean_pq = sum(had[v] * Fraction(right[v], had[v]) * (1 - Fraction(right[v], had[v])) for v in had) / n
    return Fraction(k, k - 1) * (1 - mean_pq / var_total)


def scored(responses, versions):
    """{attempt: {version: 1 if the key was chosen else 0}}."""
    return {
        attempt: {v: int(choice is not None and choice == versions[v].key) for v, choice in form.items()}
        for attempt, form in responses.items()
    }


def item_stats(version_id, info, choices, pairs):
    """One item over the candidates who had it: `choices` their choices, `pairs` (x, rest, others) for those
    with other items. The point-biserial is corrected: the item's 0/1 against the candidate's rest score,
    the share correct of the OTHER items of their form (the item left out, so it does not correlate with
    itself; when every form has the same length this is the classic corrected r_pb on the rest totals)."""
    counts = [0] * info.option_count
    omitted = 0
    for choice in choices:
        if choice is not None and 0 <= choice < info.option_count:
            counts[choice] += 1
        else:
            omitted += 1  # None, or an index the version does not have: not an answer
    n = len(choices)
    correct = counts[info.key] if info.key < info.option_count else 0
    p = Fraction(correct, n) if n else None
    xs = [x for x, _rest, _others in pairs]
    if len({others for _x, _rest, others in pairs}) <= 1:
        ys = [rest for _x, rest, _others in pairs]  # one length: the integer rest scores, the same r
    else:
        ys = [Fraction(rest, others) for _x, rest, others in pairs]
    r = pearson(xs, ys)
    return ItemStats(version_id, info.key, n, correct, p, r, len(xs), tuple(counts), omitted,
                     flags_of(n, p, r, counts, info.key))


def flags_of(n, p, r_pb, counts, key):
    if n < MIN_CANDIDATES_FOR_FLAGS:
        return ()
    flags = []
    if r_pb is not None and r_pb < DISCRIMINATION_BELOW:
        flags.append(NEGATIVE)
    if p < TOO_HARD_BELOW:
        flags.append(TOO_HARD)
    if p > TOO_EASY_ABOVE:
        flags.append(TOO_EASY)
    if any(count == 0 for index, count in enumerate(counts) if index != key):
        flags.append(UNUSED_DISTRACTOR)
    return tuple(flags)


def analyse(responses, versions):
    """The whole report: every item of `versions` that some form held, and the test's figures."""
    scores = scored(responses, versions)
    choices, pairs = defaultdict(list), defaultdict(list)
    for attempt, form in responses.items():
        total, others = sum(scores[attempt].values()), len(form) - 1
        for version, choice in form.items():
            choices[version].append(choice)
            if others:
                x = scores[attempt][version]
                pairs[version].append((x, total - x, others))
    items = {v: item_stats(v, versions[v], choices[v], pairs[v]) for v in sorted(choices)}
    percents = [Fraction(100 * sum(s.values()), len(s)) for s in scores.values() if s]
    mean_percent = Fraction(sum(percents), len(percents)) if percents else None
    sd_percent = math.sqrt(_variance(percents)) if percents else None
    by_length = defaultdict(list)
    for s in scores.values():
        if s:
            by_length[len(s)].append(s)
    groups = []
    for length, forms in by_length.items():
        totals = [sum(f.values()) for f in forms]
        groups.append(FormGroup(
            length=length, n=len(forms), same_form=len({frozenset(f) for f in forms}) == 1,
            mean=Fraction(sum(totals), len(totals)), sd=math.sqrt(_variance(totals)), kr20=forms_kr20(forms),
        ))
    groups.sort(key=lambda g: (-g.n, -g.length))
    return Report(items, len(percents), mean_percent, sd_percent, tuple(groups))


def rounded(value, places=PLACES):
    """A figure for a page or an export: a float rounded half to even at `places`, None stays None."""
    return None if value is None else round(float(value), places)
