"""Credential numbers: `PS-GEN-2026-000123-K`.

The parts: a prefix for the kind (`PS` for a social-worker certificate, `LKS` for an accreditation;
`CREDENTIAL_NUMBER_PREFIXES`), the subject code (scheme or grade), the year of issue, a sequence
number without gaps per (prefix, subject code, year), and one check character.

The check character is the Damm algorithm over the 36 alphanumeric characters. Damm needs a totally
anti-symmetric quasigroup with a zero diagonal; one of order 36 is the direct product of two smaller
ones, x∘y = a·(x − y), over GF(4) (a = ω) and over Z/9 (a = 2): for a ∉ {0, 1} that operation is a
Latin square with x∘x = 0 in which (c∘x)∘y = (c∘y)∘x only when x = y, and a direct product keeps all
three properties. So the check character catches every single-character substitution and every
transposition of two adjacent characters (the check character itself included). The tests check the
table exhaustively.

People type numbers with spaces, dashes, lower case: `normalise` keeps only letters and digits, upper
case. The dashes carry no information; the compact form (`PSGEN2026000123K`) is what is looked up.
"""

import re
from django.conf import settings

ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_VALUE = {char: value for value, char in enumerate(ALPHABET)}
N = len(ALPHABET)  # 36


def _gf4_times_omega(x):
    """Multiply by ω in GF(4) = GF(2)[ω]/(ω² + ω + 1); x = 2·b1 + b0 stands for b1·ω + b0."""
    b1, b0 = x >> 1, x & 1
    return ((b1 ^ b0) << 1) | b1


def _operation(x, y):
    x4, x9 = divmod(x, 9)
    y4, y9 = divmod(y, 9)
    return _gf4_times_omega(x4 ^ y4) * 9 + (2 * (x9 - y9)) % 9


#: The quasigroup table, TABLE[interim][value].
TABLE = tuple(tuple(_operation(x, y) for y in range(N)) for x in range(N))


class InvalidNumber(ValueError):
    """Not a credential number at all (too short, a character outside A–Z 0–9)."""


class MistypedNumber(ValueError):
    """Shaped like a number, but its check character does not match: a typing mistake."""


def normalise(text):
    """Upper case, letters and digits only: `ps-gen 2026 000123 k` → `PSGEN2026000123K`."""
    return re.sub(r"[^0-9A-Z]", "", (text or "").upper())


def _interim(body):
    interim = 0
    for char in body:
        interim = TABLE[interim][_VALUE[char]]
    return interim


def check_character(body):
    """The check character of a compact body (letters and digits, upper case)."""
    # With a zero diagonal the character that brings the interim back to 0 is the interim itself.
    return ALPHABET[_interim(body)]


def is_valid(compact):
    """True when the compact number (body + check character) passes the check."""
    return len(compact) >= 2 and all(c in _VALUE for c in compact) and _interim(compact) == 0


#: After the kind prefix: subject code (1–12), year (4 digits), sequence (6 or more digits), check.
_REST = re.compile(r"^[A-Z0-9]{1,12}\d{4}\d{6,}[0-9A-Z]$")


def kind_prefix(kind):
    return settings.CREDENTIAL_NUMBER_PREFIXES[kind]


def subject_part(subject_code):
    code = normalise(subject_code)
    if not code:
        raise ValueError("A credential number needs a subject code (scheme code or grade).")
    return code[:12]


def number_prefix(kind, subject_code):
    """`PS-GEN` for a worker certificate of scheme GEN."""
    return f"{kind_prefix(kind)}-{subject_part(subject_code)}"


def format_number(prefix, year, sequence):
    body = f"{prefix}-{year}-{sequence:06d}"
    return f"{body}-{check_character(normalise(body))}"


def parse(text):
    """The compact form of a typed number, or an exception saying what is wrong with it.

    Raises `InvalidNumber` when the text cannot be a credential number and `MistypedNumber` when it
    has the shape of one but the check character does not match. The dashed form is the record's
    `number`; the compact form is what is looked up (`Credential.lookup`).
    """
    compact = normalise(text)
    prefixes = set(settings.CREDENTIAL_NUMBER_PREFIXES.values())
    if len(compact) > 40 or not any(compact.startswith(p) and _REST.match(compact[len(p):]) for p in prefixes):
        raise InvalidNumber(text)
    if not is_valid(compact):
        raise MistypedNumber(text)
    return compact
