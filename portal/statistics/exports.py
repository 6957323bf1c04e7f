"""A dashboard panel's table as CSV (streamed) or XLSX (openpyxl's write-only workbook). Text cells that a
spreadsheet would read as a formula get a leading quote."""

import csv
import tempfile

from django.http import FileResponse, StreamingHttpResponse

DANGEROUS = ("=", "+", "-", "@", "\t", "\r")


def cell_safe(value):
    if isinstance(value, str) and value.startswith(DANGEROUS):
        return "'" + value
    return "" if value is None else value


class _Echo:
    def write(self, value):
        return value


def csv_response(panel, filename):
    writer = csv.writer(_Echo())

    def lines():
        yield "\ufeff"  # BOM: spreadsheet programs then read UTF-8
        yield writer.writerow([cell_safe(str(c)) for c in panel.columns])
        for row in panel.rows:
            yield writer.writerow([cell_safe(v if not hasattr(v, "__html__") else str(v)) for v in row])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def xlsx_response(panel, filename, *, title, computed_at):
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=panel.name[:31])
    sheet.append([cell_safe(str(title))])
    if computed_at is not None:
        sheet.append([cell_safe(computed_at.strftime("%Y-%m-%d %H:%M"))])
    sheet.append([])
    sheet.append([cell_safe(str(c)) for c in panel.columns])
    for row in panel.rows:
        sheet.append([cell_safe(v) if isinstance(v, (int, float)) or v is None else cell_safe(str(v)) for v in row])
    handle = tempfile.TemporaryFile()  # noqa: SIM115 (FileResponse closes it once sent)
    workbook.save(handle)
    handle.seek(0)
    return FileResponse(
        handle, as_attachment=True, filename=f"{filename}.xlsx",
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
