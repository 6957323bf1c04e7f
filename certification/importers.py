"""The register from before the portal, for LSP admins: certified workers with their certificates
(issue 18, item 6). Registered with the kernel's import engine (`portal.imports`); see docs/import.md.

One row per certificate. The worker is found by NIK in the registry, or created as a profile of an
account nobody can sign in to (inactive, no password; `registry.services.claim_imported_profile` hands it to
the person when they sign up and give that NIK with one of their certificate numbers). The certificate
keeps its number exactly as issued and goes through `portal.credentials.services.import_credentials`
(signed, in the status lists, audited; its PDF rendered when first downloaded).
"""

import hashlib
import hmac
import re

from django.conf import settings
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.accounts.models import User
from portal.accounts.roles import Role
from portal.core import bulk
from portal.credentials.models import Credential
from portal.credentials.services import import_credentials
from portal.imports import checks, kinds
from portal.imports.spreadsheet import Column, RowError, text
from portal.regions.models import Province
from registry import nik as nik_rules
from registry.choices import CertificationStatus
from registry.models import WorkerProfile, normalize_name
from registry.services import PLACEHOLDER_DOMAIN

from . import hooks
from .models import Scheme

KIND = Credential.Kind.WORKER_CERTIFICATE
ISSUER = "LSP Kemensos"
PREVIEW_ROWS = 10
#: no password can match it (Django's "unusable password" prefix): nobody signs in to a placeholder account
UNUSABLE_PASSWORD = UNUSABLE_PASSWORD_PREFIX + "imported-from-the-register"
FLOAT_RE = re.compile(r"^[0-9]+([.,][0-9]+)?[eE][+]?[0-9]+$|^[0-9]{15,17}[.,]0*$")

COLUMNS = [
    Column("nik", "NIK", gettext_lazy("the 16-digit NIK, as text (not a number: Excel would round it)")),
    Column("nama", "Nama", gettext_lazy("the holder's full name, as on the certificate")),
    checks.PROVINCE_COLUMN,
    Column("skema", "Skema", gettext_lazy("the scheme's code in the portal (ps-generalis) or its certificate code (GEN)")),
    *checks.certificate_columns(gettext_lazy("the certificate number exactly as issued, e.g. LSPS/2015/0042")),
]
LABEL = {column.key: column.header for column in COLUMNS}

EXAMPLE = [
    ["3273014506850002", "Siti Rahmawati", "Jawa Barat", "GEN", "LSPS/2015/0042", "2015-03-31", "2020-03-30", "kedaluwarsa"],
    ["3471021207800001", "Budi Santoso", "DI Yogyakarta", "TKS", "LSPK/2019/TKS/0113", "2019-11-04", "2024-11-03", ""],
    ["7371015003900003", "Andi Nurhaliza", "73", "GEN", "LSPK/2022/0587", "2022-06-20", "2027-06-19", "berlaku"],
]


def placeholder_email(nik):
    """The account of an imported profile: named by a keyed hash of the NIK (never the NIK itself)."""
    digest = hmac.new(settings.SECRET_KEY.encode(), f"import:{nik}".encode(), hashlib.sha256).hexdigest()[:32]
    return f"nik-{digest}@{PLACEHOLDER_DOMAIN}"


def _schemes():
    index = {}
    for scheme in Scheme.objects.all():
        index[scheme.code.lower()] = scheme
        index.setdefault(scheme.credential_code.lower(), scheme)
    return index


def _nik(raw):
    """(NIK, problem): a number cell or a number in scientific notation is what Excel made of a NIK typed
    into a number column (15 significant digits: the last one is lost)."""
    if isinstance(raw, (int, float)) and not isinstance(raw, bool):
        return None, _(
            "The NIK is stored as a number (%(value)s), so Excel may have rounded its last digits: format the NIK "
            "column as text and type the NIK again."
        ) % {"value": f"{float(raw):.6g}".upper()}
    value = text(raw)
    if FLOAT_RE.match(value):
        return None, _(
            "The NIK is written as a number (%(value)s), so Excel may have rounded its last digits: format the NIK "
            "column as text and type the NIK again."
        ) % {"value": value[:30]}
    return nik_rules.normalize(value), None


def check_rows(records):
    plan = kinds.Plan()
    provinces = checks.province_index()
    province_codes = set(Province.objects.values_list("code", flat=True))
    schemes = _schemes()
    seen = {}  # compact number -> row
    candidates = []  # rows without problems of their own
    for row, values in records:
        problems = []
        nik, problem = _nik(values.get("nik"))
        if problem:
            problems.append((LABEL["nik"], problem))
        elif not nik:
            problems.append((LABEL["nik"], _("%(column)s is missing.") % {"column": LABEL["nik"]}))
        else:
            try:
                nik_rules.validate_structure(nik, province_codes)
            except ValidationError as invalid:
                problems.append((LABEL["nik"], invalid.messages[0]))
        name, problem = checks.check_text(values.get("nama"), LABEL["nama"], 200)
        if problem:
            problems.append((LABEL["nama"], problem))
        province, problem = checks.check_province(provinces, values.get("provinsi"))
        if problem:
            problems.append((LABEL["provinsi"], problem))
        scheme = schemes.get(text(values.get("skema")).lower())
        if scheme is None:
            problems.append((LABEL["skema"], _("Unknown scheme “%(value)s”. The schemes are: %(codes)s.")
                             % {"value": text(values.get("skema"))[:60] or "—",
                                "codes": ", ".join(sorted({s.code for s in schemes.values()}))}))
        number, compact, issued, until, status, certificate_problems = checks.check_certificate(values, row, seen, LABEL)
        problems += certificate_problems
        plan.errors += [RowError(row, column, message) for column, message in problems]
        item = None
        if not problems:
            item = {
                "row": row, "nik": nik, "holder_name": name, "province_id": province, "scheme": scheme,
                "number": number, "compact": compact, "issued_on": issued, "valid_until": until, "status": status,
            }
            candidates.append(item)
        if len(plan.preview) < PREVIEW_ROWS:
            cells = [text(values.get(column.key)) for column in COLUMNS]
            cells[0] = nik_rules.mask(nik or cells[0])  # the preview is kept with the job: never a whole NIK
            plan.preview.append({"row": row, "cells": cells, "action": "new" if item else "error", "_item": item})

    checks.settle(plan, candidates, KIND, LABEL["nomor_sertifikat"], lambda item: item["scheme"].credential_code)
    plan.context["profiles"] = _profiles({item["nik"] for item in plan.new})
    return plan


def _profiles(niks):
    """{NIK: (profile id, user id)} of the workers already in the registry."""
    found = {}
    for chunk in checks.chunks(niks):
        for nik, pk, user_id in WorkerProfile.objects.filter(nik__in=chunk).values_list("nik", "pk", "user_id"):
            found[nik] = (pk, user_id)
    return found


def commit_rows(plan, *, actor=None, progress=None):
    """Create the missing profiles (with their placeholder accounts) and the certificates, in bulk."""
    profiles = dict(plan.context["profiles"])
    people = {}
    for item in plan.new:  # the first row of a NIK names the person and their province
        if item["nik"] not in profiles:
            people.setdefault(item["nik"], item)
    users = [
        User(email=placeholder_email(nik), full_name=item["holder_name"], role=Role.APPLICANT, is_active=False,
             password=UNUSABLE_PASSWORD)
        for nik, item in people.items()
    ]
    bulk.insert(User, users)
    certified = {item["nik"] for item in plan.new if item["status"] == Credential.Status.VALID}
    new_profiles = [
        WorkerProfile(
            user=user, nik=nik, full_name=item["holder_name"], name_search=normalize_name(item["holder_name"]),
            province_id=item["province_id"],
            certification_status=CertificationStatus.CERTIFIED if nik in certified else CertificationStatus.EXPIRED,
        )
        for user, (nik, item) in zip(users, people.items())
    ]
    bulk.insert(WorkerProfile, new_profiles)
    holders = {nik: user_id for nik, (_pk, user_id) in profiles.items()}
    holders.update({profile.nik: profile.user_id for profile in new_profiles})
    # A worker already in the registry who now holds a valid certificate is certified; one who had none, expired.
    known = {item["nik"] for item in plan.new if item["nik"] in profiles}
    WorkerProfile.objects.filter(nik__in=[n for n in known if n in certified]).update(
        certification_status=CertificationStatus.CERTIFIED
    )
    WorkerProfile.objects.filter(nik__in=[n for n in known if n not in certified],
                                 certification_status=CertificationStatus.NONE).update(
        certification_status=CertificationStatus.EXPIRED
    )
    created = import_credentials(
        kind=KIND,
        actor=actor,
        progress=progress,
        items=[
            {
                "number": item["number"], "holder_id": holders[item["nik"]], "holder_name": item["holder_name"],
                "subject": item["scheme"].name, "subject_code": item["scheme"].credential_code, "issuer": ISSUER,
                "province_id": item["province_id"], "issued_on": item["issued_on"], "valid_until": item["valid_until"],
                "status": item["status"], "status_reason": checks.status_reason(item["status"]),
            }
            for item in plan.new
        ],
    )
    return {"created": created, "profiles_created": len(new_profiles)}


IMPORTER = kinds.Importer(
    key="workers",
    label=gettext_lazy("Certified workers"),
    description=gettext_lazy(
        "Workers with their certificates from the register kept before the portal: one row per certificate. "
        "A worker is found by NIK, or added to the registry until they sign up and claim their profile."
    ),
    role=Role.LSP_ADMIN,
    columns=COLUMNS,
    check=check_rows,
    commit=commit_rows,
    example=EXAMPLE,
    menu=hooks.MENU,
    order=10,
)
