"""Reading a scheme's units of competency from a spreadsheet (XLSX with openpyxl, CSV with the csv
module), checked by content, and every row validated before anything is stored.

The layout (docs/certification.md, "Units of competency"): a header row, then one row per performance
criterion (KUK):

    Kode Unit | Judul Unit | No Elemen | Elemen | No KUK | KUK

The unit's code and title, the element's number and title repeat on each of their KUK rows. Headers are
matched without regard to case, spaces, dots or underscores ("kode_unit" is "Kode Unit"). Nothing
else is accepted: a file that is not an XLSX workbook or a UTF-8 CSV text (an image renamed .xlsx),
one over `COMPETENCY_IMPORT_MAX_BYTES`, one with formulas, or one with more than
`COMPETENCY_IMPORT_MAX_ROWS` rows is refused with a reason; a row with a problem is named with it.
"""

import csv
import io
import re
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.imports import spreadsheet as reader
from portal.imports.spreadsheet import Column, RowError

#: (key, the header as the template writes it, what it holds)
COLUMNS = [
    ("unit_code", "Kode Unit", gettext_lazy("unit code, e.g. M.87SOS00.001.1")),
    ("unit_title", "Judul Unit", gettext_lazy("unit title")),
    ("element_number", "No Elemen", gettext_lazy("element number: 1, 2, 3…")),
    ("element_title", "Elemen", gettext_lazy("element title")),
    ("kuk_number", "No KUK", gettext_lazy("KUK number: 1.1, 1.2… (the element's number first)")),
    ("kuk_text", "KUK", gettext_lazy("the performance criterion (KUK)")),
]
HEADERS = [header for _key, header, _help in COLUMNS]
MAX_LENGTHS = {"unit_code": 40, "unit_title": 500, "element_title": 500, "kuk_number": 10, "kuk_text": 1000}
CODE_PATTERN = re.compile(r"^\S+$")
KUK_PATTERN = re.compile(r"^(\d+)\.(\d+)$")


@dataclass
class Parsed:
    rows: list = field(default_factory=list)  # [(row number, {key: value})]
    errors: list = field(default_factory=list)  # [RowError]
    units: list = field(default_factory=list)  # [{"code", "title", "elements": [{"number", "title", "criteria": [(no, text)]}]}]

    @property
    def ok(self):
        return not self.errors and bool(self.units)


#: the kernel reader's columns: all of them required
FIELDS = [Column(key, header, help) for key, header, help in COLUMNS]


# --- the file: checked by content (the kernel's reader, `portal.imports.spreadsheet.read`) -----------------
def read_upload(upload):
    """The spreadsheet's rows as lists of cell values (the header first). Raises ValidationError with a
    translated message when the file cannot be read as a spreadsheet."""
    limit = settings.COMPETENCY_IMPORT_MAX_BYTES
    if upload.size > limit:
        raise ValidationError(
            _("The file is %(size)s; a spreadsheet may be at most %(limit)s.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
            code="too_big",
        )
    upload.seek(0)
    data = upload.read(limit + 1)
    max_rows = settings.COMPETENCY_IMPORT_MAX_ROWS
    try:
        return reader.read(
            data, upload.name, max_bytes=limit, max_rows=max_rows,
            too_many_rows=_("The file has more than %(n)s rows; split it by unit.") % {"n": max_rows},
        )
    except reader.FileRefused as refused:
        raise ValidationError(refused.message, code=refused.code) from None


# --- the rows: validated one by one, then as a whole ----------------------------------------------------
def _text(value):
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return re.sub(r"\s+", " ", str(value)).strip()


def parse(raw_rows):
    """Validate the rows (header first). Every problem is reported, with its row; the units are built
    only from a file without problems."""
    result = Parsed()
    rows = list(raw_rows)
    start, keys, errors = reader.header_keys(rows, FIELDS)
    result.errors += errors
    header_row_number = start + 1
    if result.errors:
        return result

    units = {}  # code -> unit dict
    unit_rows = {}  # code -> first row
    kuk_seen = {}  # (code, element, kuk) -> row
    for offset, raw in enumerate(rows[start + 1:], start=header_row_number + 1):
        values = {key: _text(raw[i]) if i < len(raw) else "" for i, key in enumerate(keys)}
        if len(raw) > len(keys) and any(_text(v) for v in raw[len(keys):]):
            result.errors.append(RowError(offset, "", _("This row has values beyond the last column.")))
        if not any(values.values()):
            continue
        result.rows.append((offset, values))
        errors = _row_errors(values)
        for column, message in errors:
            result.errors.append(RowError(offset, column, message))
        if errors:
            continue
        code, title = values["unit_code"], values["unit_title"]
        unit = units.get(code)
        if unit is None:
            unit = units[code] = {"code": code, "title": title, "elements": {}}
            unit_rows[code] = offset
        elif unit["title"] != title:
            result.errors.append(RowError(
                offset, "Judul Unit",
                _("The unit code %(code)s appears with another title in row %(row)s (“%(title)s”).")
                % {"code": code, "row": unit_rows[code], "title": unit["title"]},
            ))
            continue
        number = int(values["element_number"])
        element = unit["elements"].get(number)
        if element is None:
            element = unit["elements"][number] = {"number": number, "title": values["element_title"], "criteria": [], "row": offset}
        elif element["title"] != values["element_title"]:
            result.errors.append(RowError(
                offset, "Elemen",
                _("Element %(n)s of unit %(code)s appears with another title in row %(row)s (“%(title)s”).")
                % {"n": number, "code": code, "row": element["row"], "title": element["title"]},
            ))
            continue
        if not values["kuk_number"] and not values["kuk_text"]:
            continue  # an element row without a KUK: refused below unless another row gives it one
        key = (code, number, values["kuk_number"])
        if key in kuk_seen:
            result.errors.append(RowError(
                offset, "No KUK",
                _("KUK %(kuk)s of unit %(code)s is already in row %(row)s.")
                % {"kuk": values["kuk_number"], "code": code, "row": kuk_seen[key]},
            ))
            continue
        kuk_seen[key] = offset
        element["criteria"].append((values["kuk_number"], values["kuk_text"]))
    for unit in units.values():
        for element in unit["elements"].values():
            if not element["criteria"]:
                result.errors.append(RowError(
                    element["row"], "KUK",
                    _("Element %(n)s of unit %(code)s has no performance criterion (KUK).")
                    % {"n": element["number"], "code": unit["code"]},
                ))
    if not result.rows and not result.errors:
        result.errors.append(RowError(None, "", _("The file has a header but no rows.")))
    if not result.errors:
        result.units = [
            {**unit, "elements": [unit["elements"][n] for n in sorted(unit["elements"])]} for unit in units.values()
        ]
    return result


def _row_errors(values):
    """[(column, message)] for one row on its own."""
    errors = []
    labels = {key: header for key, header, _help in COLUMNS}
    for key in ("unit_code", "unit_title", "element_number", "element_title"):
        if not values[key]:
            errors.append((labels[key], _("%(column)s is missing.") % {"column": labels[key]}))
    for key, limit in MAX_LENGTHS.items():
        if len(values[key]) > limit:
            errors.append((labels[key], _("%(column)s is longer than %(n)s characters.") % {"column": labels[key], "n": limit}))
    if values["unit_code"] and not CODE_PATTERN.match(values["unit_code"]):
        errors.append((labels["unit_code"], _("A unit code has no spaces (e.g. M.87SOS00.001.1).")))
    number = values["element_number"]
    if number and not (number.isdigit() and 0 < int(number) < 1000):
        errors.append((labels["element_number"], _("The element number is a whole number: 1, 2, 3…")))
    kuk_number, kuk_text = values["kuk_number"], values["kuk_text"]
    if kuk_text and not kuk_number:
        errors.append((labels["kuk_number"], _("%(column)s is missing.") % {"column": labels["kuk_number"]}))
    if kuk_number and not kuk_text:
        errors.append((labels["kuk_text"], _("The text of KUK %(kuk)s is missing.") % {"kuk": kuk_number}))
    if kuk_number:
        match = KUK_PATTERN.match(kuk_number)
        if not match:
            errors.append((labels["kuk_number"], _("A KUK number is written like 1.1 (the element's number, a dot, a number).")))
        elif number.isdigit() and int(match.group(1)) != int(number):
            errors.append((
                labels["kuk_number"],
                _("KUK %(kuk)s does not belong to element %(n)s: it must start with “%(n)s.”.") % {"kuk": kuk_number, "n": number},
            ))
    return errors


# --- the template ---------------------------------------------------------------------------------------
EXAMPLE = [
    ("M.87SOS00.001.1", "Melakukan asesmen kebutuhan klien", 1, "Menyiapkan asesmen", "1.1", "Data awal klien dikumpulkan dari sumber yang sah"),
    ("M.87SOS00.001.1", "Melakukan asesmen kebutuhan klien", 1, "Menyiapkan asesmen", "1.2", "Persetujuan klien untuk asesmen diperoleh"),
    ("M.87SOS00.001.1", "Melakukan asesmen kebutuhan klien", 2, "Melaksanakan asesmen", "2.1", "Kebutuhan klien diidentifikasi bersama klien"),
]


def template_xlsx():
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Unit Kompetensi"
    sheet.append(HEADERS)
    for row in EXAMPLE:
        sheet.append(list(row))
    for column, width in zip("ABCDEF", (18, 40, 10, 30, 8, 60)):
        sheet.column_dimensions[column].width = width
    for cell in sheet["E"]:
        cell.number_format = "@"  # KUK numbers as text: "1.10" stays "1.10"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def template_csv():
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADERS)
    writer.writerows(EXAMPLE)
    return buffer.getvalue().encode("utf-8-sig")
