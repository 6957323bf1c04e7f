"""The item bank as a spreadsheet (XLSX or CSV): the import, checked row by row before anything is
stored, and the export in the same layout (docs/cbt.md, "Import and export").

    Kode Unit | Domain | Tingkat Kesulitan | Soal | Opsi A | Opsi B | Opsi C | Opsi D | Opsi E | Kunci | Pembahasan

The file itself is read as the units of competency are (`certification.competency.spreadsheet.read_upload`:
checked by content, size, formulas and rows). Headers are matched without regard to case, spaces, dots
or underscores. Domain: knowledge/values/skills or pengetahuan/sikap/keterampilan; difficulty:
easy/medium/hard or mudah/sedang/sulit; key: A–E, an option that is filled in; Opsi E may be empty
(four options). Kode Unit is optional and, when given, must be a unit of the scheme's published version.
The export writes every cell as text and guards text that a spreadsheet would read as a formula.
"""

import csv
import io
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from certification.competency.models import SchemeVersion, Unit
from certification.competency.spreadsheet import RowError, read_upload  # noqa: F401 (read_upload: the views')
from portal.imports import spreadsheet as reader
from portal.imports.spreadsheet import Column

from .models import MAX_OPTIONS, Difficulty, Domain

COLUMNS = [
    ("unit_code", "Kode Unit", gettext_lazy("optional: a unit of the scheme's published version")),
    ("domain", "Domain", gettext_lazy("pengetahuan / sikap / keterampilan (or knowledge / values / skills)")),
    ("difficulty", "Tingkat Kesulitan", gettext_lazy("mudah / sedang / sulit (or easy / medium / hard)")),
    ("stem", "Soal", gettext_lazy("the question")),
    ("option_a", "Opsi A", gettext_lazy("option A")),
    ("option_b", "Opsi B", gettext_lazy("option B")),
    ("option_c", "Opsi C", gettext_lazy("option C")),
    ("option_d", "Opsi D", gettext_lazy("option D")),
    ("option_e", "Opsi E", gettext_lazy("option E (optional)")),
    ("key", "Kunci", gettext_lazy("the correct option: A, B, C, D or E")),
    ("rationale", "Pembahasan", gettext_lazy("optional: why the key is right")),
]
HEADERS = [header for _key, header, _help in COLUMNS]
OPTION_KEYS = ["option_a", "option_b", "option_c", "option_d", "option_e"]
REQUIRED = {"domain", "stem", "option_a", "option_b", "option_c", "option_d", "key"}
DOMAIN_WORDS = {
    "knowledge": Domain.KNOWLEDGE, "pengetahuan": Domain.KNOWLEDGE,
    "values": Domain.VALUES, "sikap": Domain.VALUES, "nilai": Domain.VALUES,
    "skills": Domain.SKILLS, "keterampilan": Domain.SKILLS,
}
DIFFICULTY_WORDS = {
    "easy": Difficulty.EASY, "mudah": Difficulty.EASY, "medium": Difficulty.MEDIUM, "sedang": Difficulty.MEDIUM,
    "hard": Difficulty.HARD, "sulit": Difficulty.HARD, "sukar": Difficulty.HARD,
}
DIFFICULTY_OUT = {Difficulty.EASY: "mudah", Difficulty.MEDIUM: "sedang", Difficulty.HARD: "sulit"}
DOMAIN_OUT = {Domain.KNOWLEDGE: "pengetahuan", Domain.VALUES: "sikap", Domain.SKILLS: "keterampilan"}
MAX_TEXT = 4000


#: the kernel reader's columns
FIELDS = [Column(key, header, help, required=key in REQUIRED) for key, header, help in COLUMNS]


def _text(value):
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).replace("\r\n", "\n").strip()


@dataclass
class ParsedItems:
    rows: list = field(default_factory=list)  # [(row number, {version fields})]
    errors: list = field(default_factory=list)  # [RowError]

    @property
    def ok(self):
        return not self.errors and bool(self.rows)


def parse_items(raw_rows, scheme):
    """Validate every row (header first); every problem is reported with its row and column."""
    result = ParsedItems()
    rows = list(raw_rows)
    start, keys, errors = reader.header_keys(rows, FIELDS)
    result.errors += errors
    header_number = start + 1
    if result.errors:
        return result
    version = SchemeVersion.objects.current_for(scheme.pk)
    units = {u.code: u for u in Unit.objects.filter(version=version)} if version else {}
    names = dict((key, name) for key, name, _help in COLUMNS)
    for number, raw in enumerate(rows[start + 1:], start=header_number + 1):
        values = {key: _text(raw[i]) if i < len(raw) else "" for i, key in enumerate(keys)}
        if not any(values.values()):
            continue
        errors = []

        def problem(key, message, errors=errors, number=number):
            errors.append(RowError(number, names[key], message))

        for key in REQUIRED:
            if not values.get(key):
                problem(key, _("“%(name)s” is empty.") % {"name": names[key]})
        for key, value in values.items():
            if len(value) > MAX_TEXT:
                problem(key, _("At most %(n)s characters.") % {"n": MAX_TEXT})
        domain = DOMAIN_WORDS.get(values.get("domain", "").lower())
        if values.get("domain") and domain is None:
            problem("domain", _("“%(value)s” is not a domain: write pengetahuan, sikap or keterampilan.") % {"value": values["domain"][:40]})
        difficulty = Difficulty.MEDIUM
        if values.get("difficulty"):
            difficulty = DIFFICULTY_WORDS.get(values["difficulty"].lower())
            if difficulty is None:
                problem("difficulty", _("“%(value)s” is not a difficulty: write mudah, sedang or sulit.") % {"value": values["difficulty"][:40]})
        options = [values.get(key, "") for key in OPTION_KEYS]
        if not options[-1]:
            options.pop()
        if len(set(options)) != len(options) and all(options):
            problem("option_a", _("Two options have the same text."))
        letter = values.get("key", "").upper()
        key_index = "ABCDE".find(letter) if len(letter) == 1 else -1
        if values.get("key") and (key_index < 0 or key_index >= len(options)):
            problem("key", _("The key “%(value)s” is not one of the filled options (A–%(last)s).")
                    % {"value": values["key"][:10], "last": "ABCDE"[len(options) - 1]})
        unit = None
        if values.get("unit_code"):
            unit = units.get(values["unit_code"])
            if unit is None:
                problem("unit_code", _("The unit %(code)s is not in the published version of the scheme.") % {"code": values["unit_code"][:40]})
        if errors:
            result.errors.extend(errors)
            continue
        result.rows.append((number, {
            "unit": unit, "domain": domain, "difficulty": difficulty, "stem": values["stem"],
            "options": options, "key": key_index, "rationale": values.get("rationale", ""), "image": None,
        }))
    if not result.rows and not result.errors:
        result.errors.append(RowError(None, "", _("The file has no items.")))
    return result


# --- export --------------------------------------------------------------------------------------------------
def _safe(value):
    text = "" if value is None else str(value)
    if text[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + text
    return text


def export_rows(versions):
    for v in versions:
        options = list(v.options) + [""] * (MAX_OPTIONS - len(v.options))
        yield [_safe(x) for x in [
            v.unit.code if v.unit_id else "", DOMAIN_OUT[v.domain], DIFFICULTY_OUT[v.difficulty], v.stem, *options,
            v.key_letter, v.rationale,
        ]]


def export_xlsx(versions):
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Soal"
    sheet.append(HEADERS)
    for row in export_rows(versions):
        sheet.append(row)
        for cell in sheet[sheet.max_row]:
            cell.data_type = "s"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def export_csv(versions):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADERS)
    writer.writerows(export_rows(versions))
    return ("\ufeff" + buffer.getvalue()).encode()
