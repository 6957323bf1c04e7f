"""Form assembly respects the blueprint exactly, over random banks (hypothesis); a bank too small is a
clear error; the same seed gives the same form, other seeds other orders."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from certification.cbt import assembly
from certification.cbt.assembly import DOMAINS, BankTooSmall, PoolItem, assemble, domain_counts

shares_strategy = st.tuples(st.integers(0, 100), st.integers(0, 100)).filter(lambda t: t[0] + t[1] <= 100).map(
    lambda t: {"knowledge": t[0], "values": t[1], "skills": 100 - t[0] - t[1]}
)


@st.composite
def banks(draw):
    sizes = {d: draw(st.integers(0, 40)) for d in DOMAINS}
    pool, next_id = [], 1
    for domain, size in sizes.items():
        for _i in range(size):
            pool.append(PoolItem(next_id, domain, draw(st.sampled_from([4, 5]))))
            next_id += 1
    draw(st.randoms()).shuffle(pool)
    return pool


@settings(max_examples=300, deadline=None)
@given(n=st.integers(1, 60), shares=shares_strategy)
def test_counts_add_up_and_follow_the_shares(n, shares):
    counts = domain_counts(n, shares)
    assert sum(counts.values()) == n
    for domain in DOMAINS:
        assert abs(counts[domain] - n * shares[domain] / 100) < 1
        if shares[domain] == 0:
            assert counts[domain] == 0


@settings(max_examples=300, deadline=None)
@given(pool=banks(), n=st.integers(1, 60), shares=shares_strategy, seed=st.integers(0, 2**62))
def test_a_form_respects_the_blueprint_exactly_or_says_what_is_missing(pool, n, shares, seed):
    counts = domain_counts(n, shares)
    available = {d: sum(1 for p in pool if p.domain == d) for d in DOMAINS}
    try:
        form = assemble(pool, n, shares, seed)
    except BankTooSmall as short:
        assert short.shortages == {d: (counts[d], available[d]) for d in DOMAINS if available[d] < counts[d]}
        assert short.shortages
        return
    assert all(available[d] >= counts[d] for d in DOMAINS)
    by_id = {p.version_id: p for p in pool}
    assert len(form) == n
    assert [p.position for p in form] == list(range(1, n + 1))
    assert len({p.version_id for p in form}) == n  # no item twice
    for domain in DOMAINS:
        assert sum(1 for p in form if by_id[p.version_id].domain == domain) == counts[domain]
    for placement in form:
        assert sorted(placement.order) == list(range(by_id[placement.version_id].option_count))
    assert assemble(list(reversed(pool)), n, shares, seed) == form  # reproducible: the pool's order does not matter


def test_the_default_shares_of_ten_items():
    assert domain_counts(10, {"knowledge": 30, "values": 30, "skills": 40}) == {"knowledge": 3, "values": 3, "skills": 4}
    assert domain_counts(7, {"knowledge": 30, "values": 30, "skills": 40}) == {"knowledge": 2, "values": 2, "skills": 3}
    assert domain_counts(1, {"knowledge": 30, "values": 30, "skills": 40}) == {"knowledge": 0, "values": 0, "skills": 1}


def test_neighbours_get_other_orders_and_the_same_seed_the_same_form():
    pool = [PoolItem(i, DOMAINS[i % 3], 4) for i in range(1, 61)]
    shares = {"knowledge": 30, "values": 30, "skills": 40}
    forms = [assemble(pool, 20, shares, seed) for seed in range(10)]
    assert len({tuple(p.version_id for p in f) for f in forms}) == 10
    assert assemble(pool, 20, shares, 3) == forms[3]
    assert any(p.order != (0, 1, 2, 3) for p in forms[0])
    unshuffled = assemble(pool, 20, shares, 3, shuffle_options=False)
    assert all(p.order == (0, 1, 2, 3) for p in unshuffled)


def test_a_small_bank_is_a_clear_error(db):
    from certification.cbt.blueprints import shortage_message

    with pytest.raises(BankTooSmall) as caught:
        assemble([PoolItem(1, "knowledge", 4)], 10, {"knowledge": 30, "values": 30, "skills": 40}, 1)
    assert caught.value.shortages == {"knowledge": (3, 1), "values": (3, 0), "skills": (4, 0)}
    assert shortage_message(caught.value) == (
        "Bank soal terlalu kecil untuk kisi-kisi: Pengetahuan memerlukan 3 soal, bank berisi 1; "
        "Nilai-nilai memerlukan 3 soal, bank berisi 0; Keterampilan memerlukan 4 soal, bank berisi 0."
    )
    assert assembly.DOMAINS == ("knowledge", "values", "skills")
