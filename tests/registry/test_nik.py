"""The NIK rules: format, province, regency/district/serial, the birth-date segment (+40 for women)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from registry import nik as nik_rules
from registry.choices import Gender

PROVINCES = {"11", "32", "33", "73", "91"}


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def test_messages_are_translated_to_indonesian():
    with translation.override("id"):
        with pytest.raises(ValidationError) as error:
            nik_rules.validate_structure("3273015405900000", PROVINCES)
    assert error.value.messages == ["Empat digit terakhir NIK (nomor urut) tidak boleh 0000."]
VALID = "3273015405900001"  # Kota Bandung, 14-05-1990, woman (14 + 40 = 54), serial 0001


def codes(nik):
    with pytest.raises(ValidationError) as error:
        nik_rules.validate_structure(nik, PROVINCES)
    return error.value.code, error.value.messages[0]


def test_a_valid_nik_decodes_to_its_date_and_sex():
    segment = nik_rules.validate_structure(VALID, PROVINCES)
    assert segment == nik_rules.DateSegment(day=14, month=5, year2=90, female=True)
    assert segment.candidates() == [datetime.date(1990, 5, 14)]


@pytest.mark.parametrize(
    "nik, code, message",
    [
        ("327301540590001", "format", "exactly 16 digits; you entered 15"),
        ("32730154059000011", "format", "exactly 16 digits; you entered 17"),
        ("3273O15405900001", "format", "digits only"),
        ("", "format", "exactly 16 digits; you entered 0"),
        ("1073015405900001", "province", "starts with 10, which is not an Indonesian province code"),
        ("3200015405900001", "regency", "regency/city code"),
        ("3273005405900001", "district", "district code"),
        ("3273013205900001", "date", "(320590) are not a real birth date"),
        ("3273014005900001", "date", "(400590)"),
        ("3273017205900001", "date", "(720590)"),
        ("3273011413900001", "date", "(141390)"),
        ("3273013002900001", "date", "(300290)"),
        ("3273017102900001", "date", "(710290)"),  # 31 February for a woman
        ("3273015405900000", "serial", "cannot be 0000"),
    ],
)
def test_each_structural_rule_has_its_own_message(nik, code, message):
    assert codes(nik)[0] == code
    assert message in codes(nik)[1]


def test_a_segment_is_never_read_as_a_future_year():
    # 14-05-90 can only be 1990; 14-05-05 is 2005 or 1905.
    assert nik_rules.decode_date_segment("3273011405050001").candidates() == [
        datetime.date(1905, 5, 14), datetime.date(2005, 5, 14)
    ]


def test_29_february_is_real_in_2000_but_not_in_1900():
    segment = nik_rules.validate_structure("3273012902000001", PROVINCES)
    assert segment.candidates() == [datetime.date(2000, 2, 29)]
    assert codes("3273012902010001")[0] == "date"  # 2001 and 1901 are not leap years


@given(
    birth=st.dates(min_value=datetime.date(1900, 1, 1), max_value=datetime.date.today()),
    female=st.booleans(),
    serial=st.integers(min_value=1, max_value=9999),
)
def test_encoding_then_decoding_gives_back_the_date_and_sex(birth, female, serial):
    nik = f"3273{'01'}{nik_rules.encode_date_segment(birth, female)}{serial:04d}"
    segment = nik_rules.validate_structure(nik, PROVINCES)
    assert segment.female is female
    assert segment.matches(birth)
    assert birth in segment.candidates()
    assert segment.day == birth.day and segment.month == birth.month
    nik_rules.validate_against_person(segment, birth, Gender.FEMALE if female else Gender.MALE)


def _real(day, month, year2):
    for century in (1900, 2000):
        if century + year2 > datetime.date.today().year:
            continue
        try:
            datetime.date(century + year2, month, day)
            return True
        except ValueError:
            pass
    return False


@given(raw_day=st.integers(0, 99), month=st.integers(0, 99), year2=st.integers(0, 99))
def test_the_date_segment_is_accepted_exactly_when_it_is_a_real_date(raw_day, month, year2):
    nik = f"327301{raw_day:02d}{month:02d}{year2:02d}0001"
    day = raw_day - 40 if raw_day > 40 else raw_day
    expected = (1 <= raw_day <= 31 or 41 <= raw_day <= 71) and _real(day, month, year2)
    try:
        segment = nik_rules.validate_structure(nik, PROVINCES)
    except ValidationError as error:
        assert error.code == "date"
        assert not expected
    else:
        assert expected
        assert segment.female is (raw_day > 40)


@given(
    birth=st.dates(min_value=datetime.date(1930, 1, 1), max_value=datetime.date(2008, 12, 31)),
    other=st.dates(min_value=datetime.date(1930, 1, 1), max_value=datetime.date(2008, 12, 31)),
    female=st.booleans(),
)
def test_a_birth_date_that_differs_from_the_segment_is_refused(birth, other, female):
    segment = nik_rules.decode_date_segment(f"327301{nik_rules.encode_date_segment(birth, female)}0001")
    gender = Gender.FEMALE if female else Gender.MALE
    if (other.day, other.month, other.year % 100) == (birth.day, birth.month, birth.year % 100):
        nik_rules.validate_against_person(segment, other, gender)
    else:
        with pytest.raises(ValidationError) as error:
            nik_rules.validate_against_person(segment, other, gender)
        assert error.value.code == "birth_date_mismatch"


def test_gender_must_match_the_plus_forty_rule():
    woman = nik_rules.decode_date_segment("3273015405900001")
    man = nik_rules.decode_date_segment("3273011405900001")
    birth = datetime.date(1990, 5, 14)
    with pytest.raises(ValidationError, match="belongs to a woman"):
        nik_rules.validate_against_person(woman, birth, Gender.MALE)
    with pytest.raises(ValidationError, match="belongs to a man"):
        nik_rules.validate_against_person(man, birth, Gender.FEMALE)
    nik_rules.validate_against_person(woman, birth, Gender.FEMALE)
    nik_rules.validate_against_person(man, birth, Gender.MALE)


@pytest.mark.parametrize(
    "nik, masked",
    [("3201015405900001", "3201********0001"), ("", ""), (None, ""), ("1234567", "*******")],
)
def test_mask_keeps_province_regency_and_serial_only(nik, masked):
    assert nik_rules.mask(nik) == masked


def test_normalize_strips_spaces_dots_and_dashes():
    assert nik_rules.normalize(" 3273 0154.0590-0001 ") == "3273015405900001"
