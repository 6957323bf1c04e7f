"""Issue 13: the profile photo and the documents of the histories count against the owner's upload
rate and quota; past either the file is refused beside its field and what was typed is kept."""

import pytest

from portal.documents.models import Document
from portal.documents.services import store_upload
from portal.regions.models import Province
from registry.models import Education, WorkerProfile

from .helpers import make_profile, pdf_upload, png_upload

pytestmark = pytest.mark.django_db


def test_the_photo_past_the_quota_is_refused_and_the_data_kept(english, applicant, reference_data, settings):
    store_upload(applicant, pdf_upload("lama.pdf"))
    settings.DOCUMENT_QUOTA_COUNT = 1
    english.force_login(applicant)
    data = {
        "nik": "3273015405900001", "full_name": "Siti Aminah", "birth_place": "Bandung", "birth_date": "1990-05-14",
        "gender": "F", "phone": "081234567890", "province": Province.objects.get(code="32").pk,
        "regency": "Kota Bandung", "address": "Jl. Cihampelas 45", "str_number": "",
    }
    response = english.post("/profile/edit/", {**data, "photo_upload": png_upload()})
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "photo_upload": ["An account may keep at most 1 document; this file would pass that limit."]
    }
    assert 'value="Jl. Cihampelas 45"' in response.content.decode() or "Jl. Cihampelas 45</textarea>" in response.content.decode()
    assert WorkerProfile.objects.get(user=applicant).nik is None
    assert Document.objects.count() == 1


def test_a_diploma_past_the_upload_rate_is_refused_beside_its_field(english, applicant, reference_data, settings):
    settings.DOCUMENT_UPLOADS_PER_MINUTE = 1
    make_profile(applicant)
    english.force_login(applicant)
    data = {"level": "S1", "institution": "Poltekesos Bandung", "graduation_year": "2012"}
    assert english.post("/profile/education/add/", {**data, "diploma_upload": pdf_upload("ijazah.pdf")}).status_code == 302
    response = english.post("/profile/education/add/", {**data, "diploma_upload": pdf_upload("ijazah-2.pdf")})
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "diploma_upload": ["You sent too many files in a short time. Wait a minute, then choose the file again."]
    }
    assert 'value="Poltekesos Bandung"' in response.content.decode()
    assert Education.objects.filter(profile__user=applicant).count() == 1
