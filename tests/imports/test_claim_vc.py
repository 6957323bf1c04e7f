"""After a claim, the imported certificate's VC names its holder: signed again for the claimant's account, the same
credential otherwise (number, status-list entries, dates), checked with a JOSE library that is not ours."""

import json
from datetime import date, timedelta

import pytest

from certification import reference as certification_reference
from portal.accounts.roles import Role
from portal.audit.models import AuditEvent
from portal.credentials import vc
from portal.credentials.models import Credential
from portal.imports import kinds, services
from registry.models import WorkerProfile
from registry.services import claim_imported_profile
from tests.auth import Client
from tests.credentials.test_vc import status_bit, verify
from tests.imports.helpers import WORKER_HEADER, csv_bytes, worker_rows

pytestmark = [pytest.mark.django_db, pytest.mark.filterwarnings("ignore:EdDSA is deprecated")]


def valid_rows(count, **kwargs):
    """Register rows whose certificates are valid today (issued a year ago, valid for five years)."""
    rows = worker_rows(count, **kwargs)
    for row in rows:
        row[5], row[6] = (date.today() - timedelta(days=365)).isoformat(), (date.today() + timedelta(days=1460)).isoformat()
    return rows


@pytest.fixture
def imported(reference_data):
    certification_reference.load()
    rows = valid_rows(2)
    services.apply(kinds.get("workers"), csv_bytes(WORKER_HEADER, rows), "register.csv")
    return rows


def identity_of(claims):
    [hashed] = [i for i in claims["credentialSubject"]["identifier"] if i["identityType"] == "identifier"]
    return hashed["identityHash"]


def served(client, number):
    response = client.get(f"/api/v1/credentials/{number}/vc/")
    assert response.status_code == 200 and response["Content-Type"] == "application/vc+jwt"
    return response.content.decode()


def test_the_claimed_certificate_is_signed_again_for_its_holder(client, make_user, issue, imported):
    nik, number = imported[0][0], imported[0][4]
    placeholder = WorkerProfile.objects.get(nik=nik).user
    before = Credential.objects.get(number=number)
    _h, old = verify(client, served(client, number))
    assert identity_of(old) == vc.identity_hash(before)  # the placeholder account's
    user = make_user(Role.APPLICANT, language="en", full_name="")
    WorkerProfile.objects.filter(nik=nik).update(phone="081234567890")  # as if the register had held it
    browser = Client()
    browser.force_login(user)
    response = browser.post("/profile/claim/", {"nik": nik, "number": number})
    assert response.status_code == 302
    # The VC anyone gets now verifies and names the claimant as a fresh issuance for them does.
    _h, claims = verify(client, served(client, number))
    fresh = issue(holder=user, holder_name=imported[0][1])
    _h, fresh_claims = verify(client, fresh.vc_jwt)
    assert identity_of(claims) == identity_of(fresh_claims) != identity_of(old)
    # The same credential otherwise: number, its page, dates, status-list entries, achievement.
    for key in ("id", "validFrom", "validUntil", "credentialStatus", "issuer", "name", "nbf", "exp", "jti"):
        assert claims[key] == old[key]
    assert {k: v for k, v in claims["credentialSubject"].items() if k != "identifier"} == \
        {k: v for k, v in old["credentialSubject"].items() if k != "identifier"}
    entries = {e["statusPurpose"]: e for e in claims["credentialStatus"]}
    assert status_bit(client, entries["revocation"]) == 0 and status_bit(client, entries["suspension"]) == 0
    text = json.dumps(claims)
    for private in (nik, user.email, "081234567890", placeholder.email, f"account:{user.pk}"):
        assert private not in text
    # The holder's own download is the same token; audited once, by the claimant.
    after = Credential.objects.get(number=number)
    assert browser.get(f"/credentials/{after.pk}/credential.jwt").content.decode() == after.vc_jwt
    [event] = AuditEvent.objects.filter(action="credential.vc_reissue")
    assert event.actor == user and event.object_id == str(after.pk)
    assert event.before == {"identity_hash": identity_of(old)}
    assert event.after["identity_hash"] == identity_of(claims) and event.after["reason"] == "registry.profile.claim"
    # Served again: the stored token, not signed a third time.
    assert served(client, number) == after.vc_jwt
    assert AuditEvent.objects.filter(action="credential.vc_reissue").count() == 1


def test_every_certificate_of_the_claimed_profile_is_signed_again(client, make_user, imported):
    # A second certificate of the same person (same NIK) in a second file.
    rows = valid_rows(1, start=0, prefix="LSPX")
    services.apply(kinds.get("workers"), csv_bytes(WORKER_HEADER, rows), "more.csv")
    nik = imported[0][0]
    numbers = sorted([imported[0][4], rows[0][4]])
    placeholder = WorkerProfile.objects.get(nik=nik).user
    assert sorted(Credential.objects.filter(holder=placeholder).values_list("number", flat=True)) == numbers
    user = make_user(Role.APPLICANT)
    claim_imported_profile(user, nik=nik, number=numbers[1])
    for credential in Credential.objects.filter(number__in=numbers):
        _h, claims = verify(client, credential.vc_jwt)
        assert identity_of(claims) == vc.identity_hash(credential) and credential.holder == user
    assert AuditEvent.objects.filter(action="credential.vc_reissue").count() == 2
    # The other person's certificate is untouched.
    other = Credential.objects.get(number=imported[1][4])
    assert vc.names_its_holder(other, other.vc_jwt)


def test_a_vc_whose_holder_changed_otherwise_is_signed_again_when_served(client, make_user, issue, applicant):
    credential = issue(holder=applicant)
    token = credential.vc_jwt
    other = make_user(Role.APPLICANT)
    Credential.objects.filter(pk=credential.pk).update(holder=other)  # e.g. the secretariat joined two records
    renewed = served(client, credential.number)
    _h, claims = verify(client, renewed)
    assert renewed != token and identity_of(claims) == vc.identity_hash(Credential.objects.get(pk=credential.pk))
    assert served(client, credential.number) == renewed
    [event] = AuditEvent.objects.filter(action="credential.vc_reissue")
    assert event.actor is None and event.after["reason"] == "holder_changed"


def test_rotating_the_secret_key_signs_nothing_again(client, settings, issue, applicant):
    credential = issue(holder=applicant)
    token = credential.vc_jwt
    settings.SECRET_KEY_FALLBACKS = [settings.SECRET_KEY]
    settings.SECRET_KEY = "a-new-secret-key-" + "x" * 40
    assert served(client, credential.number) == token
    assert not AuditEvent.objects.filter(action="credential.vc_reissue").exists()


def test_a_stored_token_that_is_not_a_vc_names_nobody():
    assert vc.stored_identity_hash("not-a-token") is None
    assert vc.stored_identity_hash("a.%%%.b") is None
    assert vc.stored_identity_hash("a.e30.b") is None  # {} as the claims
