"""What the public sees of a credential, cached per number and invalidated the moment it changes.

Only public facts are cached or shown: number, kind, holder name, subject, issuer, province, dates,
status (with the reason when revoked) and the signature. Never the holder's account, email or NIK.
"""

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from .models import Credential
from .workflows import STATUS_TONE

CACHE_PREFIX = "credentials:public:v1:"
_MISSING = {"missing": True}


def cache_key(lookup):
    return CACHE_PREFIX + lookup


def public_facts(credential):
    """A JSON-ready dict of the credential's public facts (what is cached)."""
    return {
        "number": credential.number,
        "kind": credential.kind,
        "holder_name": credential.holder_name,
        "subject": credential.subject,
        "subject_en": credential.subject_en,
        "issuer": credential.issuer,
        "province": credential.province.name if credential.province_id else "",
        "issued_on": credential.issued_on.isoformat(),
        "valid_until": credential.valid_until.isoformat(),
        "status": credential.status,
        "status_reason": credential.status_reason if credential.status == Credential.Status.REVOKED else "",
        "key_id": credential.key_id,
        "signature": credential.signature,
    }


_FIELDS = (
    "number", "kind", "holder_name", "subject", "subject_en", "issuer", "province__name", "issued_on", "valid_until",
    "status", "status_reason", "key_id", "signature",
)


def _fetch(compact):
    """The public facts straight from one indexed row (no model instances: this is the hot path)."""
    row = Credential.objects.public().filter(lookup=compact).values_list(*_FIELDS).first()
    if row is None:
        return _MISSING
    data = dict(zip(_FIELDS, row))
    data["province"] = data.pop("province__name") or ""
    data["issued_on"] = data["issued_on"].isoformat()
    data["valid_until"] = data["valid_until"].isoformat()
    if data["status"] != Credential.Status.REVOKED:
        data["status_reason"] = ""
    return data


def lookup(compact):
    """The public facts of the credential with this compact number, or None (cached either way)."""
    key = cache_key(compact)
    data = cache.get(key)
    if data is None:
        data = _fetch(compact)
        cache.set(key, data, settings.CREDENTIAL_CACHE_SECONDS)
    return None if data.get("missing") else PublicCredential(data)


PAGE_PREFIX = "credentials:page:v1:"
PAGE_SECONDS = 300  # also bounds how long "status as of today" can lag behind midnight


def page_key(lookup, language):
    return f"{PAGE_PREFIX}{lookup}:{language}"


def cached_page(lookup, language):
    """(canonical number, rendered HTML) of the public page for anonymous visitors, or None."""
    return cache.get(page_key(lookup, language))


def store_page(lookup, language, number, html):
    cache.set(page_key(lookup, language), (number, html), PAGE_SECONDS)


def invalidate(credential_lookup):
    """Forget the cached facts and pages now and again after the transaction commits (so a reader
    between the change and the commit cannot put the old facts back for long)."""
    if not credential_lookup:
        return
    keys = [cache_key(credential_lookup), *(page_key(credential_lookup, code) for code, _name in settings.LANGUAGES)]
    cache.delete_many(keys)
    transaction.on_commit(lambda: cache.delete_many(keys))


@dataclass
class PublicCredential:
    data: dict

    def __getattr__(self, name):
        try:
            return self.data[name]
        except KeyError:
            raise AttributeError(name) from None

    @property
    def issued_on_date(self):
        return date.fromisoformat(self.data["issued_on"])

    @property
    def valid_until_date(self):
        return date.fromisoformat(self.data["valid_until"])

    @property
    def effective_status(self):
        status = self.data["status"]
        if status == Credential.Status.VALID and self.valid_until_date < timezone.localdate():
            return Credential.Status.EXPIRED
        return status

    @property
    def status_label(self):
        return Credential.Status(self.effective_status).label

    @property
    def tone(self):
        return STATUS_TONE[self.effective_status]

    @property
    def is_valid(self):
        return self.effective_status == Credential.Status.VALID

    @property
    def kind_label(self):
        return Credential.Kind(self.data["kind"]).label

    def as_json(self, request=None):
        """The API representation (the facts plus the status the public should act on)."""
        from django.urls import reverse

        out = {key: self.data[key] for key in (
            "number", "kind", "holder_name", "subject", "subject_en", "issuer", "province", "issued_on", "valid_until",
        )}
        out["status"] = self.effective_status
        out["status_label"] = str(self.status_label)
        out["status_reason"] = self.data["status_reason"] if self.effective_status == Credential.Status.REVOKED else ""
        out["verification_url"] = settings.SITE_URL + reverse("credentials:verify", args=[self.data["number"]])
        out["signature"] = {"algorithm": "Ed25519", "key_id": self.data["key_id"], "value": self.data["signature"]}
        return out
