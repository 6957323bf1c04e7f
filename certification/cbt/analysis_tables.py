"""The item analysis as rows: the page's table, the CSV (streamed) and the XLSX (openpyxl's write-only
workbook). Figures rounded to `analysis.PLACES` decimals; text a spreadsheet would read as a formula gets a
leading apostrophe (`portal.statistics.exports.cell_safe`)."""

import csv
import tempfile
from dataclasses import dataclass

from django.http import FileResponse, StreamingHttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.statistics.exports import cell_safe

from . import analysis
from .analysis import rounded

FLAG_LABELS = {
    analysis.NEGATIVE: gettext_lazy("negative discrimination"),
    analysis.TOO_HARD: gettext_lazy("too hard"),
    analysis.TOO_EASY: gettext_lazy("too easy"),
    analysis.UNUSED_DISTRACTOR: gettext_lazy("a distractor nobody chose"),
}
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class Row:
    label: object  # analysis_data.VersionLabel
    stats: object  # analysis.ItemStats

    @property
    def name(self):
        return _("Item %(item)s v%(n)s") % {"item": self.label.item_id, "n": self.label.number}

    @property
    def flag_labels(self):
        return [str(FLAG_LABELS[f]) for f in self.stats.flags]

    @property
    def options(self):
        """(letter, percentage rounded to a whole number, is the key) for the page."""
        return [(letter, round(float(share) * 100), i == self.stats.key)
                for i, (letter, share) in enumerate(zip("ABCDE", self.stats.option_shares))]

    @property
    def omitted_percent(self):
        return round(float(self.stats.omitted_share) * 100)


def rows(matrix, report):
    return [Row(matrix.labels[s.version_id], s) for s in report.sorted_items()]


def headers():
    return [_("Item"), _("Version"), _("Scheme"), _("Domain"), _("Unit"), _("Question (start)"), _("Candidates (n)"),
            _("Difficulty p"), _("Discrimination r_pb (corrected)"), _("Key"),
            *[_("Option %(letter)s") % {"letter": letter} for letter in "ABCDE"], _("Omitted"), _("Flags")]


def values(row):
    s, label = row.stats, row.label
    shares = [rounded(x) for x in s.option_shares] + [None] * (5 - len(s.option_shares))
    return [label.item_id, label.number, label.scheme, str(label.domain_label), label.unit_code, label.stem, s.n,
            rounded(s.p), rounded(s.r_pb), label.key_letter, *shares, rounded(s.omitted_share), "; ".join(row.flag_labels)]


def reliability_headers():
    return [_("Form length (items)"), _("Candidates"), _("Same items for all"), _("Mean correct"), _("SD"), _("KR-20")]


def reliability_values(group):
    return [group.length, group.n, _("yes") if group.same_form else _("no"), rounded(group.mean), rounded(group.sd),
            rounded(group.kr20)]


def _safe(value):
    return cell_safe(value) if isinstance(value, (int, float)) or value is None else cell_safe(str(value))


class _Echo:
    def write(self, value):
        return value


def csv_response(table, report, filename):
    writer = csv.writer(_Echo())

    def lines():
        yield "\ufeff"
        yield writer.writerow([_safe(h) for h in headers()])
        for row in table:
            yield writer.writerow([_safe(v) for v in values(row)])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    response["Cache-Control"] = "no-store, private"
    return response


def xlsx_response(table, report, filename, *, title):
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    items = book.create_sheet(title=_("Items")[:31])
    items.append([_safe(title)])
    items.append([])
    items.append([_safe(h) for h in headers()])
    for row in table:
        items.append([_safe(v) for v in values(row)])
    test = book.create_sheet(title=_("Reliability")[:31])
    test.append([_safe(_("Candidates")), report.candidates])
    test.append([_safe(_("Mean score (%)")), rounded(report.mean_percent)])
    test.append([_safe(_("SD of the score (%)")), rounded(report.sd_percent)])
    test.append([])
    test.append([_safe(h) for h in reliability_headers()])
    for group in report.groups:
        test.append([_safe(v) for v in reliability_values(group)])
    handle = tempfile.TemporaryFile()  # noqa: SIM115 (FileResponse closes it once sent)
    book.save(handle)
    handle.seek(0)
    response = FileResponse(handle, as_attachment=True, filename=f"{filename}.xlsx", content_type=XLSX_TYPE)
    response["Cache-Control"] = "no-store, private"
    return response
