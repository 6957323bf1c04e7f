"""What the public sees of a credential: found by its number with one indexed query, shown by a normal
template, cached by HTTP (an ETag for conditional GET, a short public max-age for a proxy in front).

Only public facts are shown: number, kind, holder name, subject, issuer, province, dates, status (with
the reason when revoked) and the signature. Never the holder's account, email or NIK.
"""

import hashlib

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from . import numbering
from .models import Credential

PAGE_TEMPLATE = "credentials/verify_detail.html"


def _by_lookup(compact):
    """The credential with this compact number: one query on the unique `lookup` index."""
    try:
        return Credential.objects.select_related("province").exclude(number="").get(lookup=compact)
    except Credential.DoesNotExist:
        return None


def find(text):
    """(credential or None, problem or None) for a number as someone typed it.

    A number that passes the check character is looked up. One that does not is still looked up as
    typed, so that numbers imported from before the portal (without our check character) are found;
    only when nothing has that number is it called mistyped (or not a number at all)."""
    try:
        compact = numbering.parse(text)
    except numbering.MistypedNumber:
        problem = "mistyped"
    except numbering.InvalidNumber:
        problem = "invalid"
    else:
        found = _by_lookup(compact)
        return found, None if found is not None else "not_found"
    compact = numbering.normalise(text)
    if 6 <= len(compact) <= 40:
        found = _by_lookup(compact)
        if found is not None:
            return found, None
    return None, problem


def etag(credential, *parts):
    """A strong validator of what the public sees of `credential` today: its status and last change,
    the status it shows today (a date can expire it) and the date printed on the page, plus `parts`
    (the language, who is asking)."""
    facts = [
        credential.pk, credential.status, credential.updated_at.isoformat(), credential.effective_status,
        timezone.localdate().isoformat(), *parts,
    ]
    return hashlib.sha256("|".join(map(str, facts)).encode()).hexdigest()[:32]


def as_json(credential):
    """The API representation: the public facts and the status the public should act on."""
    status = credential.effective_status
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
        "status": status,
        "status_label": str(credential.effective_status_label),
        "status_reason": credential.status_reason if status == Credential.Status.REVOKED else "",
        "verification_url": settings.SITE_URL + reverse("credentials:verify", args=[credential.number]),
        "signature": {"algorithm": "Ed25519", "key_id": credential.key_id, "value": credential.signature},
    }
