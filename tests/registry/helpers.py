"""Helpers of the registry tests (and the registry browser test): real rows, real files."""

import datetime
from io import BytesIO

from django.core.files.uploadedfile import SimpleUploadedFile

from portal.documents.services import store_upload
from portal.regions.models import Province
from registry import nik as nik_rules
from registry import services
from registry.choices import Gender, RoleType
from registry.models import Education, Employment

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def png_bytes(colour="blue"):
    from PIL import Image

    buffer = BytesIO()
    Image.new("RGB", (8, 8), colour).save(buffer, "PNG")
    return buffer.getvalue()


def pdf_upload(name="ijazah.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def png_upload(name="foto.png"):
    return SimpleUploadedFile(name, png_bytes(), content_type="image/png")


def make_nik(province="32", birth=datetime.date(1990, 5, 14), female=True, serial=1, regency="73", district="01"):
    return f"{province}{regency}{district}{nik_rules.encode_date_segment(birth, female)}{serial:04d}"


_serial = [0]


def make_profile(user, *, province="32", name=None, birth=datetime.date(1990, 5, 14), female=True, complete=False,
                 **fields):
    """A worker profile with a valid NIK in `province` (and, with complete=True, every item filled)."""
    _serial[0] += 1
    profile = services.profile_for(user)
    profile.full_name = name or user.full_name or "Pekerja Uji"
    profile.nik = fields.pop("nik", make_nik(province, birth, female, serial=_serial[0]))
    profile.birth_date = birth
    profile.gender = Gender.FEMALE if female else Gender.MALE
    profile.province = Province.objects.get(code=province)
    for key, value in fields.items():
        setattr(profile, key, value)
    if complete:
        profile.birth_place = "Bandung"
        profile.phone = "081234567890"
        profile.regency = "Kota Bandung"
        profile.address = "Jl. Merdeka 1"
        profile.photo = store_upload(user, png_upload(), kind="registry.photo", images_only=True)
    profile.save()
    if complete:
        Education.objects.create(
            profile=profile, level="S1", institution="Poltekesos Bandung", study_programme="Pekerjaan Sosial",
            graduation_year=2012, social_work=True, diploma=store_upload(user, pdf_upload(), kind="registry.diploma"),
        )
        Employment.objects.create(
            profile=profile, employer="LKSA Harapan", position="Pekerja Sosial", role_type=RoleType.SAKTI_PEKSOS,
            start_date=datetime.date(2015, 1, 1), hours_per_week=40,
        )
        services.refresh_totals(profile)
    return profile


def make_credential(holder=None, *, number, holder_name, status="valid", kind="worker", province="32",
                    issued_on=datetime.date(2024, 6, 1), valid_until=datetime.date(2029, 6, 1), subject="Pekerja Sosial Generalis"):
    """A credential row as issuance leaves it (the registry only reads credentials)."""
    import re

    from portal.credentials.models import Credential
    from registry.models import has_field

    extra = {"lookup": re.sub(r"[^0-9A-Z]", "", number.upper())} if has_field(Credential, "lookup") else {}
    return Credential.objects.create(
        number=number, kind=kind, holder=holder, holder_name=holder_name, subject=subject, issuer="LSP Kemensos",
        province=Province.objects.get(code=province), issued_on=issued_on, valid_until=valid_until, status=status,
        source=f"test:{number}", **extra,
    )
