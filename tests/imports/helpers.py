"""Helpers of the import tests, the benchmark and the browser test: register files built in memory."""

import csv
import datetime
import io

from registry import nik as nik_rules

WORKER_HEADER = ["NIK", "Nama", "Provinsi", "Skema", "Nomor Sertifikat", "Tanggal Terbit", "Berlaku Sampai", "Status"]
LKS_HEADER = ["Nomor Registrasi", "Nama LKS", "Provinsi", "Jenis", "Peringkat", "Nomor Sertifikat", "Tanggal Terbit",
              "Berlaku Sampai", "Status"]
FIRST_NAMES = ["Siti", "Budi", "Dewi", "Agus", "Rina", "Andi", "Wahyu", "Sri", "Eko", "Nur"]
LAST_NAMES = ["Rahmawati", "Santoso", "Lestari", "Saputra", "Wulandari", "Hidayat", "Pratama", "Utami"]


def worker_nik(i, province="32"):
    """A valid NIK for the i-th synthetic worker: birth dates spread over 1960-1999, serials 0001-9999."""
    birth = datetime.date(1960, 1, 1) + datetime.timedelta(days=(i // 9999) % 14600)
    female = i % 2 == 0
    return f"{province}73{(i // (9999 * 14600)) % 89 + 10:02d}{nik_rules.encode_date_segment(birth, female)}{i % 9999 + 1:04d}"


def worker_rows(count, *, start=0, prefix="LSPS", status=""):
    rows = []
    for i in range(start, start + count):
        issued = datetime.date(2014, 1, 1) + datetime.timedelta(days=i % 3000)
        until = issued.replace(year=issued.year + 5) - datetime.timedelta(days=1) if not (issued.month == 2 and issued.day == 29) \
            else datetime.date(issued.year + 5, 2, 28)
        rows.append([
            worker_nik(i), f"{FIRST_NAMES[i % 10]} {LAST_NAMES[i % 8]}", "Jawa Barat", "GEN",
            f"{prefix}/{issued.year}/{i:06d}", issued.isoformat(), until.isoformat(), status,
        ])
    return rows


def lks_rows(count, *, start=0):
    rows = []
    for i in range(start, start + count):
        issued = datetime.date(2018, 1, 1) + datetime.timedelta(days=i % 2000)
        rows.append([
            f"460/{issued.year}/LKS/{i:04d}", f"LKSA Harapan {i}", "Jawa Timur", "LKSA", "ABC"[i % 3],
            f"BALKS/{issued.year}/{i:05d}", issued.isoformat(), (issued + datetime.timedelta(days=5 * 365)).isoformat(), "",
        ])
    return rows


def csv_bytes(header, rows):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def xlsx_bytes(header, rows, *, text_columns=(0,)):
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    for index in text_columns:
        for cell in list(sheet.columns)[index]:
            cell.number_format = "@"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
