"""The register from before the portal, for BALKS admins: LKS with their accreditations (issue 18, item 6).
Registered with the kernel's import engine (`portal.imports`); see docs/import.md.

One row per accreditation certificate. The certificate keeps its number exactly as issued and goes through
`portal.credentials.services.import_credentials` (signed, in the status lists, audited, verifiable at
/verify/; its PDF rendered when first downloaded). The LKS's Tanda Daftar number and type are recorded in the
certificate's audit event. No `Institution` row is made: an institution needs its legal standing (deed,
licence, NPWP, documents) that the old register does not hold; the LKS registers itself as before and its operator
attaches the certificates with their number and that Tanda Daftar number (`services.imported`).
"""

import re

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.accounts.roles import Role
from portal.credentials.models import Credential
from portal.credentials.services import import_credentials
from portal.imports import checks, kinds
from portal.imports.spreadsheet import Column, RowError, text

from . import hooks
from .choices import ACCREDITED_GRADES, GRADE_SUBJECT, Grade, ServiceField

KIND = Credential.Kind.LKS_ACCREDITATION
ISSUER = "BALKS"
PREVIEW_ROWS = 10

COLUMNS = [
    Column("nomor_registrasi", "Nomor Registrasi", gettext_lazy("the LKS's registration (Tanda Daftar) number")),
    Column("nama_lks", "Nama LKS", gettext_lazy("the name of the LKS, as on the certificate")),
    checks.PROVINCE_COLUMN,
    Column("jenis", "Jenis", gettext_lazy("type: LKSA, LKSLU, disabilitas, NAPZA, wanita, remaja or lainnya")),
    Column("peringkat", "Peringkat", gettext_lazy("grade: A, B or C")),
    *checks.certificate_columns(gettext_lazy("the certificate number exactly as issued")),
]
LABEL = {column.key: column.header for column in COLUMNS}

#: what the type column may say (case, spaces and punctuation aside)
TYPES = {
    "lksa": ServiceField.CHILDREN, "anak": ServiceField.CHILDREN, "children": ServiceField.CHILDREN,
    "lkslu": ServiceField.ELDERLY, "lansia": ServiceField.ELDERLY, "elderly": ServiceField.ELDERLY,
    "disabilitas": ServiceField.DISABILITY, "penyandangdisabilitas": ServiceField.DISABILITY, "disability": ServiceField.DISABILITY,
    "napza": ServiceField.REHABILITATION, "korbannapza": ServiceField.REHABILITATION, "rehabilitation": ServiceField.REHABILITATION,
    "wanita": ServiceField.WOMEN, "karyawanita": ServiceField.WOMEN, "perempuan": ServiceField.WOMEN, "women": ServiceField.WOMEN,
    "remaja": ServiceField.YOUTH, "binaremaja": ServiceField.YOUTH, "pamardiputra": ServiceField.YOUTH, "youth": ServiceField.YOUTH,
    "lainnya": ServiceField.OTHER, "other": ServiceField.OTHER,
}

EXAMPLE = [
    ["460/2016/LKS/012", "LKSA Kasih Bunda", "Jawa Barat", "LKSA", "A", "BALKS/2017/A/0031", "2017-08-14", "2022-08-13", "kedaluwarsa"],
    ["460/2019/LKS/207", "Panti Werdha Sejahtera", "Jawa Timur", "LKSLU", "B", "BALKS/2021/B/0412", "2021-02-01", "2024-01-31", ""],
    ["460/2020/LKS/088", "Yayasan Harapan Remaja", "Sulawesi Selatan", "remaja", "C", "BALKS/2023/C/0150", "2023-10-09", "2025-10-08", "berlaku"],
]


def _key(value):
    return re.sub(r"[^0-9a-z]+", "", text(value).lower())


def check_rows(records):
    plan = kinds.Plan()
    provinces = checks.province_index()
    seen = {}
    candidates = []
    for row, values in records:
        problems = []
        registration, problem = checks.check_text(values.get("nomor_registrasi"), LABEL["nomor_registrasi"], 100)
        if problem:
            problems.append((LABEL["nomor_registrasi"], problem))
        name, problem = checks.check_text(values.get("nama_lks"), LABEL["nama_lks"], 200)
        if problem:
            problems.append((LABEL["nama_lks"], problem))
        province, problem = checks.check_province(provinces, values.get("provinsi"))
        if problem:
            problems.append((LABEL["provinsi"], problem))
        service = TYPES.get(_key(values.get("jenis")))
        if service is None:
            problems.append((LABEL["jenis"], _("Unknown type of LKS “%(value)s”: write LKSA, LKSLU, disabilitas, NAPZA, wanita, remaja or lainnya.")
                             % {"value": text(values.get("jenis"))[:60] or "—"}))
        grade = text(values.get("peringkat")).upper()
        if grade not in ACCREDITED_GRADES:
            problems.append((LABEL["peringkat"], _("Unknown grade “%(value)s”: write A, B or C.") % {"value": grade[:20] or "—"}))
        number, compact, issued, until, status, certificate_problems = checks.check_certificate(values, row, seen, LABEL)
        problems += certificate_problems
        plan.errors += [RowError(row, column, message) for column, message in problems]
        item = None
        if not problems:
            item = {
                "row": row, "registration": registration, "holder_name": name, "province_id": province,
                "service": service, "grade": Grade(grade), "number": number, "compact": compact,
                "issued_on": issued, "valid_until": until, "status": status,
            }
            candidates.append(item)
        if len(plan.preview) < PREVIEW_ROWS:
            plan.preview.append({"row": row, "cells": [text(values.get(c.key)) for c in COLUMNS],
                                 "action": "new" if item else "error", "_item": item})

    return checks.settle(plan, candidates, KIND, LABEL["nomor_sertifikat"], lambda item: item["grade"].value)


def commit_rows(plan, *, actor=None, progress=None):
    items = []
    for item in plan.new:
        subject, subject_en = GRADE_SUBJECT[item["grade"]]
        items.append({
            "number": item["number"], "holder_name": item["holder_name"], "subject": subject, "subject_en": subject_en,
            "subject_code": item["grade"].value, "issuer": ISSUER, "province_id": item["province_id"],
            "issued_on": item["issued_on"], "valid_until": item["valid_until"], "status": item["status"],
            "status_reason": checks.status_reason(item["status"]),
            "facts": {"registration_number": item["registration"], "lks_type": str(item["service"].value)},
        })
    return {"created": import_credentials(kind=KIND, items=items, actor=actor, progress=progress)}


IMPORTER = kinds.Importer(
    key="lks",
    label=gettext_lazy("Accredited LKS"),
    description=gettext_lazy(
        "LKS with their accreditation certificates from the register kept before the portal: one row per "
        "certificate. The certificates become verifiable at /verify/; the LKS registers itself in the portal as before."
    ),
    role=Role.BALKS_ADMIN,
    columns=COLUMNS,
    check=check_rows,
    commit=commit_rows,
    example=EXAMPLE,
    menu=hooks.MENU,
    order=20,
)
