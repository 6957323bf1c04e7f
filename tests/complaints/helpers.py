"""Builders for complaint tests: a complaint filed through the service (what the form calls) or the
public form itself, with a form token old enough to pass the time check."""

import itertools
import time

from django.core.files.uploadedfile import SimpleUploadedFile

from portal.complaints import services
from portal.complaints.forms import form_token

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
_tokens = itertools.count(1)

DESCRIPTION = "Asesor meminta uang tambahan sebelum wawancara uji kompetensi di Bandung."


def pdf(name="bukti.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def old_token(seconds=60):
    """A form token as a form shown `seconds` ago carries."""
    return form_token(time.time() - seconds)


def form_data(**overrides):
    data = {
        "subject_kind": "assessor",
        "subject_name": "Drs. Joko Susilo",
        "credential_number": "",
        "description": DESCRIPTION,
        "contact_name": "Ani Wijayanti",
        "contact_email": "ani@example.test",
        "contact_phone": "0812 3456 7890",
        "consent": "on",
        "website": "",
        "started": old_token(),
    }
    data.update(overrides)
    return data


def file(subject_kind="assessor", *, credential=None, complainant=None, language="id", **kwargs):
    """(complaint, tracking code), filed as the public form files it."""
    values = {
        "subject_name": "Drs. Joko Susilo", "description": DESCRIPTION, "contact_name": "Ani Wijayanti",
        "contact_email": "ani@example.test", "contact_phone": "081234567890",
    }
    values.update(kwargs)
    return services.file_complaint(
        subject_kind=subject_kind, credential=credential, complainant=complainant, language=language,
        form_token=f"test:{next(_tokens)}", **values,
    )
