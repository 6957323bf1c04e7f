"""The NIK (Nomor Induk Kependudukan), the 16-digit national ID number.

Layout: PP RR DD DDMMYY SSSS — province (Kemendagri code), regency/city, district, birth date
(women add 40 to the day), serial. Personal data under UU 27/2022: never shown publicly, masked for
staff who do not need it.
"""

import datetime
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# ASCII digits only: str.isdigit() accepts "²" and "①", and \d accepts "٣"; `\Z`, not `$`, which
# lets a final newline through.
NIK_RE = re.compile(r"^[0-9]{16}\Z")
DIGITS_RE = re.compile(r"[0-9]+")


@dataclass(frozen=True)
class DateSegment:
    day: int
    month: int
    year2: int  # the two-digit year
    female: bool

    def candidates(self):
        """Real dates this segment can stand for (the century is not encoded)."""
        dates = []
        this_year = datetime.date.today().year
        for century in (1900, 2000):
            if century + self.year2 > this_year:
                continue  # nobody is born in the future
            try:
                dates.append(datetime.date(century + self.year2, self.month, self.day))
            except ValueError:
                pass
        return dates

    def matches(self, birth_date):
        return (birth_date.day, birth_date.month, birth_date.year % 100) == (self.day, self.month, self.year2)


def normalize(value):
    """Digits only: people paste NIKs with spaces or dots."""
    return re.sub(r"[\s.\-]", "", value or "")


def decode_date_segment(nik):
    """Split the six birth-date digits; None when the day cannot be a day of either sex."""
    raw_day, month, year2 = int(nik[6:8]), int(nik[8:10]), int(nik[10:12])
    if 1 <= raw_day <= 31:
        return DateSegment(raw_day, month, year2, female=False)
    if 41 <= raw_day <= 71:
        return DateSegment(raw_day - 40, month, year2, female=True)
    return None


def encode_date_segment(birth_date, female):
    return f"{birth_date.day + (40 if female else 0):02d}{birth_date.month:02d}{birth_date.year % 100:02d}"


def validate_structure(nik, province_codes):
    """Every rule that needs only the number itself. Returns the date segment; raises ValidationError
    (code names the rule) with a translated message that says what is wrong."""
    if not NIK_RE.match(nik or ""):
        raise ValidationError(
            _("A NIK has exactly 16 digits; you entered %(n)s characters.") % {"n": len(nik or "")}
            if re.fullmatch(r"[0-9]*", nik or "")
            else _("A NIK contains digits only (16 of them)."),
            code="format",
        )
    if nik[:2] not in province_codes:
        raise ValidationError(
            _("The NIK starts with %(code)s, which is not an Indonesian province code.") % {"code": nik[:2]},
            code="province",
        )
    if nik[2:4] == "00":
        raise ValidationError(_("Digits 3–4 of the NIK (regency/city code) cannot be 00."), code="regency")
    if nik[4:6] == "00":
        raise ValidationError(_("Digits 5–6 of the NIK (district code) cannot be 00."), code="district")
    segment = decode_date_segment(nik)
    if segment is None or not segment.candidates():
        raise ValidationError(
            _(
                "Digits 7–12 of the NIK (%(segment)s) are not a real birth date "
                "(day-month-year; women add 40 to the day)."
            )
            % {"segment": nik[6:12]},
            code="date",
        )
    if nik[12:] == "0000":
        raise ValidationError(_("The last four digits of the NIK (serial number) cannot be 0000."), code="serial")
    return segment


def validate_against_person(segment, birth_date, gender):
    """The NIK's date segment must match the birth date and gender the person entered."""
    from .choices import Gender

    if birth_date is not None and not segment.matches(birth_date):
        raise ValidationError(
            _(
                "The birth date in the NIK (%(nik_date)s) does not match the birth date you entered "
                "(%(birth_date)s)."
            )
            % {
                "nik_date": f"{segment.day:02d}-{segment.month:02d}-{segment.year2:02d}",
                "birth_date": birth_date.strftime("%d-%m-%y"),
            },
            code="birth_date_mismatch",
        )
    if gender:
        if segment.female and gender != Gender.FEMALE:
            raise ValidationError(
                _("This NIK belongs to a woman (40 is added to the day), but you chose male."), code="gender_mismatch"
            )
        if not segment.female and gender != Gender.MALE:
            raise ValidationError(
                _("This NIK belongs to a man (no 40 added to the day), but you chose female."), code="gender_mismatch"
            )


def mask(nik):
    """`3201********0001`: province and regency, then the serial; the birth date never shows."""
    if not nik:
        return ""
    if len(nik) < 8:
        return "*" * len(nik)
    return nik[:4] + "*" * (len(nik) - 8) + nik[-4:]
