"""The owner's profile: editing, every bad input beside its field, histories with documents, IDOR, JSON export."""

import datetime
import json

import pytest
from django.utils import timezone

from portal.accounts.roles import Role
from portal.audit.models import AuditEvent
from portal.documents.models import Document
from portal.regions.models import Province
from registry.models import Education, Employment, Training, WorkerProfile

from .helpers import PDF, make_nik, make_profile, pdf_upload, png_upload

pytestmark = pytest.mark.django_db

NIK = "3273015405900001"


def personal(**overrides):
    data = {
        "nik": NIK,
        "full_name": "Siti  Aminah",
        "birth_place": "Bandung",
        "birth_date": "1990-05-14",
        "gender": "F",
        "phone": "0812-3456-7890",
        "province": Province.objects.get(code="32").pk,
        "regency": "Kota Bandung",
        "address": "Jl. Cihampelas 45",
        "str_number": "",
    }
    data.update(overrides)
    return data


def test_an_applicant_fills_personal_data_with_a_photo(english, applicant, reference_data):
    english.force_login(applicant)
    assert english.get("/profile/").status_code == 200
    response = english.post("/profile/edit/", {**personal(), "photo_upload": png_upload()})
    assert response.status_code == 302 and response["Location"] == "/profile/"
    profile = WorkerProfile.objects.get(user=applicant)
    assert profile.nik == NIK
    assert profile.full_name == "Siti Aminah" and profile.name_search == "siti aminah"
    assert profile.phone == "081234567890"
    assert profile.photo.kind == "registry.photo" and profile.photo.content_type == "image/png"
    applicant.refresh_from_db()
    assert applicant.full_name == "Siti Aminah"
    [event] = AuditEvent.objects.filter(action="registry.profile.update")
    assert event.after["fields"] == [
        "address", "birth_date", "birth_place", "full_name", "gender", "nik", "phone", "province", "regency", "photo"
    ]
    html = english.get("/profile/").content.decode()
    assert NIK in html  # the owner sees the whole NIK


@pytest.mark.parametrize(
    "overrides, field, message",
    [
        ({"nik": "32730154059000"}, "nik", "A NIK has exactly 16 digits; you entered 14 characters."),
        ({"nik": "32730154059000AB"}, "nik", "A NIK contains digits only (16 of them)."),
        ({"nik": "1073015405900001"}, "nik", "The NIK starts with 10, which is not an Indonesian province code."),
        ({"nik": "3200015405900001"}, "nik", "Digits 3–4 of the NIK (regency/city code) cannot be 00."),
        ({"nik": "3273003405900001"}, "nik", "Digits 5–6 of the NIK (district code) cannot be 00."),
        ({"nik": "3273013505900001"}, "nik", "Digits 7–12 of the NIK (350590) are not a real birth date"),
        ({"nik": "3273015405900000"}, "nik", "The last four digits of the NIK (serial number) cannot be 0000."),
        ({"birth_date": "1990-05-15"}, "nik", "The birth date in the NIK (14-05-90) does not match the birth date you entered (15-05-90)."),
        ({"gender": "M"}, "nik", "This NIK belongs to a woman (40 is added to the day), but you chose male."),
        ({"nik": "3273011405900001"}, "nik", "This NIK belongs to a man (no 40 added to the day), but you chose female."),
        ({"birth_date": "2031-05-14"}, "birth_date", "This date is in the future."),
        ({"birth_date": "2015-05-14", "nik": "3273015405150001"}, "birth_date", "You must be at least 17 years old"),
        ({"phone": "021-555-1234"}, "phone", "Enter an Indonesian mobile number"),
        ({"full_name": "12"}, "full_name", "Enter your full name as written on your KTP."),
        ({"province": ""}, "province", "This field is required."),
    ],
)
def test_bad_personal_data_is_shown_beside_the_field_and_nothing_typed_is_lost(
    english, applicant, reference_data, overrides, field, message
):
    english.force_login(applicant)
    data = personal(**overrides)
    response = english.post("/profile/edit/", data)
    assert response.status_code == 200
    form = response.context["form"]
    assert any(message in error for error in form.errors[field]), form.errors
    html = response.content.decode()
    assert message.split("(")[0].replace("’", "&#x27;")[:30] in html
    # What was typed comes back in the form.
    assert f'value="{data["regency"]}"' in html
    assert f'value="{nik_value(data)}"' in html
    assert not WorkerProfile.objects.filter(user=applicant, nik__isnull=False).exists()


def nik_value(data):
    return data["nik"]


def test_a_duplicate_nik_is_refused(english, applicant, make_user, reference_data):
    other = make_user(Role.APPLICANT)
    make_profile(other, nik=NIK)
    english.force_login(applicant)
    response = english.post("/profile/edit/", personal())
    assert response.status_code == 200
    assert response.context["form"].errors["nik"] == [
        "This NIK is already registered to another account. If it is yours, contact the secretariat."
    ]


def test_saving_again_with_the_same_nik_is_fine(english, applicant, reference_data):
    english.force_login(applicant)
    assert english.post("/profile/edit/", personal()).status_code == 302
    assert english.post("/profile/edit/", personal(regency="Kabupaten Bandung")).status_code == 302
    assert WorkerProfile.objects.get(user=applicant).regency == "Kabupaten Bandung"


def test_a_non_image_photo_is_refused(english, applicant, reference_data):
    english.force_login(applicant)
    response = english.post("/profile/edit/", {**personal(), "photo_upload": pdf_upload("foto.pdf")})
    assert response.status_code == 200
    [error] = response.context["form"].errors["photo_upload"]
    assert "is not a JPEG or PNG file" in error
    assert Document.objects.count() == 0


def test_errors_are_in_indonesian_by_default(client, applicant, reference_data):
    client.force_login(applicant)
    response = client.post("/profile/edit/", personal(nik="1073015405900001"))
    [error] = response.context["form"].errors["nik"]
    assert error == "NIK diawali 10, yang bukan kode provinsi di Indonesia."


# ---- histories ---------------------------------------------------------------------------------------
def test_histories_with_documents_update_the_totals(english, applicant, reference_data):
    english.force_login(applicant)
    english.post("/profile/edit/", personal())
    response = english.post("/profile/education/add/", {
        "level": "S1", "institution": "Poltekesos Bandung", "study_programme": "Pekerjaan Sosial",
        "graduation_year": "2012", "social_work": "on", "diploma_upload": pdf_upload("ijazah-s1.pdf"),
    })
    assert response.status_code == 302 and response["Location"] == "/profile/#education"
    start = timezone.localdate() - datetime.timedelta(days=729)
    english.post("/profile/employment/add/", {
        "employer": "LKSA Harapan", "position": "Pekerja Sosial", "role_type": "sakti_peksos",
        "start_date": start.isoformat(), "end_date": "", "hours_per_week": "40",
        "letter_upload": pdf_upload("surat-kerja.pdf"),
    })
    english.post("/profile/training/add/", {
        "title": "Pelatihan Dasar Pekerjaan Sosial", "organiser": "BBPPKS Regional II", "hours": "120", "year": "2016",
        "certificate_upload": pdf_upload("sertifikat.pdf"),
    })
    profile = WorkerProfile.objects.get(user=applicant)
    assert profile.highest_education == "S1"
    assert profile.social_work_education is True
    assert str(profile.practice_years) == "2.0"
    assert profile.practice_hours == round(730 / 7 * 40)
    assert profile.training_hours == 120
    assert profile.employer == "LKSA Harapan" and profile.role_type == "sakti_peksos"
    education = Education.objects.get(profile=profile)
    assert education.diploma.original_name == "ijazah-s1.pdf" and education.diploma.owner == applicant
    assert Employment.objects.get(profile=profile).letter.kind == "registry.employment_letter"
    assert Training.objects.get(profile=profile).certificate.kind == "registry.training_certificate"
    assert AuditEvent.objects.filter(action__in=["registry.education.add", "registry.employment.add", "registry.training.add"]).count() == 3

    # Editing without a new file keeps the document; removing an entry recalculates.
    response = english.post(f"/profile/education/{education.pk}/edit/", {
        "level": "S2", "institution": "Universitas Indonesia", "study_programme": "Kesejahteraan Sosial",
        "graduation_year": "2016", "social_work": "on",
    })
    assert response.status_code == 302
    education.refresh_from_db()
    assert education.level == "S2" and education.diploma.original_name == "ijazah-s1.pdf"
    training = Training.objects.get(profile=profile)
    assert english.post(f"/profile/training/{training.pk}/delete/").status_code == 302
    profile.refresh_from_db()
    assert profile.highest_education == "S2" and profile.training_hours == 0


@pytest.mark.parametrize(
    "kind, data, field, message",
    [
        ("education", {"level": "S1", "institution": "X", "graduation_year": "2099"}, "graduation_year", "2099 is in the future."),
        ("education", {"level": "S1", "institution": "X", "graduation_year": "1940"}, "graduation_year", "Enter a year from 1950 on."),
        ("education", {"level": "S1", "institution": "X", "graduation_year": "1995"}, "graduation_year", "You would have been 5 years old in 1995"),
        ("education", {"level": "S1", "institution": "X", "graduation_year": "2012"}, "diploma_upload", "This field is required."),
        ("education", {"level": "S9", "institution": "X", "graduation_year": "2012"}, "level", "Select a valid choice."),
        ("employment", {"employer": "A", "position": "B", "role_type": "pkh", "start_date": "2020-01-01",
                        "end_date": "2019-01-01", "hours_per_week": "40"}, "end_date", "The end date is before the start date."),
        ("employment", {"employer": "A", "position": "B", "role_type": "pkh", "start_date": "2099-01-01",
                        "hours_per_week": "40"}, "start_date", "This date is in the future."),
        ("employment", {"employer": "A", "position": "B", "role_type": "pkh", "start_date": "2020-01-01",
                        "end_date": "2099-01-01", "hours_per_week": "40"}, "end_date", "This date is in the future."),
        ("employment", {"employer": "A", "position": "B", "role_type": "pkh", "start_date": "1989-01-01",
                        "hours_per_week": "40"}, "start_date", "This date is before your date of birth."),
        ("employment", {"employer": "A", "position": "B", "role_type": "pkh", "start_date": "2020-01-01",
                        "hours_per_week": "90"}, "hours_per_week", "Enter between 1 and 80 hours per week."),
        ("employment", {"employer": "A", "position": "B", "role_type": "pkh", "start_date": "31-02-2020",
                        "hours_per_week": "40"}, "start_date", "Enter a valid date."),
        ("training", {"title": "T", "organiser": "O", "hours": "0", "year": "2020"}, "hours", "Enter between 1 and 2000 hours."),
        ("training", {"title": "T", "organiser": "O", "hours": "10", "year": "2099"}, "year", "2099 is in the future."),
        ("training", {"title": "T", "organiser": "O", "hours": "10", "year": "2020"}, "certificate_upload", "This field is required."),
    ],
)
def test_bad_history_input_is_shown_beside_the_field(english, applicant, reference_data, kind, data, field, message):
    make_profile(applicant, birth=datetime.date(1990, 5, 14))
    english.force_login(applicant)
    response = english.post(f"/profile/{kind}/add/", data)
    assert response.status_code == 200
    errors = response.context["form"].errors[field]
    assert any(message in error for error in errors), errors
    html = response.content.decode()
    for name, value in data.items():
        if name in ("level", "role_type"):
            if name != field:
                assert f'<option value="{value}" selected>' in html
        elif value:
            assert f'name="{name}" value="{value}"' in html or f'value="{value}"' in html.split(f'name="{name}"')[1][:200]
    assert Education.objects.count() + Employment.objects.count() + Training.objects.count() == 0


def test_a_bad_diploma_file_is_refused(english, applicant, reference_data):
    make_profile(applicant)
    english.force_login(applicant)
    response = english.post("/profile/education/add/", {
        "level": "S1", "institution": "X", "graduation_year": "2012",
        "diploma_upload": pdf_upload("ijazah.png"),
    })
    [error] = response.context["form"].errors["diploma_upload"]
    assert "does not match its extension" in error
    assert Document.objects.count() == 0


# ---- access -------------------------------------------------------------------------------------------
def test_an_applicant_cannot_touch_anothers_histories_or_documents(client, applicant, make_user, reference_data):
    other = make_user(Role.APPLICANT)
    theirs = make_profile(other, complete=True)
    education = theirs.educations.get()
    job = theirs.employments.get()
    make_profile(applicant)
    client.force_login(applicant)
    assert client.get(f"/profile/education/{education.pk}/edit/").status_code == 404
    assert client.post(f"/profile/education/{education.pk}/edit/", {"level": "S3"}).status_code == 404
    assert client.post(f"/profile/education/{education.pk}/delete/").status_code == 404
    assert client.post(f"/profile/employment/{job.pk}/delete/").status_code == 404
    assert client.get(f"/documents/{education.diploma_id}/").status_code == 404
    assert client.get(f"/documents/{theirs.photo_id}/?inline=1").status_code == 404
    assert client.get(f"/workers/{theirs.pk}/").status_code == 404
    assert client.get("/profile/nonsense/add/").status_code == 404
    assert Education.objects.filter(pk=education.pk).exists()
    # Their own documents open fine.
    client.force_login(other)
    assert client.get(f"/documents/{education.diploma_id}/").status_code == 200


@pytest.mark.parametrize("role", [Role.LKS_OPERATOR, Role.LSP_ADMIN, Role.SECRETARIAT])
def test_only_applicants_keep_a_worker_profile(client, make_user, role):
    client.force_login(make_user(role))
    assert client.get("/profile/").status_code == 404
    assert client.get("/profile/edit/").status_code == 404


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get("/profile/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


# ---- the worker's own data ------------------------------------------------------------------------------
def test_a_worker_downloads_everything_as_json(client, applicant, make_user, reference_data):
    profile = make_profile(applicant, complete=True)
    Training.objects.create(profile=profile, title="Dasar", organiser="BBPPKS", hours=120, year=2016)
    admin = make_user(Role.LSP_ADMIN)
    client.force_login(admin)
    client.get(f"/workers/{profile.pk}/")
    client.force_login(applicant)
    response = client.get("/my-data/export.json")  # portal.privacy: every app's part (tests/privacy)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="my-data-')
    data = json.loads(response.content)
    assert data["account"]["email"] == applicant.email
    worker = data["worker_profile"]
    assert worker["nik"] == profile.nik  # the owner's own data, in full
    assert worker["birth_date"] == "1990-05-14"
    assert worker["education"][0]["diploma"]["sha256"] == profile.educations.get().diploma.sha256
    assert worker["employment"][0]["employer"] == "LKSA Harapan"
    assert worker["training"] == [{"title": "Dasar", "organiser": "BBPPKS", "hours": 120, "year": 2016, "certificate": None}]
    assert worker["derived"]["highest_education"] == "S1"
    assert [(row["by"], row["what"]) for row in data["processing_history"]] == [(admin.email, "Membuka profil lengkap Anda")]
    assert {doc["kind"] for doc in data["documents"]} == {"registry.photo", "registry.diploma"}
    assert AuditEvent.objects.filter(action="privacy.export", actor=applicant).count() == 1
    assert PDF not in response.content
