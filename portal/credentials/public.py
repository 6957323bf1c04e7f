"""What the public sees of a credential, cached per number and invalidated the moment it changes.

Only public facts are cached or shown: number, kind, holder name, subject, issuer, province, dates,
status (with the reason when revoked) and the signature. Never the holder's account, email or NIK.
"""

import copy
import functools
import re
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language, override

from portal.core.skeleton import Skeletons, marker

from .models import Credential
from .workflows import STATUS_TONE

CACHE_PREFIX = "credentials:public:v1:"
DATE_FORMAT = "j F Y"
PAGE_TEMPLATE = "credentials/verify_detail.html"
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
    "number", "kind", "holder_name", "subject", "subject_en", "issuer", "issued_on", "valid_until", "status",
    "status_reason", "key_id", "signature",
)
#: the order of the facts in a cached value (a tuple: a third smaller in Redis than the dict)
FACT_KEYS = (*_FIELDS, "province")


@functools.cache
def _select_sql():
    """The public facts of credentials and their province's name, in plain SQL (the hot path builds no
    query); the caller adds the WHERE clause. Columns: the facts in FACT_KEYS order, then lookup, id."""
    from portal.regions.models import Province

    quote = connection.ops.quote_name
    meta = Credential._meta
    columns = ", ".join(f"c.{quote(meta.get_field(name).column)}" for name in _FIELDS)
    return (
        f"SELECT {columns}, p.{quote(Province._meta.get_field('name').column)}, "
        f"c.{quote(meta.get_field('lookup').column)}, c.{quote(meta.pk.column)} "
        f"FROM {quote(meta.db_table)} c LEFT JOIN {quote(Province._meta.db_table)} p "
        f"ON p.{quote(Province._meta.pk.column)} = c.{quote(meta.get_field('province').column)} "
        f"WHERE c.{quote(meta.get_field('number').column)} <> '' AND "
    )


def _facts_of(row):
    data = dict(zip(FACT_KEYS, row))
    data["province"] = data["province"] or ""
    data["issued_on"] = data["issued_on"].isoformat()
    data["valid_until"] = data["valid_until"].isoformat()
    if data["status"] != Credential.Status.REVOKED:
        data["status_reason"] = ""
    return data


def _fetch(compact):
    """The public facts straight from the database (what `public_facts` says of the model)."""
    with connection.cursor() as cursor:
        cursor.execute(_select_sql() + "c.lookup = %s", [compact])
        row = cursor.fetchone()
    return _MISSING if row is None else _facts_of(row)


def _pack(facts):
    return () if facts.get("missing") else tuple(facts[key] for key in FACT_KEYS)


def read_keys(compact):
    """What `lookup` reads from the cache for this number: its facts and the change epoch (the views
    read them early, with the rate limit, in one round trip)."""
    return [cache_key(compact), EPOCH_KEY]


def lookup(compact, known=None):
    """The public facts of the credential with this compact number, or None (cached either way).
    `known` holds cache entries already read in this request ({key: value or None}, see
    `portal.core.ratelimit`): what it holds is not read again, and a miss fetched here is put in it (a
    second lookup in the same request, the view's after the first middleware's, reads nothing).

    A miss is read from PostgreSQL and cached; if the epoch moved meanwhile (a change committed between
    the read and the write may have dropped the key before the write), the entry is dropped again."""
    key = cache_key(compact)
    known = known or {}
    if key in known and EPOCH_KEY in known:
        value, epoch = known[key], known[EPOCH_KEY]
    else:
        found = cache.get_many([key, EPOCH_KEY])
        value, epoch = found.get(key), found.get(EPOCH_KEY)
    if value is None:
        value = _pack(_fetch(compact))
        cache.set(key, value, settings.CREDENTIAL_CACHE_SECONDS)
        if cache.get(EPOCH_KEY) != epoch:
            cache.delete(key)
        if key in known:
            known[key] = value
    return PublicCredential(dict(zip(FACT_KEYS, value))) if value else None


# Every change moves the epoch, then drops the key. `warm` compares the epoch before its read and after
# its write, so what it wrote cannot outlive a change it raced with.
EPOCH_KEY = CACHE_PREFIX + "epoch"


def _bump_epoch():
    try:
        cache.incr(EPOCH_KEY)
    except ValueError:  # no epoch yet (or evicted)
        if not cache.add(EPOCH_KEY, 1, timeout=None):
            cache.incr(EPOCH_KEY)


def _forget(key):
    _bump_epoch()
    cache.delete(key)


def invalidate(credential_lookup):
    """Forget the cached facts now and again after the transaction commits (so a reader between the
    change and the commit cannot put the old facts back for long)."""
    if not credential_lookup:
        return
    key = cache_key(credential_lookup)
    _forget(key)
    transaction.on_commit(lambda: _forget(key))


def warm(batch_size=1000):
    """Put every credential's public facts in the cache (for CREDENTIAL_WARM_SECONDS), so that a
    verification is one Redis round trip whatever number is asked: the register is small enough to
    live in Redis (about 0.4 KB a credential). Run daily by Celery beat and after bulk imports
    (`manage.py warm_verification_cache`). Returns how many credentials were cached."""
    last_id, done = 0, 0
    while True:
        epoch = cache.get(EPOCH_KEY)
        with connection.cursor() as cursor:
            cursor.execute(_select_sql() + "c.id > %s ORDER BY c.id LIMIT %s", [last_id, batch_size])
            rows = cursor.fetchall()
        if not rows:
            return done
        entries = {cache_key(row[-2]): _pack(_facts_of(row)) for row in rows}
        cache.set_many(entries, settings.CREDENTIAL_WARM_SECONDS)
        if cache.get(EPOCH_KEY) != epoch:  # a credential changed meanwhile: readers fill these afresh
            cache.delete_many(list(entries))
        last_id, done = rows[-1][-1], done + len(rows)


def effective_status(data, today):
    """The status the public should act on: a valid credential past its date is expired, whether or not
    the daily task has marked it yet (`today` and the dates as ISO text, which compare as dates)."""
    status = data["status"]
    if status == Credential.Status.VALID and data["valid_until"] < today:
        return Credential.Status.EXPIRED
    return status


@dataclass
class PublicCredential:
    data: dict

    def __getattr__(self, name):
        try:
            return self.data[name]
        except KeyError:
            raise AttributeError(name) from None

    @property
    def effective_status(self):
        return effective_status(self.data, timezone.localdate().isoformat())

    @property
    def issued_on_display(self):
        return display_date(self.data["issued_on"], get_language())

    @property
    def valid_until_display(self):
        return display_date(self.data["valid_until"], get_language())

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
        out = {key: self.data[key] for key in (
            "number", "kind", "holder_name", "subject", "subject_en", "issuer", "province", "issued_on", "valid_until",
        )}
        out["status"] = self.effective_status
        out["status_label"] = str(self.status_label)
        out["status_reason"] = self.data["status_reason"] if self.effective_status == Credential.Status.REVOKED else ""
        out["verification_url"] = settings.SITE_URL + reverse("credentials:verify", args=[self.data["number"]])
        out["signature"] = {"algorithm": "Ed25519", "key_id": self.data["key_id"], "value": self.data["signature"]}
        return out


@functools.lru_cache(maxsize=8192)
def display_date(iso, language):
    """'2026-03-01' as the page writes it in `language` ('1 Maret 2026'); remembered, as dates repeat."""
    with override(language):
        return date_format(date.fromisoformat(iso), DATE_FORMAT)


# ---- the page ------------------------------------------------------------------------------------
def page_context(credential, signature_check=None, status_date=None):
    return {
        "credential": credential,
        "signature_check": signature_check,
        "status_date": status_date or display_date(timezone.localdate().isoformat(), get_language()),
    }


# Shown as text on the page; the rest of what the page shows follows from the shape.
VALUE_FIELDS = ("number", "holder_name", "subject", "subject_en", "issuer", "province", "status_reason")
_PLAIN_NUMBER = re.compile(r"[A-Za-z0-9/-]+")  # the same text in HTML, in a URL path and in ?next=
_skeletons = Skeletons()


@dataclass
class _Marked(PublicCredential):
    """A credential as its page's skeleton sees it: the same shape, markers for the values."""

    issued_on_display = marker("issued_on")
    valid_until_display = marker("valid_until")


def _visitor_shape(credential):
    """(shape, values) of `credential`'s page for an anonymous visitor without query parameters in the
    active language, or None when its number is not plain enough for a skeleton (some numbers imported
    from before the portal)."""
    if not _PLAIN_NUMBER.fullmatch(credential.number):
        return None
    data, language, today = credential.data, get_language(), timezone.localdate().isoformat()
    present = tuple(name for name in VALUE_FIELDS if data[name])
    shape = (language, data["kind"], effective_status(data, today), present)
    values = {name: data[name] for name in present}
    values.update(
        issued_on=display_date(data["issued_on"], language),
        valid_until=display_date(data["valid_until"], language),
        today=display_date(today, language),
    )
    return shape, values


def visitor_page(request, credential):
    """The HTML of `credential`'s page for an anonymous visitor without query parameters, filled into a
    skeleton of its shape (`portal.core.skeleton`); None when its number is not plain enough for that,
    so the caller renders it normally."""
    shaped = _visitor_shape(credential)
    if shaped is None:
        return None

    def render():
        shown = shaped[1]  # the values filled in: the optional fields present, and the dates
        marked = _Marked({**credential.data, **{name: marker(name) for name in VALUE_FIELDS if name in shown}})
        shadow = copy.copy(request)  # the same visitor at the marked number's address
        shadow.path = reverse("credentials:verify", args=[marker("number")])
        shadow.META = {**request.META, "QUERY_STRING": ""}
        return render_to_string(PAGE_TEMPLATE, page_context(marked, status_date=marker("today")), request=shadow)

    return _skeletons.fill(*shaped, render)


def visitor_answer(credential):
    """(shape, HTML) of what `visitor_page` gives, when its skeleton is already made (the first middleware
    answers with it, `portal.core.ratelimit.early`; a request there has no user to render a skeleton
    with); otherwise None."""
    shaped = _visitor_shape(credential)
    if shaped is None:
        return None
    html = _skeletons.fill(*shaped, None)
    return None if html is None else (shaped[0], html)
