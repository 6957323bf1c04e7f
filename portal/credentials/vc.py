"""Credentials a machine can check: W3C Verifiable Credentials 2.0 / Open Badges 3.0, secured as VC-JOSE
(a compact JWS, `typ: vc+jwt`, signed EdDSA with the credential signing keys of `signing.py`), and their
revocation and suspension by Bitstring Status List v1.0. See docs/credentials.md, "Verifiable credentials".

- `credential_document(credential)`: the unsecured `OpenBadgeCredential` (contexts VC 2.0 first, then
  Open Badges 3.0; issuer a resolvable URL whose profile lists the public keys; the holder's name as an
  `IdentityObject`, never the NIK or the account; the credential's number as the licence number; validFrom /
  validUntil; a revocation and a suspension `BitstringStatusListEntry`).
- `ensure_vc(credential)`: signed once, with the key active then, and stored (`Credential.vc_jwt`): a key
  rotated out later keeps verifying through the issuer's profile, which lists retired public keys too.
  Re-signed only when the holder changed (`reissue`: an imported profile claimed by its person), so that
  the VC's identity hash names the holder it is served for.
- Status lists: one pair (revocation, suspension) per block of `LIST_SIZE` credentials, the credential's index
  being its primary key within the block (no allocation to race on). `rebuild_status_list` writes the signed
  list under the row's lock, in one UPDATE: a reader gets the previous signed list until it commits.
  No JSON-LD processing happens here or at run time: the contexts are named, never fetched.
"""

import base64
import binascii
import gzip
import hashlib
import hmac
import json
from datetime import datetime, time, timedelta

import jwt
from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from portal.audit.services import record

from . import signing
from .models import Credential, CredentialStatus, StatusList

VC_CONTEXT = "https://www.w3.org/ns/credentials/v2"
OB_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
#: Bitstring Status List v1.0: at least 131,072 entries (16 KB) per list, for group privacy.
LIST_SIZE = 131072
PURPOSES = ("revocation", "suspension")
MEDIA_TYPE = "application/vc+jwt"
ISSUERS = {
    Credential.Kind.WORKER_CERTIFICATE: "lsp",
    Credential.Kind.LKS_ACCREDITATION: "balks",
}

#: The issuers' names on their profiles (each credential carries the issuer's name as issued).
ISSUER_NAMES = {
    Credential.Kind.WORKER_CERTIFICATE: "LSP Kemensos",
    Credential.Kind.LKS_ACCREDITATION: "BALKS Kementerian Sosial RI",
}


def absolute(path):
    return settings.SITE_URL + path


_urls = {}


def _cached_url(*key):
    """The issuer and status-list URLs, reversed once per site address (an import signs 100,000 VCs, each
    naming them eight times)."""
    full = (settings.SITE_URL, *key)
    if full not in _urls:
        name, *args = key
        _urls[full] = absolute(reverse(name, args=args))
    return _urls[full]


def issuer_id(kind):
    return _cached_url("credentials:issuer", ISSUERS[Credential.Kind(kind)])


def issuer_kind(slug):
    return next((kind for kind, name in ISSUERS.items() if name == slug), None)


def position(credential):
    """(list number, index in the list) of a credential: its primary key in blocks of LIST_SIZE."""
    return credential.pk // LIST_SIZE, credential.pk % LIST_SIZE


def status_list_url(kind, purpose, number):
    return _cached_url("credentials:status_list", ISSUERS[Credential.Kind(kind)], purpose, number)


def _instant(day):
    """The start of `day` where the certificate is issued (TIME_ZONE, Asia/Jakarta): a certificate dated
    1 March is valid from midnight of 1 March in Jakarta."""
    return datetime.combine(day, time.min, tzinfo=timezone.get_default_timezone())


def _stamp(moment):
    """An XML Schema dateTimeStamp with the offset, e.g. 2026-03-01T00:00:00+07:00."""
    return moment.replace(microsecond=0).isoformat()


def identity_hash(credential, secret=None):
    """A salted hash naming the holder without naming them (OB 3.0 `identityHash`, "sha256$<hex>"): the
    same holder gets the same value on every credential of this portal, and nobody can reverse it to the NIK.
    It names the holder's account (the name for a credential without one, an LKS's): a credential that
    changes hands (`reissue`) is signed again."""
    holder = f"account:{credential.holder_id}" if credential.holder_id else f"name:{credential.holder_name}"
    salt = (secret or settings.SECRET_KEY).encode()
    return "sha256$" + hmac.new(salt, holder.encode(), hashlib.sha256).hexdigest()


def names_its_holder(credential, token):
    """Whether a signed VC names the credential's holder now. A hash made with a secret key since rotated out
    (`SECRET_KEY_FALLBACKS`) still counts: rotating the secret key re-signs nothing."""
    stored = stored_identity_hash(token)
    secrets = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    return stored is not None and any(stored == identity_hash(credential, secret) for secret in secrets)


def credential_document(credential):
    kind = Credential.Kind(credential.kind)
    number, index = position(credential)
    achievement_type = "Certificate" if kind == Credential.Kind.WORKER_CERTIFICATE else "License"
    valid_until = _instant(credential.valid_until + timedelta(days=1)) - timedelta(seconds=1)
    return {
        "@context": [VC_CONTEXT, OB_CONTEXT],
        "id": absolute(credential.get_absolute_url()),
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": credential.subject,
        "issuer": {"id": issuer_id(kind), "type": ["Profile"], "name": credential.issuer},
        "validFrom": _stamp(_instant(credential.issued_on)),
        "validUntil": _stamp(valid_until),
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "identifier": [
                {"type": "IdentityObject", "identityType": "name", "hashed": False, "identityHash": credential.holder_name},
                {"type": "IdentityObject", "identityType": "identifier", "hashed": True,
                 "identityHash": identity_hash(credential)},
            ],
            "licenseNumber": credential.number,
            "achievement": {
                "id": issuer_id(kind) + f"#achievement-{credential.subject_code or 'x'}",
                "type": ["Achievement"],
                "achievementType": achievement_type,
                "name": credential.subject,
                **({"description": credential.subject_en} if credential.subject_en else {}),
                "criteria": {"narrative": credential.subject},
            },
        },
        "credentialStatus": [
            {
                "id": f"{status_list_url(kind, purpose, number)}#{index}",
                "type": "BitstringStatusListEntry",
                "statusPurpose": purpose,
                "statusListIndex": str(index),
                "statusListCredential": status_list_url(kind, purpose, number),
            }
            for purpose in PURPOSES
        ],
    }


def _sign(claims, kind):
    active, _keys = signing.keyring()
    headers = {"kid": f"{issuer_id(kind)}#{active.kid}", "typ": "vc+jwt", "cty": "vc"}
    return jwt.encode(claims, active.private, algorithm="EdDSA", headers=headers)


def secure(document, kind, *, not_before, expires=None):
    """The document as a VC-JOSE JWT: the credential is the claims set; `iss`, `jti`, `nbf`, `exp`, `iat`
    repeat its issuer, id and validity so that any JOSE library checks the dates too."""
    claims = {
        **document,
        "iss": document["issuer"]["id"] if isinstance(document["issuer"], dict) else document["issuer"],
        "jti": document["id"],
        "iat": int(timezone.now().timestamp()),
        "nbf": int(not_before.timestamp()),
    }
    if expires is not None:
        claims["exp"] = int(expires.timestamp())
    return _sign(claims, kind)


def signed_vc(credential):
    """The credential's VC signed now with the active key (the credential needs its primary key: its place
    in the status lists). `ensure_vc` stores it; the register import signs in bulk with this."""
    return secure(
        credential_document(credential), credential.kind, not_before=_instant(credential.issued_on),
        expires=_instant(credential.valid_until + timedelta(days=1)),
    )


def stored_identity_hash(token):
    """The holder's identity hash a stored token carries (read, not verified: we signed it), or None."""
    try:
        payload = token.split(".")[1]
        claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
        identifiers = claims["credentialSubject"]["identifier"]
        return next(i["identityHash"] for i in identifiers if i.get("identityType") == "identifier")
    except (IndexError, KeyError, TypeError, StopIteration, ValueError, binascii.Error):
        return None


def ensure_vc(credential):
    """The credential's signed VC, made once and kept (re-signing would move it to the active key), unless
    its holder changed since it was signed: then it is re-issued for the holder it has now (`reissue`)."""
    if credential.vc_jwt:
        if names_its_holder(credential, credential.vc_jwt):
            return credential.vc_jwt
        return reissue(credential, reason="holder_changed")
    token = signed_vc(credential)
    Credential.objects.filter(pk=credential.pk, vc_jwt="").update(vc_jwt=token)
    credential.refresh_from_db(fields=["vc_jwt"])
    return credential.vc_jwt


def reissue(credential, *, actor=None, reason, request=None):
    """Sign the credential's VC again for the holder it has now (an imported profile claimed by its person:
    the VC signed at the import named the placeholder account). The same credential: same id and number,
    same status-list entries, same validFrom / validUntil; a new `iat`, the active key, and the identity
    hash of the holder now. The new token replaces the stored one, which is the only one served from then
    on. Audited (`credential.vc_reissue`). Does nothing when the stored VC already names the holder.
    Returns the token."""
    with transaction.atomic():
        locked = Credential.objects.select_for_update().get(pk=credential.pk)
        current = identity_hash(locked)
        previous = stored_identity_hash(locked.vc_jwt) if locked.vc_jwt else None
        if locked.vc_jwt and names_its_holder(locked, locked.vc_jwt):
            token = locked.vc_jwt
        else:
            token = signed_vc(locked)
            Credential.objects.filter(pk=locked.pk).update(vc_jwt=token, updated_at=timezone.now())
            active, _keys = signing.keyring()
            record(actor, "credential.vc_reissue", locked, before={"identity_hash": previous},
                   after={"identity_hash": current, "key_id": active.kid, "reason": reason}, request=request)
    credential.vc_jwt = token
    return token


# ---- status lists ----------------------------------------------------------------------------------
BIT_STATUS = {"revocation": CredentialStatus.REVOKED, "suspension": CredentialStatus.SUSPENDED}


def encode_bits(indexes, size=LIST_SIZE):
    """The Bitstring Status List encoding: bit i set for each index (index 0 the most significant bit of the
    first byte), GZIP-compressed, base64url without padding, multibase prefix "u"."""
    bits = bytearray(size // 8)
    for index in indexes:
        bits[index // 8] |= 0x80 >> (index % 8)
    compressed = gzip.compress(bytes(bits), mtime=0)
    return "u" + base64.urlsafe_b64encode(compressed).rstrip(b"=").decode()


def decode_bits(encoded):
    raw = encoded[1:] if encoded.startswith("u") else encoded
    return gzip.decompress(base64.urlsafe_b64decode(raw + "=" * (-len(raw) % 4)))


def status_list_document(kind, purpose, number, encoded):
    url = status_list_url(kind, purpose, number)
    return {
        "@context": [VC_CONTEXT],
        "id": url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": issuer_id(kind),
        "validFrom": _stamp(timezone.localtime()),
        "credentialSubject": {"id": f"{url}#list", "type": "BitstringStatusList", "statusPurpose": purpose,
                              "encodedList": encoded},
    }


def rebuild_status_list(kind, purpose, number):
    """Build and sign one list from the credentials' statuses now; returns the StatusList. Under the row's
    lock, so two rebuilds run one after the other and the later one reads the later statuses."""
    kind = Credential.Kind(kind)
    with transaction.atomic():
        row, _created = StatusList.objects.get_or_create(kind=kind, purpose=purpose, number=number)
        row = StatusList.objects.select_for_update().get(pk=row.pk)
        start = number * LIST_SIZE
        indexes = (
            Credential.objects.filter(kind=kind, pk__gte=start, pk__lt=start + LIST_SIZE, status=BIT_STATUS[purpose])
            .values_list("pk", flat=True)
        )
        encoded = encode_bits(pk - start for pk in indexes)
        document = status_list_document(kind, purpose, number, encoded)
        row.jwt = secure(document, kind, not_before=timezone.now())
        row.built_at = timezone.now()
        row.save(update_fields=["jwt", "built_at"])
    return row


def status_list_token(kind, purpose, number):
    """The signed list to serve: the stored one, or built now the first time it is asked for."""
    row = StatusList.objects.filter(kind=kind, purpose=purpose, number=number).exclude(jwt="").first()
    return row if row is not None else rebuild_status_list(kind, purpose, number)


def rebuild_for(credential):
    """After a status change: both lists of the credential's block (a suspension lifted clears one bit,
    a revocation after a suspension moves it)."""
    number, _index = position(credential)
    for purpose in PURPOSES:
        rebuild_status_list(credential.kind, purpose, number)


def rebuild_stale_lists():
    """The sweep (beat): rebuild every stored list that a credential changed after (a lost task, a broker
    outage). Returns how many were rebuilt."""
    rebuilt = 0
    for row in StatusList.objects.all():
        start = row.number * LIST_SIZE
        if Credential.objects.filter(
            kind=row.kind, pk__gte=start, pk__lt=start + LIST_SIZE, updated_at__gt=row.built_at
        ).exists():
            rebuild_status_list(row.kind, row.purpose, row.number)
            rebuilt += 1
    return rebuilt
