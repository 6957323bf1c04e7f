"""Verifiable credentials checked by an implementation that is not ours: `joserfc` (a JOSE library the
portal does not use; the portal signs with PyJWT). The key comes from the issuer's published profile, as a
verifier would fetch it; the status list from the URL in the credential."""

import base64
import gzip
import json
from datetime import date, timedelta

import pytest
from joserfc import jwt
from joserfc.errors import BadSignatureError, ExpiredTokenError
from joserfc.jwk import OKPKey
from joserfc.jwt import JWTClaimsRegistry

from portal.credentials import signing, vc
from portal.credentials.models import Credential
from portal.credentials.services import reinstate_credential, revoke_credential, suspend_credential

pytestmark = [pytest.mark.django_db, pytest.mark.filterwarnings("ignore:EdDSA is deprecated")]


def path_of(url):
    from django.conf import settings

    assert url.startswith(settings.SITE_URL)
    return url[len(settings.SITE_URL):]


def verify(client, token, *, now=None):
    """(header, claims) of a VC-JOSE token, its key resolved through the issuer profile named by `kid`;
    raises when the signature or the dates do not hold."""
    raw_header = json.loads(base64.urlsafe_b64decode(token.split(".")[0] + "=="))
    profile_url, kid = raw_header["kid"].split("#")
    profile = client.get(path_of(profile_url)).json()
    [method] = [m for m in profile["verificationMethod"] if m["id"] == raw_header["kid"]]
    key = OKPKey.import_key(method["publicKeyJwk"])
    decoded = jwt.decode(token, key, algorithms=["EdDSA"])
    JWTClaimsRegistry(now=now, leeway=0).validate(decoded.claims)
    issuer = decoded.claims["issuer"]
    assert decoded.claims["iss"] == profile["id"] == (issuer if isinstance(issuer, str) else issuer["id"])
    return decoded.header, decoded.claims


def status_bit(client, entry):
    token = client.get(path_of(entry["statusListCredential"]))
    assert token.status_code == 200 and token["Content-Type"] == "application/vc+jwt"
    assert "public" in token["Cache-Control"] and token.has_header("ETag")
    _header, claims = verify(client, token.content.decode())
    subject = claims["credentialSubject"]
    assert claims["type"] == ["VerifiableCredential", "BitstringStatusListCredential"]
    assert subject["statusPurpose"] == entry["statusPurpose"]
    assert subject["encodedList"].startswith("u")  # multibase base64url
    bits = gzip.decompress(base64.urlsafe_b64decode(subject["encodedList"][1:] + "=="))
    assert len(bits) * 8 >= 131072
    index = int(entry["statusListIndex"])
    return (bits[index // 8] >> (7 - index % 8)) & 1


def test_an_issued_certificate_is_an_open_badge_credential_anyone_can_verify(client, issue, applicant):
    from registry.models import WorkerProfile

    WorkerProfile.objects.create(user=applicant, full_name="Siti Rahmawati", nik="3273014501890001")
    credential = issue(holder=applicant, holder_name="Siti Rahmawati", issued_on=date(2026, 3, 1))
    response = client.get(f"/api/v1/credentials/{credential.number}/vc/")
    assert response.status_code == 200 and response["Content-Type"] == "application/vc+jwt"
    header, claims = verify(client, response.content.decode())
    assert header["typ"] == "vc+jwt" and header["alg"] == "EdDSA"
    assert claims["@context"][0] == "https://www.w3.org/ns/credentials/v2"
    assert claims["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert claims["validFrom"] == "2026-03-01T00:00:00+07:00" and claims["validUntil"] == "2031-02-28T23:59:59+07:00"
    subject = claims["credentialSubject"]
    assert subject["achievement"]["name"] == "Pekerja Sosial Generalis"
    assert subject["licenseNumber"] == credential.number
    assert {"type": "IdentityObject", "identityType": "name", "hashed": False, "identityHash": "Siti Rahmawati"} in subject["identifier"]
    text = json.dumps(claims)
    assert applicant.email not in text and "3273014501890001" not in text
    assert [e["statusPurpose"] for e in claims["credentialStatus"]] == ["revocation", "suspension"]
    assert all(e["type"] == "BitstringStatusListEntry" for e in claims["credentialStatus"])
    # Signed once: asked again, the same token.
    assert client.get(f"/api/v1/credentials/{credential.number}/vc/").content == response.content


def test_a_tampered_subject_does_not_verify(client, issue):
    token = client.get(f"/api/v1/credentials/{issue().number}/vc/").content.decode()
    head, body, signature = token.split(".")
    claims = json.loads(base64.urlsafe_b64decode(body + "=="))
    claims["credentialSubject"]["achievement"]["name"] = "Pekerja Sosial Spesialis"
    forged = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
    with pytest.raises(BadSignatureError):
        verify(client, f"{head}.{forged}.{signature}")


def test_revocation_and_suspension_flip_the_bits_of_the_status_lists(client, issue, lsp_admin, django_capture_on_commit_callbacks):
    credential = issue()
    _h, claims = verify(client, client.get(f"/api/v1/credentials/{credential.number}/vc/").content.decode())
    revocation, suspension = claims["credentialStatus"]
    assert (status_bit(client, revocation), status_bit(client, suspension)) == (0, 0)
    with django_capture_on_commit_callbacks(execute=True):
        suspend_credential(credential, actor=lsp_admin, reason="Pemeriksaan pengaduan")
    assert (status_bit(client, revocation), status_bit(client, suspension)) == (0, 1)
    with django_capture_on_commit_callbacks(execute=True):
        reinstate_credential(credential, actor=lsp_admin, reason="Pengaduan tidak terbukti")
    assert (status_bit(client, revocation), status_bit(client, suspension)) == (0, 0)
    with django_capture_on_commit_callbacks(execute=True):
        revoke_credential(credential, actor=lsp_admin, reason="Dokumen palsu")
    assert (status_bit(client, revocation), status_bit(client, suspension)) == (1, 0)
    # Other credentials of the block are untouched.
    other = issue(source="certification.application:other")
    _h, other_claims = verify(client, client.get(f"/api/v1/credentials/{other.number}/vc/").content.decode())
    assert status_bit(client, other_claims["credentialStatus"][0]) == 0


def test_a_lost_rebuild_is_made_good_by_the_sweep(client, issue, lsp_admin):
    credential = issue()
    entry = vc.credential_document(credential)["credentialStatus"][0]
    assert status_bit(client, entry) == 0
    revoke_credential(credential, actor=lsp_admin, reason="Dokumen palsu")  # its task never ran (no commit hook here)
    assert status_bit(client, entry) == 0  # the previous signed list, never a broken one
    assert vc.rebuild_stale_lists() >= 1
    assert status_bit(client, entry) == 1


def test_an_expired_credential_is_invalid_by_date(client, issue):
    credential = issue(issued_on=date.today() - timedelta(days=5 * 366), validity_years=5)
    token = client.get(f"/api/v1/credentials/{credential.number}/vc/").content.decode()
    with pytest.raises(ExpiredTokenError):
        verify(client, token)


def test_credentials_signed_with_a_key_rotated_out_still_verify(client, issue, settings):
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    def raw(key):
        return base64.b64encode(key.private_bytes(serialization.Encoding.Raw, serialization.PrivateFormat.Raw,
                                                  serialization.NoEncryption())).decode()

    old, new = Ed25519PrivateKey.generate(), Ed25519PrivateKey.generate()
    settings.CREDENTIAL_SIGNING_KEYS = {"2026a": raw(old)}
    first = issue(source="certification.application:first")
    # Rotation: the old private key is destroyed; its public half stays published.
    public_old = base64.b64encode(old.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)).decode()
    settings.CREDENTIAL_SIGNING_KEYS = {"2026b": raw(new)}
    settings.CREDENTIAL_RETIRED_PUBLIC_KEYS = {"2026a": public_old}
    second = issue(source="certification.application:second")
    h1, _ = verify(client, client.get(f"/api/v1/credentials/{first.number}/vc/").content.decode())
    h2, _ = verify(client, client.get(f"/api/v1/credentials/{second.number}/vc/").content.decode())
    assert h1["kid"].endswith("#2026a") and h2["kid"].endswith("#2026b")
    assert signing.keyring()[0].kid == "2026b"


def test_the_holder_downloads_it_and_nobody_else(client, issue, make_user, applicant):
    credential = issue(holder=applicant)
    url = f"/credentials/{credential.pk}/credential.jwt"
    client.force_login(credential.holder)
    assert url in client.get("/credentials/").content.decode()
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/vc+jwt"
    assert response["Cache-Control"] == "private, no-store"
    verify(client, response.content.decode())
    client.force_login(make_user("applicant"))
    assert client.get(url).status_code == 404
    assert f"/api/v1/credentials/{credential.number}/vc/" in client.get(credential.get_absolute_url()).content.decode()


def test_unknown_lists_and_issuers_are_404(client, issue):
    issue()
    assert client.get("/api/v1/status/lsp/revocation/99/").status_code == 404
    assert client.get("/api/v1/status/lsp/other/0/").status_code == 404
    assert client.get("/api/v1/issuers/nobody/").status_code == 404
    assert client.get("/api/v1/credentials/PS-GEN-2026-999999-X/vc/").status_code in (400, 404)
    assert Credential.objects.count() == 1
