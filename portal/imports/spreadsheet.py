"""Reading an import file: XLSX (openpyxl, read-only) or CSV (the csv module), checked by content, never
by its name alone.

`read(data, name)` gives the rows as lists of cell values, the header first, or raises `FileRefused` with a
translated reason: not a spreadsheet (an image renamed .xlsx), larger than `IMPORT_MAX_BYTES`, more rows than
`IMPORT_MAX_ROWS`, formulas, not UTF-8. XLSX cells keep their type (a number stays a float or int, a date a
datetime), so an importer can tell a NIK Excel stored as a number from one stored as text.
"""

import csv
import io
import re
import zipfile
from dataclasses import dataclass
from datetime import date, datetime

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

#: an XLSX is a zip; its parts unpacked may take at most this many times the file's limit (zip bombs)
MAX_UNPACKED_RATIO = 20
DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y")


class FileRefused(ValueError):
    """The file as a whole cannot be imported; `message` says why (translated)."""

    def __init__(self, message, code):
        super().__init__(message)
        self.message = message
        self.code = code


@dataclass(frozen=True)
class Column:
    key: str
    header: str  # as the template writes it (Indonesian, the register's own words)
    help: object  # what it holds (translated lazily)
    required: bool = True


@dataclass
class RowError:
    row: int | None  # the spreadsheet's row number (the header is row 1); None: the whole file
    column: str  # the header, or ""
    message: str

    def as_dict(self):
        return {"row": self.row, "column": self.column, "message": str(self.message)}


def normalise_header(value):
    return re.sub(r"[\s._\-/()]+", "", str(value or "")).lower()


# --- the file --------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Limits:
    max_bytes: int
    max_rows: int
    too_many_rows: str  # the message when the file has more than max_rows rows


def read(data, name, *, max_bytes=None, max_rows=None, too_many_rows=None):
    """The rows of an XLSX or CSV file, or `FileRefused`. Every spreadsheet upload of the portal reads its file
    here (the register import, a scheme's units of competency, the CBT item bank): `max_bytes` and `max_rows`
    (`IMPORT_MAX_BYTES` and `IMPORT_MAX_ROWS` unless given) and the message for too many rows are the caller's."""
    limit = max_bytes or settings.IMPORT_MAX_BYTES
    max_rows = max_rows or settings.IMPORT_MAX_ROWS
    limits = Limits(limit, max_rows, too_many_rows or _(
        "The file has more than %(n)s rows; split it into smaller files."
    ) % {"n": f"{max_rows:,}"})
    if len(data) > limit:
        raise FileRefused(
            _("The file is %(size)s; an import file may be at most %(limit)s. Split it into smaller files.")
            % {"size": filesizeformat(len(data)), "limit": filesizeformat(limit)},
            "too_big",
        )
    if not data:
        raise FileRefused(_("The file is empty."), "empty")
    name = (name or "").lower()
    if name.endswith(".xls"):
        raise FileRefused(_("Old Excel files (.xls) cannot be read: save it as .xlsx first."), "xls")
    if data.startswith(b"PK\x03\x04"):
        return _read_xlsx(data, limits)
    if name.endswith(".xlsx"):
        raise _not_a_spreadsheet("XLSX")
    if name.endswith(".csv"):
        return _read_csv(data, limits)
    raise FileRefused(_("Choose an .xlsx or .csv file."), "extension")


def _not_a_spreadsheet(kind):
    return FileRefused(
        _("This file is not a spreadsheet: its content is not %(kind)s. Save it from your spreadsheet program as %(kind)s.")
        % {"kind": kind},
        "not_spreadsheet",
    )


def _read_xlsx(data, limits):
    import openpyxl

    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = set(archive.namelist())
        unpacked = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile:
        raise _not_a_spreadsheet("XLSX") from None
    if "xl/workbook.xml" not in names or "[Content_Types].xml" not in names:
        raise _not_a_spreadsheet("XLSX")
    if unpacked > MAX_UNPACKED_RATIO * limits.max_bytes:
        raise FileRefused(_("The workbook unpacks to too much data to be read."), "too_big")
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception:  # noqa: BLE001 (openpyxl raises many kinds for a damaged workbook)
        raise _not_a_spreadsheet("XLSX") from None
    rows, formulas = [], []
    try:
        sheet = workbook.worksheets[0]
        for index, row in enumerate(sheet.iter_rows(), start=1):
            if index > limits.max_rows + 1:
                raise FileRefused(limits.too_many_rows, "too_many_rows")
            values = []
            for cell in row:
                value = cell.value
                if getattr(cell, "data_type", None) == "f" or (isinstance(value, str) and value.startswith("=")):
                    formulas.append(getattr(cell, "coordinate", str(index)))
                values.append(value)
            rows.append(values)
    except FileRefused:
        raise
    except Exception:  # noqa: BLE001 (a damaged sheet part)
        raise _not_a_spreadsheet("XLSX") from None
    finally:
        workbook.close()
    if formulas:
        raise FileRefused(
            _("The workbook has formulas (%(cells)s). Copy the cells and paste them as values, then import again.")
            % {"cells": ", ".join(formulas[:5]) + ("…" if len(formulas) > 5 else "")},
            "formulas",
        )
    return rows


def _read_csv(data, limits):
    if b"\x00" in data:
        raise _not_a_spreadsheet("CSV")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise FileRefused(_("The CSV file is not UTF-8 text: save it as “CSV UTF-8”."), "encoding") from None
    first_line = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first_line.count)  # Excel writes ";" where the decimal mark is ","
    rows, formulas = [], []
    try:
        for index, row in enumerate(csv.reader(io.StringIO(text), delimiter=delimiter), start=1):
            if index > limits.max_rows + 1:
                raise FileRefused(limits.too_many_rows, "too_many_rows")
            if any(value.lstrip().startswith("=") for value in row):
                formulas.append(str(index))
            rows.append(row)
    except csv.Error:
        raise _not_a_spreadsheet("CSV") from None
    if formulas:
        raise FileRefused(
            _("The file has formulas (a cell starting with “=”) in row(s) %(rows)s. Write the values instead.")
            % {"rows": ", ".join(formulas[:5]) + ("…" if len(formulas) > 5 else "")},
            "formulas",
        )
    return rows


# --- the header and the cells ------------------------------------------------------------------------------
def header_keys(rows, columns):
    """(index of the header row, [key or None per column], [RowError]) — unknown, repeated and missing
    columns are errors of the header row."""
    start = 0
    while start < len(rows) and not any(text(v) for v in rows[start]):
        start += 1
    if start == len(rows):
        return start, [], [RowError(None, "", _("The file has no rows."))]
    known = {normalise_header(c.header): c.key for c in columns}
    known.update({normalise_header(c.key): c.key for c in columns})
    header = [text(v) for v in rows[start]]
    while header and not header[-1]:
        header.pop()
    keys, errors = [], []
    names = ", ".join(c.header for c in columns)
    for position, name in enumerate(header, start=1):
        key = known.get(normalise_header(name))
        if key is None:
            errors.append(RowError(
                start + 1, name,
                _("Unknown column “%(name)s” (column %(n)s). The columns are: %(columns)s.")
                % {"name": name or "—", "n": position, "columns": names},
            ))
        elif key in keys:
            errors.append(RowError(start + 1, name, _("The column “%(name)s” appears twice.") % {"name": name}))
        keys.append(key)
    for column in columns:
        if column.required and column.key not in keys:
            errors.append(RowError(start + 1, column.header, _("The column “%(name)s” is missing.") % {"name": column.header}))
    return start, keys, errors


def records(rows, start, keys):
    """(row number, {key: raw value}) of each non-empty row after the header."""
    width = len(keys)
    for number, raw in enumerate(rows[start + 1:], start=start + 2):
        values = {key: raw[i] for i, key in enumerate(keys) if key and i < len(raw)}
        if not any(text(v) for v in values.values()) and not any(text(v) for v in raw[width:]):
            continue
        yield number, values, any(text(v) for v in raw[width:])


def text(value):
    """A cell as text, white space collapsed; a whole float without its ".0"."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return value.isoformat()
    return " ".join(str(value).split())


def parse_date(value):
    """A date from a cell: an XLSX date, or text in YYYY-MM-DD, DD/MM/YYYY, DD-MM-YYYY or DD.MM.YYYY;
    None when it is none of them."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    raw = text(value)
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(raw, fmt).date()
        except ValueError:
            continue
    return None


# --- templates ---------------------------------------------------------------------------------------------
def template_xlsx(importer):
    """The columns and the example rows as a workbook whose cells are text ("@"), so Excel keeps a NIK's
    16 digits and a number's leading zeros."""
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = str(importer.label)[:31]
    sheet.append(importer.headers)
    for row in importer.example:
        sheet.append([str(value) for value in row])
    for index, _column in enumerate(importer.columns, start=1):
        letter = openpyxl.utils.get_column_letter(index)
        sheet.column_dimensions[letter].width = 22
        for cell in sheet[letter]:
            cell.number_format = "@"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def template_csv(importer):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(importer.headers)
    writer.writerows(importer.example)
    return buffer.getvalue().encode("utf-8-sig")
