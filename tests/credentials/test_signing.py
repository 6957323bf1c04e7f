"""Ed25519 signatures over a credential's public facts; key rotation; the published keys."""

import base64
import os
import subprocess
import sys
from datetime import date

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.conf import settings
from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from portal.credentials import signing
from portal.credentials.pdf import verification_url
from portal.credentials.services import verify_signature

FACTS = {
    "number": "PS-GEN-2026-000123-K",
    "holder_name": "Siti Rahmawati",
    "subject": "Pekerja Sosial Generalis",
    "issued_on": date(2026, 3, 1),
    "valid_until": date(2031, 2, 28),
}


def raw_key_b64():
    key = Ed25519PrivateKey.generate()
    return base64.b64encode(key.private_bytes_raw()).decode(), key


def public_b64(key):
    return base64.b64encode(key.public_key().public_bytes_raw()).decode()


def test_canonical_payload_is_plain_text_one_field_a_line():
    payload = signing.canonical_payload(**{**FACTS, "holder_name": "  Siti   Rahmawati "})
    assert payload == (
        b"LSPK-CREDENTIAL-1\nPS-GEN-2026-000123-K\nSiti Rahmawati\nPekerja Sosial Generalis\n2026-03-01\n2031-02-28"
    )


def test_a_signature_verifies():
    payload = signing.canonical_payload(**FACTS)
    kid, signature = signing.sign(payload)
    assert kid == signing.active_key().kid
    assert signing.verify(kid, payload, signature)


@hsettings(max_examples=60, deadline=None)
@given(field=st.sampled_from(sorted(FACTS)), data=st.data())
def test_a_signature_fails_after_any_field_is_altered(field, data):
    payload = signing.canonical_payload(**FACTS)
    kid, signature = signing.sign(payload)
    original = FACTS[field]
    if isinstance(original, date):
        altered = data.draw(st.dates().filter(lambda d: d != original))
    else:
        altered = data.draw(st.text(min_size=1, max_size=40).filter(lambda t: " ".join(t.split()) != original and " ".join(t.split())))
    assert not signing.verify(kid, signing.canonical_payload(**{**FACTS, field: altered}), signature)


def test_a_tampered_signature_or_unknown_key_fails():
    payload = signing.canonical_payload(**FACTS)
    kid, signature = signing.sign(payload)
    flipped = ("A" if signature[0] != "A" else "B") + signature[1:]
    assert not signing.verify(kid, payload, flipped)
    assert not signing.verify("no-such-key", payload, signature)
    assert not signing.verify(kid, payload, "not base64 !!")
    assert not signing.verify(kid, payload, "")


def test_the_development_key_is_derived_from_the_secret_key(settings):
    settings.CREDENTIAL_SIGNING_KEYS = {}
    first = signing.active_key()
    assert first.kid.startswith("dev-")
    assert signing.active_key().public_raw == first.public_raw  # the same on every call
    settings.SECRET_KEY = settings.SECRET_KEY + "-other"
    assert signing.active_key().public_raw != first.public_raw


def test_keys_from_settings_in_every_accepted_form(settings):
    raw, raw_key = raw_key_b64()
    pem_key = Ed25519PrivateKey.generate()
    pem = pem_key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    der_key = Ed25519PrivateKey.generate()
    der = der_key.private_bytes(serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    settings.CREDENTIAL_SIGNING_KEYS = {
        "raw": raw,
        "pem": base64.b64encode(pem).decode(),
        "der": base64.urlsafe_b64encode(der).decode().rstrip("="),
    }
    settings.CREDENTIAL_SIGNING_KEY_ID = "pem"
    assert signing.active_key().kid == "pem"
    assert signing.get_key("raw").public_raw == raw_key.public_key().public_bytes_raw()
    assert signing.get_key("pem").public_raw == pem_key.public_key().public_bytes_raw()
    assert signing.get_key("der").public_raw == der_key.public_key().public_bytes_raw()


@pytest.mark.django_db
def test_key_rotation_keeps_old_credentials_verifiable(settings, issue, client):
    old_raw, old_key = raw_key_b64()
    settings.CREDENTIAL_SIGNING_KEYS = {"2026a": old_raw}
    old = issue()
    assert old.key_id == "2026a"

    # Rotation: a new active key; the old private key is destroyed, its public half stays listed.
    new_raw, _ = raw_key_b64()
    settings.CREDENTIAL_SIGNING_KEYS = {"2027a": new_raw}
    settings.CREDENTIAL_RETIRED_PUBLIC_KEYS = {"2026a": public_b64(old_key)}
    new = issue()
    assert new.key_id == "2027a"
    assert verify_signature(old) and verify_signature(new)

    keys = client.get("/api/v1/keys/").json()["keys"]
    assert {(k["kid"], k["active"]) for k in keys} == {("2027a", True), ("2026a", False)}
    old_public = next(k for k in keys if k["kid"] == "2026a")["public_key"]
    assert signing.b64decode_any(old_public) == old_key.public_key().public_bytes_raw()

    # The QR link of the old certificate still says "authentic".
    response = client.get(verification_url(old).removeprefix(settings.SITE_URL))
    assert response.status_code == 200
    assert response.context["signature_check"]["authentic"] is True
    assert response.context["signature_check"]["matches"] is True

    # Without the old public key it could not be checked any more.
    settings.CREDENTIAL_RETIRED_PUBLIC_KEYS = {}
    assert not verify_signature(old)


def test_offline_verification_with_only_the_published_key_and_the_qr_link(db, issue, client):
    """What an offline verifier does: take the public key from /api/v1/keys/ once, then check a
    scanned QR link without asking the portal."""
    from urllib.parse import parse_qs, urlsplit

    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    credential = issue()
    keys = {k["kid"]: k["public_key"] for k in client.get("/api/v1/keys/").json()["keys"]}
    url = urlsplit(verification_url(credential))
    q = {k: v[0] for k, v in parse_qs(url.query).items()}
    number = url.path.rstrip("/").rsplit("/", 1)[1]
    payload = "\n".join(["LSPK-CREDENTIAL-1", number, q["h"], q["s"], q["i"], q["u"]]).encode()
    public = Ed25519PublicKey.from_public_bytes(signing.b64decode_any(keys[q["k"]]))
    public.verify(signing.b64decode_any(q["sig"]), payload)  # raises if not authentic
    assert number == credential.number and q["h"] == credential.holder_name


def test_production_refuses_to_start_without_a_signing_key():
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DJANGO_SETTINGS_MODULE": "portal.settings",
        "DJANGO_ENV": "production",
        "DJANGO_SECRET_KEY": "x7!kQ2#pL9$wR4^zT6&yU8*iO0(aS3)dF5_gH1+jK-lZ=xCvB7nM2qW4eR6tY8u",
        "DJANGO_ALLOWED_HOSTS": "portal.example.id",
        "CREDENTIAL_SIGNING_KEYS": "",
    }
    run = lambda extra: subprocess.run(  # noqa: E731
        [sys.executable, "manage.py", "check"], cwd=settings.BASE_DIR, env={**env, **extra},
        capture_output=True, text=True, timeout=120,
    )
    refused = run({})
    assert refused.returncode != 0
    assert "CREDENTIAL_SIGNING_KEYS must be set when DJANGO_ENV=production" in refused.stderr
    raw, _ = raw_key_b64()
    assert run({"CREDENTIAL_SIGNING_KEYS": f"2026a:{raw}"}).returncode == 0
    wrong_active = run({"CREDENTIAL_SIGNING_KEYS": f"2026a:{raw}", "CREDENTIAL_SIGNING_KEY_ID": "2025z"})
    assert "CREDENTIAL_SIGNING_KEY_ID must name one of CREDENTIAL_SIGNING_KEYS" in wrong_active.stderr


def test_the_development_key_is_refused_in_production(settings):
    settings.CREDENTIAL_SIGNING_KEYS = {}
    settings.PRODUCTION = True
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured):
        signing.active_key()
