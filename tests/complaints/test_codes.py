"""Tracking codes: long, random, from an alphabet without look-alikes, stored only as a digest."""

import math
import re

import pytest

from portal.complaints import codes
from portal.complaints.models import Complaint

from .helpers import file

pytestmark = pytest.mark.django_db


def test_codes_are_long_random_and_typable():
    made = [codes.new_code() for _ in range(2000)]
    assert len(set(made)) == 2000
    assert codes.ALPHABET == "23456789ABCDEFGHJKMNPQRSTVWXYZ"
    assert not set("01ILOU") & set(codes.ALPHABET)
    assert codes.LENGTH == 16 and codes.LENGTH * math.log2(len(codes.ALPHABET)) > 78
    for code in made:
        assert re.fullmatch(r"ADU(-[23456789ABCDEFGHJKMNPQRSTVWXYZ]{4}){4}", code), code
    # Every character of the alphabet turns up, at every position (not a counter, not a date).
    for position in (4, 9, 14, 19):
        assert {code[position] for code in made} == set(codes.ALPHABET)


def test_a_typed_code_is_read_leniently():
    code = "ADU-7KQ3-MXW9-HTRP-4NBC"
    digest = codes.digest(code)
    for typed in ("adu-7kq3-mxw9-htrp-4nbc", " ADU 7KQ3 MXW9 HTRP 4NBC ", "7KQ3MXW9HTRP4NBC", "7kq3-mxw9-htrp-4nbc"):
        assert codes.digest(typed) == digest
    assert codes.digest("ADU-7KQ3-MXW9-HTRP-4NBD") != digest


def test_only_the_digest_of_the_code_is_stored(reference_data):
    complaint, code = file()
    assert complaint.tracking_digest == codes.digest(code)
    row = Complaint.objects.filter(pk=complaint.pk).values().get()
    assert not any(code in str(value) or codes.normalise(code) in str(value) for value in row.values())
