"""Ed25519 signatures over a credential's public facts, for the QR code on the printed certificate.

The signed payload is plain UTF-8 text, one field a line (`canonical_payload`):

    LSPK-CREDENTIAL-1
    PS-GEN-2026-000123-K
    Siti Rahmawati
    Pekerja Sosial Generalis
    2026-03-01
    2031-02-28

(number, holder name, subject, issued on, valid until; text fields NFC-normalised with runs of
white space collapsed to one space). The QR code carries the verification URL with these fields, the
key id and the signature (base64url, no padding), so a verifier can check a printed certificate
offline against the public keys the portal publishes at `/api/v1/keys/`.

Keys come from settings (`CREDENTIAL_SIGNING_KEYS`, `CREDENTIAL_SIGNING_KEY_ID`,
`CREDENTIAL_RETIRED_PUBLIC_KEYS`). Every credential stores the id of the key that signed it, so
rotating keys keeps old certificates verifiable as long as the old public key stays listed.
"""

import base64
import binascii
import hashlib
import hmac
import unicodedata
from dataclasses import dataclass
from datetime import date

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

PAYLOAD_VERSION = "LSPK-CREDENTIAL-1"
ALGORITHM = "Ed25519"


@dataclass(frozen=True)
class Key:
    kid: str
    public: Ed25519PublicKey
    private: Ed25519PrivateKey | None = None

    @property
    def public_raw(self):
        return self.public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)

    @property
    def public_pem(self):
        return self.public.public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        ).decode()


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def b64decode_any(text):
    """Standard or URL-safe base64, padding optional."""
    text = "".join(str(text).split())
    text += "=" * (-len(text) % 4)
    return base64.b64decode(text.replace("-", "+").replace("_", "/"), validate=True)


def load_private_key(value):
    """A private key from settings: base64 of the 32 raw bytes, or of a PKCS#8 PEM or DER file,
    or the PEM text itself."""
    try:
        if isinstance(value, Ed25519PrivateKey):
            return value
        text = value.strip() if isinstance(value, str) else value
        if isinstance(text, str) and text.startswith("-----BEGIN"):
            key = serialization.load_pem_private_key(text.encode(), password=None)
        else:
            raw = b64decode_any(text)
            if len(raw) == 32:
                key = Ed25519PrivateKey.from_private_bytes(raw)
            elif raw.startswith(b"-----BEGIN"):
                key = serialization.load_pem_private_key(raw, password=None)
            else:
                key = serialization.load_der_private_key(raw, password=None)
    except (ValueError, TypeError, binascii.Error) as exc:
        raise ImproperlyConfigured(f"A credential signing key cannot be read: {exc}") from None
    if not isinstance(key, Ed25519PrivateKey):
        raise ImproperlyConfigured("Credential signing keys must be Ed25519 keys.")
    return key


def load_public_key(value):
    try:
        raw = b64decode_any(value)
        if len(raw) == 32:
            return Ed25519PublicKey.from_public_bytes(raw)
        key = (serialization.load_pem_public_key if raw.startswith(b"-----BEGIN") else serialization.load_der_public_key)(raw)
    except (ValueError, TypeError, binascii.Error) as exc:
        raise ImproperlyConfigured(f"A retired credential public key cannot be read: {exc}") from None
    if not isinstance(key, Ed25519PublicKey):
        raise ImproperlyConfigured("Credential public keys must be Ed25519 keys.")
    return key


def development_key():
    """A key derived from SECRET_KEY, so a development install signs the same way on every start.
    Never in production: the settings refuse to start there without CREDENTIAL_SIGNING_KEYS."""
    if getattr(settings, "PRODUCTION", False):
        raise ImproperlyConfigured("CREDENTIAL_SIGNING_KEYS must be set when DJANGO_ENV=production.")
    seed = hmac.new(settings.SECRET_KEY.encode(), b"portal.credentials.signing-key", hashlib.sha256).digest()
    private = Ed25519PrivateKey.from_private_bytes(seed)
    public = private.public_key()
    raw = public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return Key(kid=f"dev-{hashlib.sha256(raw).hexdigest()[:8]}", public=public, private=private)


_cache = {}


def _config():
    return (
        tuple(settings.CREDENTIAL_SIGNING_KEYS.items()),
        settings.CREDENTIAL_SIGNING_KEY_ID,
        tuple(settings.CREDENTIAL_RETIRED_PUBLIC_KEYS.items()),
        settings.SECRET_KEY,
        getattr(settings, "PRODUCTION", False),
    )


def keyring():
    """(active key, {key id: Key}) from settings; parsed once per configuration."""
    config = _config()
    if config not in _cache:
        signing, active_id, retired, _secret, _production = config
        keys = {}
        for kid, value in signing:
            private = load_private_key(value)
            keys[kid] = Key(kid=kid, public=private.public_key(), private=private)
        if keys:
            active = keys[active_id or signing[-1][0]]
        else:
            active = development_key()
            keys[active.kid] = active
        for kid, value in retired:
            keys.setdefault(kid, Key(kid=kid, public=load_public_key(value)))
        _cache.clear()
        _cache[config] = (active, keys)
    return _cache[config]


def active_key():
    return keyring()[0]


def get_key(kid):
    return keyring()[1].get(kid)


def _text(value):
    return " ".join(unicodedata.normalize("NFC", str(value or "")).split())


def _date(value):
    return value.isoformat() if isinstance(value, date) else _text(value)


def canonical_payload(*, number, holder_name, subject, issued_on, valid_until):
    lines = [PAYLOAD_VERSION, _text(number), _text(holder_name), _text(subject), _date(issued_on), _date(valid_until)]
    return "\n".join(lines).encode("utf-8")


def payload_of(credential):
    return canonical_payload(
        number=credential.number,
        holder_name=credential.holder_name,
        subject=credential.subject,
        issued_on=credential.issued_on,
        valid_until=credential.valid_until,
    )


def sign(payload, key=None):
    """(key id, base64url signature) of the payload with the active key (or `key`)."""
    key = key or active_key()
    if key.private is None:
        raise ImproperlyConfigured(f"Key {key.kid} has no private half; it can only verify.")
    return key.kid, b64url(key.private.sign(payload))


def verify(kid, payload, signature):
    """True when `signature` (base64url) is a valid signature of `payload` by key `kid`."""
    key = get_key(kid or "")
    if key is None:
        return False
    try:
        key.public.verify(b64decode_any(signature), payload)
    except (InvalidSignature, ValueError, binascii.Error):
        return False
    return True


def public_keys():
    """What the portal publishes at /api/v1/keys/."""
    active, keys = keyring()
    return [
        {
            "kid": key.kid,
            "algorithm": ALGORITHM,
            "public_key": b64url(key.public_raw),
            "public_key_pem": key.public_pem,
            "active": key.kid == active.kid,
        }
        for key in keys.values()
    ]
