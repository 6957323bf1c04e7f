"""The recommendation rule of FR.AK.02 (all K → Kompeten; any BK → Belum Kompeten with the units named),
as properties over any list of units and decisions."""

from hypothesis import given
from hypothesis import strategies as st

from certification.unitdecisions.recommendation import BK, COMPETENT, K, NOT_YET_COMPETENT, recommend

codes = st.lists(st.from_regex(r"M\.[0-9]{2}SOS00\.[0-9]{3}\.[0-9]", fullmatch=True), min_size=1, max_size=12, unique=True)
decision = st.sampled_from([K, BK, "", None])


@given(codes)
def test_all_k_is_kompeten(units):
    result = recommend([(code, K) for code in units])
    assert (result.result, result.not_yet_units, result.undecided_units) == (COMPETENT, (), ())


@given(codes.flatmap(lambda units: st.tuples(st.just(units), st.lists(decision, min_size=len(units), max_size=len(units)))))
def test_any_bk_is_belum_kompeten_naming_exactly_the_bk_units(data):
    units, decisions = data
    pairs = list(zip(units, decisions))
    result = recommend(pairs)
    bk = tuple(code for code, d in pairs if d == BK)
    undecided = tuple(code for code, d in pairs if d not in (K, BK))
    if bk:
        assert result.result == NOT_YET_COMPETENT
    elif undecided:
        assert result.result is None
    else:
        assert result.result == COMPETENT
    assert result.not_yet_units == bk
    assert result.undecided_units == undecided
    assert result.complete == (not undecided)


@given(codes.flatmap(lambda units: st.tuples(st.just(units), st.lists(st.sampled_from([K, BK]), min_size=len(units), max_size=len(units)))),
       st.randoms())
def test_the_result_does_not_depend_on_the_order(data, random):
    units, decisions = data
    pairs = list(zip(units, decisions))
    shuffled = pairs[:]
    random.shuffle(shuffled)
    assert recommend(pairs).result == recommend(shuffled).result
    assert set(recommend(pairs).not_yet_units) == set(recommend(shuffled).not_yet_units)


def test_no_units_no_recommendation():
    assert recommend([]).result is None
