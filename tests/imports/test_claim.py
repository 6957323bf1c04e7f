"""A worker imported from the old register signs up and claims the record with their NIK and a certificate number."""

import pytest

from certification import reference as certification_reference
from portal.accounts.models import User
from portal.accounts.roles import Role
from portal.audit.models import AuditEvent
from portal.credentials.models import Credential
from portal.imports import kinds, services
from registry.models import WorkerProfile
from tests.auth import Client
from tests.imports.helpers import WORKER_HEADER, csv_bytes, worker_rows

pytestmark = pytest.mark.django_db


@pytest.fixture
def imported(reference_data):
    certification_reference.load()
    rows = worker_rows(2)
    services.apply(kinds.get("workers"), csv_bytes(WORKER_HEADER, rows), "register.csv")
    return rows


def test_the_person_claims_their_record(make_user, imported):
    user = make_user(Role.APPLICANT, language="en", full_name="")
    client = Client()
    client.force_login(user)
    profile_page = client.get("/profile/").content.decode()  # the empty profile made on the first visit
    assert "/profile/claim/" in profile_page
    nik, number = imported[0][0], imported[0][4]
    placeholder = WorkerProfile.objects.get(nik=nik).user
    # The profile form says where a NIK of the imported register is claimed.
    response = client.post("/profile/edit/", {"nik": nik, "full_name": "Siti Rahmawati"})
    assert "claim that record with one of your certificate numbers" in response.content.decode()
    wrong = client.post("/profile/claim/", {"nik": nik, "number": imported[1][4]})  # another person's certificate
    assert wrong.status_code == 400 and "No certificate imported from before the portal" in wrong.content.decode()
    response = client.post("/profile/claim/", {"nik": nik, "number": number.lower().replace("/", " ")})
    assert response.status_code == 302 and response["Location"] == "/profile/"
    profile = WorkerProfile.objects.get(nik=nik)
    assert profile.user == user and not User.objects.filter(pk=placeholder.pk).exists()
    assert list(Credential.objects.filter(holder=user).values_list("number", flat=True)) == [number]
    assert WorkerProfile.objects.filter(user=user).count() == 1
    assert AuditEvent.objects.filter(action="registry.profile.claim", actor=user).count() == 1
    user.refresh_from_db()
    assert user.full_name == imported[0][1]
    mine = client.get("/credentials/").content.decode()
    assert number in mine
    # Claimed once: nobody claims it again.
    other = make_user(Role.APPLICANT, language="en")
    client.force_login(other)
    again = client.post("/profile/claim/", {"nik": nik, "number": number})
    assert again.status_code == 400 and WorkerProfile.objects.get(nik=nik).user == user


@pytest.mark.parametrize("role", [r for r in Role.values if r != Role.APPLICANT])
def test_only_applicants_claim(make_user, imported, role):
    client = Client()
    client.force_login(make_user(role))
    assert client.get("/profile/claim/").status_code == 404
    assert client.post("/profile/claim/", {"nik": imported[0][0], "number": imported[0][4]}).status_code == 404
