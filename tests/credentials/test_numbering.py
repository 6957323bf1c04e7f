"""Credential numbers: the check character, normalisation, parsing."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from portal.credentials import numbering
from portal.credentials.numbering import ALPHABET, TABLE, InvalidNumber, MistypedNumber

N = len(ALPHABET)


def test_the_table_is_a_totally_antisymmetric_quasigroup_with_zero_diagonal():
    """What makes Damm's scheme catch every single substitution and every adjacent transposition,
    checked exhaustively over all 36 × 36 × 36 cases."""
    for x in range(N):
        assert sorted(TABLE[x]) == list(range(N))  # each row a permutation
        assert sorted(TABLE[y][x] for y in range(N)) == list(range(N))  # each column too
        assert TABLE[x][x] == 0
    for c in range(N):
        for x in range(N):
            for y in range(N):
                if x != y:
                    assert TABLE[TABLE[c][x]][y] != TABLE[TABLE[c][y]][x]


def test_format_and_parse_a_number():
    number = numbering.format_number("PS-GEN", 2026, 123)
    assert number.startswith("PS-GEN-2026-000123-")
    assert len(number) == len("PS-GEN-2026-000123-K")
    compact = numbering.normalise(number)
    assert compact == number.replace("-", "")
    assert numbering.is_valid(compact)
    assert numbering.parse(number) == compact
    assert numbering.parse(f"  {number.lower().replace('-', ' ')} ") == compact
    assert numbering.parse(number.replace("-", "")) == compact
    assert numbering.parse(number.replace("-", " - ")) == compact


def test_sequence_beyond_six_digits_keeps_working():
    number = numbering.format_number("LKS-A", 2030, 1_234_567)
    assert number.startswith("LKS-A-2030-1234567-")
    assert numbering.parse(number) == numbering.normalise(number)


@pytest.mark.parametrize(
    "text", ["", "   ", "hello", "PS-GEN", "XX-GEN-2026-000123-K", "PS-GEN-26-000123-K", "PS-GEN-2026-123-K"]
)
def test_what_is_not_a_number(text):
    with pytest.raises(InvalidNumber):
        numbering.parse(text)


def test_a_wrong_check_character_is_a_typing_mistake_not_an_invalid_number():
    number = numbering.format_number("PS-GEN", 2026, 123)
    wrong = next(c for c in ALPHABET if c != number[-1])
    with pytest.raises(MistypedNumber):
        numbering.parse(number[:-1] + wrong)


def test_subject_code_is_required_and_normalised():
    assert numbering.number_prefix("worker", "gen") == "PS-GEN"
    assert numbering.number_prefix("lks", " a ") == "LKS-A"
    with pytest.raises(ValueError):
        numbering.number_prefix("worker", " - ")


subject_codes = st.text(alphabet=ALPHABET[10:], min_size=1, max_size=5)
numbers_strategy = st.builds(
    lambda prefix, subject, year, seq: numbering.format_number(f"{prefix}-{subject}", year, seq),
    st.sampled_from(["PS", "LKS"]),
    subject_codes,
    st.integers(2000, 2099),
    st.integers(1, 9_999_999),
)


@settings(max_examples=300, deadline=None)
@given(number=numbers_strategy, data=st.data())
def test_every_single_character_substitution_is_caught(number, data):
    compact = numbering.normalise(number)
    position = data.draw(st.integers(0, len(compact) - 1))
    replacement = data.draw(st.sampled_from([c for c in ALPHABET if c != compact[position]]))
    typo = compact[:position] + replacement + compact[position + 1 :]
    assert not numbering.is_valid(typo)
    with pytest.raises((MistypedNumber, InvalidNumber)):
        numbering.parse(typo)


@settings(max_examples=300, deadline=None)
@given(number=numbers_strategy, data=st.data())
def test_every_adjacent_transposition_is_caught(number, data):
    compact = numbering.normalise(number)
    positions = [i for i in range(len(compact) - 1) if compact[i] != compact[i + 1]]
    i = data.draw(st.sampled_from(positions))
    swapped = compact[:i] + compact[i + 1] + compact[i] + compact[i + 2 :]
    assert not numbering.is_valid(swapped)


def test_every_typo_of_one_number_exhaustively():
    compact = numbering.normalise(numbering.format_number("PS-GEN", 2026, 123))
    for i, char in enumerate(compact):
        for other in ALPHABET:
            if other != char:
                assert not numbering.is_valid(compact[:i] + other + compact[i + 1 :])
        if i + 1 < len(compact) and compact[i] != compact[i + 1]:
            assert not numbering.is_valid(compact[:i] + compact[i + 1] + compact[i] + compact[i + 2 :])
