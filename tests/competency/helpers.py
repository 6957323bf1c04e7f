"""Builders for the units-of-competency tests: spreadsheets (XLSX with openpyxl, CSV), published versions."""

import csv
import io

import openpyxl
from django.core.files.uploadedfile import SimpleUploadedFile

from certification.competency import services, spreadsheet
from certification.competency.models import SchemeKind
from certification.models import Scheme

HEADER = ["Kode Unit", "Judul Unit", "No Elemen", "Elemen", "No KUK", "KUK"]
GOOD_ROWS = [
    ["M.87SOS00.001.1", "Melakukan asesmen kebutuhan klien", 1, "Menyiapkan asesmen", "1.1", "Data awal klien dikumpulkan"],
    ["M.87SOS00.001.1", "Melakukan asesmen kebutuhan klien", 1, "Menyiapkan asesmen", "1.2", "Persetujuan klien diperoleh"],
    ["M.87SOS00.001.1", "Melakukan asesmen kebutuhan klien", 2, "Melaksanakan asesmen", "2.1", "Kebutuhan klien diidentifikasi"],
    ["M.87SOS00.002.1", "Menyusun rencana intervensi", 1, "Merumuskan tujuan", "1.1", "Tujuan dirumuskan bersama klien"],
]
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def xlsx(rows, header=HEADER, name="unit.xlsx"):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=XLSX_TYPE)


def csv_file(rows, header=HEADER, name="unit.csv"):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    return SimpleUploadedFile(name, buffer.getvalue().encode("utf-8"), content_type="text/csv")


def units_spec(*codes, elements=2, criteria=1):
    """[{"code", "title", "elements": [...]}] for `store_units`: `elements` per unit, `criteria` KUK each."""
    return [
        {
            "code": code,
            "title": f"Unit {code}",
            "elements": [
                {"number": n, "title": f"Elemen {n} dari {code}", "criteria": [(f"{n}.{k}", f"KUK {n}.{k}") for k in range(1, criteria + 1)]}
                for n in range(1, elements + 1)
            ],
        }
        for code in codes
    ]


def publish_units(admin, scheme_code="ps-generalis", codes=("M.87SOS00.001.1", "M.87SOS00.002.1"), **kwargs):
    """A published version of the scheme with the given units (through the import's services)."""
    scheme = Scheme.objects.get(code=scheme_code)
    parsed = spreadsheet.Parsed(rows=[(2, {})], units=units_spec(*codes, **kwargs))
    version = services.create_draft(admin, scheme, parsed, kind=SchemeKind.KKNI, kkni_level=6, scheme_number="SKM-01")
    return services.publish(admin, version)
