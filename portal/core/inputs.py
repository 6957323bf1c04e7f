"""Odd input, handled in one place: numbers that fit the database, NUL bytes in addresses.

`str.isdigit()` accepts characters `int()` refuses ("²", "①"), and Python refuses to convert more than
4,300 digits; PostgreSQL refuses integers beyond bigint and text with a NUL byte. Forms validate what
users type (Django's CharField already refuses NUL with an error next to the field); these helpers are
for what code reads itself: a number inside a search term, an item key, a cursor.
"""

import re

BIGINT_MAX = 2**63 - 1  # PostgreSQL's bigint, the type of every primary key

_ASCII_DIGITS = re.compile(r"[0-9]{1,19}")


def parse_id(text):
    """A primary key from text: ASCII digits only, 1 to BIGINT_MAX; None for anything else."""
    if not isinstance(text, str) or not _ASCII_DIGITS.fullmatch(text):
        return None
    value = int(text)
    return value if 0 < value <= BIGINT_MAX else None


def has_nul(value):
    return isinstance(value, str) and "\x00" in value
