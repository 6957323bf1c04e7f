"""Item analysis arithmetic (`certification.cbt.analysis`): a small example worked by hand, and properties."""

from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from certification.cbt import analysis
from certification.cbt.analysis import VersionInfo, analyse, cronbach_alpha, forms_kr20, kr20, rounded

# Five candidates, four items (versions 11–14), every key option A (index 0), four options each.
# 1 = correct. The wrong choices and omissions are in CHOICES.
#
#          i11 i12 i13 i14  total
#   c1      1   1   1   1     4
#   c2      1   1   1   0     3
#   c3      1   1   0   0     2
#   c4      1   0   1   0     2
#   c5      0   0   0   1     1
#
# Difficulty p: 4/5 = 0.8, 3/5 = 0.6, 3/5 = 0.6, 2/5 = 0.4.
# Corrected point-biserial: x = the item's 0/1, y = the rest score (total − x; the share of the other
# three is y/3, the same r). r = Sxy / √(Sxx·Syy) with deviations from the means:
#   i11: x 1,1,1,1,0 (mean .8), y 3,2,1,1,1 (mean 1.6): Sxy = .28+.08−.12−.12+.48 = .6, Sxx = .8, Syy = 3.2
#        r = .6 / √2.56 = .6 / 1.6 = 0.375
#   i12: x 1,1,1,0,0 (.6), y 3,2,1,2,1 (1.8): Sxy = .48+.08−.32−.12+.48 = .6, Sxx = 1.2, Syy = 2.8
#        r = .6 / √3.36 = 0.32733 → 0.3273
#   i13: x 1,1,0,1,0 (.6), y 3,2,2,1,1 (1.8): Sxy = .48+.08−.12−.32+.48 = .6, Sxx = 1.2, Syy = 2.8 → 0.3273
#   i14: x 1,0,0,0,1 (.4), y 3,3,2,2,0 (2): Sxy = .6−.4+0+0−1.2 = −1, Sxx = 1.2, Syy = 6
#        r = −1 / √7.2 = −0.37268 → −0.3727
# KR-20: totals 4,3,2,2,1, mean 2.4, variance (2.56+.36+.16+.16+1.96)/5 = 1.04;
#   Σpq = .8·.2 + .6·.4 + .6·.4 + .4·.6 = .88; KR-20 = 4/3 × (1 − .88/1.04) = 4/3 × 2/13 = 8/39 = 0.2051
# Percentage scores 100, 75, 50, 50, 25: mean 60, SD √((1600+225+100+100+1225)/5) = √650 = 25.4951
CORRECT = [[1, 1, 1, 1], [1, 1, 1, 0], [1, 1, 0, 0], [1, 0, 1, 0], [0, 0, 0, 1]]
CHOICES = [  # the chosen original option per item (None: omitted)
    [0, 0, 0, 0],
    [0, 0, 0, 1],
    [0, 0, 1, 1],
    [0, 2, 0, 2],
    [1, None, 3, 0],
]
VERSIONS = {v: VersionInfo(key=0, option_count=4) for v in (11, 12, 13, 14)}


def responses(copies=1):
    return {
        copy * 100 + c: dict(zip((11, 12, 13, 14), CHOICES[c]))
        for copy in range(copies) for c in range(5)
    }


def test_the_hand_computed_example_is_exact():
    report = analyse(responses(), VERSIONS)
    items = report.items
    assert [items[v].p for v in (11, 12, 13, 14)] == [Fraction(4, 5), Fraction(3, 5), Fraction(3, 5), Fraction(2, 5)]
    assert [rounded(items[v].r_pb) for v in (11, 12, 13, 14)] == [0.375, 0.3273, 0.3273, -0.3727]
    assert [items[v].n for v in (11, 12, 13, 14)] == [5, 5, 5, 5]
    assert [items[v].option_counts for v in (11, 12, 13, 14)] == [(4, 1, 0, 0), (3, 0, 1, 0), (3, 1, 0, 1), (2, 2, 1, 0)]
    assert [items[v].omitted for v in (11, 12, 13, 14)] == [0, 1, 0, 0]
    assert items[12].option_shares == (Fraction(3, 5), 0, Fraction(1, 5), 0) and items[12].omitted_share == Fraction(1, 5)
    assert all(items[v].flags == () for v in items)  # 5 candidates: too few for flags
    assert report.candidates == 5
    assert report.mean_percent == 60 and rounded(report.sd_percent) == 25.4951
    (group,) = report.groups
    assert (group.length, group.n, group.same_form, group.mean) == (4, 5, True, Fraction(12, 5))
    assert group.kr20 == Fraction(8, 39) and rounded(group.kr20) == 0.2051
    assert kr20(CORRECT) == Fraction(8, 39) == cronbach_alpha(CORRECT)
    assert rounded(group.sd) == 1.0198  # √1.04


def test_flags_from_ten_candidates():
    # The same five twice: p, r_pb and KR-20 do not change; now flags are raised.
    report = analyse(responses(copies=2), VERSIONS)
    assert report.items[14].n == 10 and rounded(report.items[14].r_pb) == -0.3727
    assert report.items[11].flags == (analysis.UNUSED_DISTRACTOR,)  # C and D chosen by nobody
    assert report.items[14].flags == (analysis.NEGATIVE, analysis.UNUSED_DISTRACTOR)
    assert report.main_group.kr20 == Fraction(8, 39)
    assert [s.version_id for s in report.sorted_items()] == [14, 12, 13, 11]


def test_too_easy_and_too_hard():
    # 10 candidates, two items: item 1 answered right by all (p = 1 > .9), item 2 by one (p = .1 < .2).
    versions = {1: VersionInfo(0, 4), 2: VersionInfo(0, 4)}
    data = {c: {1: 0, 2: 0 if c == 0 else 1 + c % 3} for c in range(10)}
    report = analyse(data, versions)
    assert report.items[1].p == 1 and report.items[1].flags == (analysis.TOO_EASY, analysis.UNUSED_DISTRACTOR)
    assert report.items[1].r_pb is None  # the item does not vary: undefined, not an error
    assert report.items[2].p == Fraction(1, 10) and report.items[2].flags == (analysis.TOO_HARD,)
    # Exactly at the thresholds: not flagged (p = .9 is not above .9, p = .2 is not below .2).
    assert analysis.flags_of(10, Fraction(9, 10), 0.1, [9, 1, 1, 1], 0) == ()
    assert analysis.flags_of(10, Fraction(1, 5), 0.1, [2, 3, 3, 2], 0) == ()


def test_random_forms_are_taken_item_by_item():
    # Candidates with different items: each item over those who had it; reliability over the form length.
    versions = {v: VersionInfo(1, 5) for v in (1, 2, 3)}
    data = {1: {1: 1, 2: 1}, 2: {2: 0, 3: 1}, 3: {1: 1, 3: 0}, 4: {1: 0, 2: 1}}
    report = analyse(data, versions)
    assert (report.items[1].n, report.items[1].p) == (3, Fraction(2, 3))
    assert (report.items[3].n, report.items[3].option_counts) == (2, (1, 1, 0, 0, 0))
    (group,) = report.groups
    assert (group.length, group.n, group.same_form) == (2, 4, False)
    # Totals 2, 1, 1, 1: var = 3/16. p within the group: item 1 2/3, item 2 2/3, item 3 1/2 (pq 2/9, 2/9, 1/4);
    # the forms' Σpq: 4/9, 17/36, 17/36, 4/9 → mean 11/24. KR-20 = 2 × (1 − (11/24)/(3/16)) = 2 × (1 − 22/9) = −26/9
    assert group.kr20 == Fraction(-26, 9)


def test_undefined_cases_give_none():
    assert kr20([]) is None and cronbach_alpha([]) is None and forms_kr20([]) is None
    assert kr20([[1, 0]]) is None  # one candidate
    assert kr20([[1], [0]]) is None  # one item
    assert kr20([[1, 1], [1, 1]]) is None and cronbach_alpha([[1, 0], [1, 0]]) is None  # totals do not vary
    assert analysis.pearson([1], [1]) is None and analysis.pearson([1, 1], [0, 1]) is None
    empty = analyse({}, {})
    assert (empty.candidates, empty.mean_percent, empty.sd_percent, empty.groups, empty.main_group) == (0, None, None, (), None)
    one = analyse({1: {5: 0}}, {5: VersionInfo(0, 4)})
    assert one.items[5].r_pb is None and one.items[5].r_n == 0 and one.main_group.kr20 is None


matrices = st.integers(min_value=1, max_value=8).flatmap(
    lambda k: st.lists(st.lists(st.integers(0, 1), min_size=k, max_size=k), min_size=0, max_size=12)
)


@settings(max_examples=150, deadline=None)
@given(matrices)
def test_kr20_is_cronbach_alpha_on_zero_one_data(matrix):
    assert kr20(matrix) == cronbach_alpha(matrix)
    forms = [dict(enumerate(row)) for row in matrix]
    assert forms_kr20(forms) == kr20(matrix)  # one form for all: the random-forms KR-20 is KR-20
    if kr20(matrix) is not None:
        assert kr20(matrix) <= 1


forms = st.lists(
    st.tuples(
        st.lists(st.integers(1, 12), min_size=1, max_size=6, unique=True),
        st.lists(st.one_of(st.none(), st.integers(0, 4)), min_size=6, max_size=6),
    ),
    min_size=0, max_size=25,
)


@settings(max_examples=150, deadline=None)
@given(forms, st.integers(0, 3))
def test_properties_of_any_response_matrix(drawn, key):
    versions = {v: VersionInfo(key=key if v % 2 else 0, option_count=4 + v % 2) for v in range(1, 13)}
    data = {a: {v: choices[i] for i, v in enumerate(items)} for a, (items, choices) in enumerate(drawn)}
    report = analyse(data, versions)
    for stats in report.items.values():
        assert 0 <= stats.p <= 1
        assert stats.r_pb is None or -1 <= stats.r_pb <= 1
        assert sum(stats.option_counts) + stats.omitted == stats.n == sum(1 for f in data.values() if stats.version_id in f)
        assert sum(stats.option_shares) + stats.omitted_share == 1
        assert stats.correct == stats.option_counts[stats.key]
        assert stats.n >= analysis.MIN_CANDIDATES_FOR_FLAGS or stats.flags == ()
    assert report.candidates == len(data) == sum(g.n for g in report.groups)
    assert report.mean_percent is None or 0 <= report.mean_percent <= 100
