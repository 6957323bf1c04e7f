"""Validation of an LKS's legal data: tax number, phone, postal code, decree number, dates."""

import re

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

_NON_DIGITS = re.compile(r"\D+")
_NPWP_ALLOWED = re.compile(r"^[\d.\-\s]+$")


def normalise_npwp(value):
    """The NPWP as digits only. Accepts the 15-digit form (01.234.567.8-901.000) and the 16-digit
    form used since 2024 (the NIK of a person, or 0 + the 15 digits for an entity)."""
    value = (value or "").strip()
    if not value:
        return ""
    if not _NPWP_ALLOWED.match(value):
        raise ValidationError(
            _("An NPWP has only digits, dots and dashes, e.g. 01.234.567.8-901.000."), code="npwp_chars"
        )
    digits = _NON_DIGITS.sub("", value)
    if len(digits) not in (15, 16):
        raise ValidationError(
            _("An NPWP has 15 digits (01.234.567.8-901.000) or 16 digits; this one has %(n)s.") % {"n": len(digits)},
            code="npwp_length",
        )
    if set(digits) == {"0"}:
        raise ValidationError(_("This NPWP is not valid."), code="npwp_zero")
    return digits


def format_npwp(digits):
    """01.234.567.8-901.000 for 15 digits; 16 digits are shown in groups of four."""
    if len(digits) == 15:
        return f"{digits[0:2]}.{digits[2:5]}.{digits[5:8]}.{digits[8]}-{digits[9:12]}.{digits[12:15]}"
    if len(digits) == 16:
        return " ".join(digits[i : i + 4] for i in range(0, 16, 4))
    return digits


def normalise_phone(value):
    """An Indonesian phone number: 08…, 62… or +62…, 9 to 14 digits; stored as typed but tidied."""
    value = (value or "").strip()
    if not value:
        return ""
    if not re.fullmatch(r"\+?[\d\s\-().]+", value):
        raise ValidationError(_("Use digits only, e.g. 022-7201234 or 0812 3456 7890."), code="phone_chars")
    digits = _NON_DIGITS.sub("", value)
    if digits.startswith("62"):
        digits = "0" + digits[2:]
    if not digits.startswith("0") or not 9 <= len(digits) <= 14:
        raise ValidationError(
            _("An Indonesian phone number starts with 0 or +62 and has 9 to 14 digits."), code="phone_length"
        )
    return digits


def validate_postal_code(value):
    if value and not re.fullmatch(r"[1-9]\d{4}", value.strip()):
        raise ValidationError(_("A postal code has five digits, e.g. 40115."), code="postal_code")


def validate_document_number(value):
    """Any official number: at least two digits, printable, no angle brackets."""
    value = (value or "").strip()
    if value and (len(_NON_DIGITS.sub("", value)) < 2 or re.search(r"[<>\x00-\x1f]", value)):
        raise ValidationError(
            _("Type the number as printed on the document, e.g. 12 or AHU-0012345.AH.01.04.Tahun 2018."),
            code="document_number",
        )


def validate_past_date(value):
    if value and value > timezone.localdate():
        raise ValidationError(
            _("The date cannot be in the future (today is %(today)s).")
            % {"today": date_format(timezone.localdate(), "DATE_FORMAT")},
            code="future_date",
        )
