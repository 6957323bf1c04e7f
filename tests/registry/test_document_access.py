"""The documents of a worker's registry profile (photo, diploma, work-experience letter, training
certificate), opened by every role: the owner, the secretariat of the worker's regional office and LSP
admins (the register belongs to certification); nobody else — a BALKS admin included."""

import pytest
from django.conf import settings
from django.shortcuts import resolve_url

from portal.accounts.roles import Role
from portal.documents.services import store_upload
from registry.models import Employment, Training

from .helpers import make_profile, pdf_upload

pytestmark = pytest.mark.django_db

#: Expected answer of `/documents/<id>/` per role, for each profile document.
EXPECTED = {
    "owner": 200,
    "another applicant": 404,
    "lks_operator": 404,
    "assessor": 404,
    "secretariat of the worker's office (I)": 200,
    "secretariat of another office (V)": 404,
    "lsp_admin": 200,
    "balks_admin": 404,
}


@pytest.fixture
def worker(make_user, reference_data):
    """Siti lives in Sumatera Barat (regional office I), with all four kinds of profile document."""
    user = make_user(Role.APPLICANT, full_name="Siti Nurhaliza")
    profile = make_profile(user, province="13", complete=True)
    letter = store_upload(user, pdf_upload("surat-kerja.pdf"), kind="registry.employment_letter")
    Employment.objects.filter(profile=profile).update(letter=letter)
    certificate = store_upload(user, pdf_upload("sertifikat.pdf"), kind="registry.training_certificate")
    Training.objects.create(profile=profile, title="Pelatihan dasar", organiser="BBPPKS Padang", hours=40, year=2020,
                            certificate=certificate)
    return profile


def documents_of(profile):
    return {
        "photo": profile.photo,
        "diploma": profile.educations.get().diploma,
        "employment letter": profile.employments.get().letter,
        "training certificate": profile.trainings.get().certificate,
    }


def users(worker, make_user, office):
    return {
        "owner": worker.user,
        "another applicant": make_user(Role.APPLICANT),
        "lks_operator": make_user(Role.LKS_OPERATOR),
        "assessor": make_user(Role.ASSESSOR),
        "secretariat of the worker's office (I)": make_user(Role.SECRETARIAT, regional_office=office["I"]),
        "secretariat of another office (V)": make_user(Role.SECRETARIAT, regional_office=office["V"]),
        "lsp_admin": make_user(Role.LSP_ADMIN),
        "balks_admin": make_user(Role.BALKS_ADMIN),
    }


def test_every_role_for_every_profile_document(client, worker, make_user, office):
    documents = documents_of(worker)
    for kind, document in documents.items():
        url = f"/documents/{document.pk}/"
        response = client.get(url)
        assert (response.status_code, response["Location"]) == (302, f"{resolve_url(settings.LOGIN_URL)}?next={url}"), kind
    answers = {}
    for role, user in users(worker, make_user, office).items():
        client.force_login(user)
        for kind, document in documents.items():
            answers[role, kind] = client.get(f"/documents/{document.pk}/").status_code
    assert answers == {(role, kind): status for role, status in EXPECTED.items() for kind in documents}


def test_an_lsp_admin_opens_the_profile_documents_not_the_workers_library(client, worker, make_user):
    """The rule follows the profile: a KTP kept in "My documents" stays the worker's own."""
    library = store_upload(worker.user, pdf_upload("KTP Siti Nurhaliza.pdf"), kind="personal")
    client.force_login(make_user(Role.LSP_ADMIN))
    assert client.get(f"/documents/{worker.photo_id}/?inline=1").status_code == 200
    assert client.get(f"/documents/{library.pk}/").status_code == 404
