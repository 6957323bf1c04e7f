"""Tracking codes: what a complainant follows a complaint with, without an account.

`ADU-7KQ3-MXW9-HTRP-4NBC`: four groups of four characters drawn by `secrets` from 30 characters that
cannot be mistaken for one another on paper or a phone (no 0/O, 1/I/L, U/V kept apart by leaving U
out): 16 × log2(30) ≈ 78.5 bits, so codes cannot be guessed or enumerated (and the tracking page is
rate limited besides). Only the code's SHA-256 is stored: the code is shown once and e-mailed, and a
copy of the database gives nobody the complainants' codes.

A typed code is read leniently (lower case, spaces or dashes, with or without the `ADU` prefix); a
code that is not even of the right shape is looked up all the same (as a digest no row has), so the
page answers a wrong code and a malformed one alike.
"""

import hashlib
import re
import secrets

PREFIX = "ADU"
ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"
GROUPS = 4
GROUP_LENGTH = 4
LENGTH = GROUPS * GROUP_LENGTH


def new_code():
    body = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
    groups = [body[i : i + GROUP_LENGTH] for i in range(0, LENGTH, GROUP_LENGTH)]
    return "-".join([PREFIX, *groups])


def normalise(text):
    """The code's 16 characters as typed (upper case, without prefix, dashes or spaces); for anything
    else, what was typed, compacted (it then matches no complaint)."""
    compact = re.sub(r"[^0-9A-Z]", "", (text or "").upper())[:64]
    if compact.startswith(PREFIX) and len(compact) == LENGTH + len(PREFIX):
        compact = compact[len(PREFIX) :]
    return compact


def digest(text):
    """What is stored and looked up: the SHA-256 of the normalised code."""
    return hashlib.sha256(f"complaint:{normalise(text)}".encode()).hexdigest()
