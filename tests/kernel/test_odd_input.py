"""No input answers 500 (issue 13, item 4).

Every role walks the site from its start pages, following the links, redirects and forms it finds
(a check against the URL patterns says what the walk did not reach). Then every page is asked with
odd query parameters, every search form and every posted form gets odd values, one field at a time
and all at once: NUL bytes, digits `str.isdigit()` accepts but `int()` does not, 5,000-digit and
beyond-bigint numbers. Finally hypothesis mixes odd values over random fields of random forms.
Every request runs in a savepoint that is rolled back, so the world stays as it was built."""

import re
import time
import traceback
from collections import Counter
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urlencode, urljoin, urlsplit

import pytest
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.exceptions import Resolver404
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .odd_world import build

pytestmark = pytest.mark.django_db

ODD = {
    "nul": "abc\x00def",
    "nul only": "\x00",
    "superscript two": "²",
    "circled one": "①",
    "digit then superscript": "1²",
    "5000 digits": "9" * 5000,
    "beyond bigint": "99999999999999999999999",
    "bigint max + 1": str(2**63),
    "negative": "-1",
    "zero": "0",
    "exponent": "1e999",
    "arabic-indic digits": "٣٢",
    "long text": "ab " * 20000,
}
#: What every field of a form gets at once, and the pages' query parameters. (A NUL byte in a query
#: string never reaches a view: RejectNullCharactersMiddleware answers 400, see test_null_bytes.py;
#: a search form's fields still get one, each alone, so a search without the middleware is tried too.)
ALL_AT_ONCE = {"post": ("nul", "superscript two", "5000 digits"), "get": ("superscript two", "5000 digits", "beyond bigint")}
MAX_FIELDS_ALONE = 10
PAGE_ODD = ("superscript two", "beyond bigint")  # the query parameters of pages without a form
#: What each field gets alone, the others keeping the page's values (so the value reaches the
#: service and the database: a NUL in a text, a number beyond bigint; in a search, the digits a
#: search term may be read as an id from).
ONE_FIELD_ODD = {"post": ("nul", "beyond bigint"), "get": ("nul", "superscript two", "5000 digits", "beyond bigint")}
#: The parameters given to every page.
QUERY_PARAMS = ("q", "page", "at", "kind", "move", "show", "status", "after", "before", "inline", "code", "sort",
                "province", "nik", "round", "next", "service", "full", "number")
odd_values = st.one_of(st.sampled_from(list(ODD.values())), st.text(max_size=30), st.integers().map(str))

ROLES = ["anonymous", "applicant", "lks_operator", "assessor", "secretariat", "lsp_admin", "balks_admin", "dpo"]
START = ["/", "/register/", "/verify/", "/lks/accredited/", "/rounds/", "/notifications/", "/documents/",
         "/accounts/preferences/"]
# Not ours, or not walkable: allauth's pages, the Django admin; binary downloads take no input.
SKIP_PREFIXES = ("/accounts/login", "/accounts/logout", "/accounts/signup", "/accounts/password", "/accounts/email",
                 "/accounts/2fa", "/accounts/confirm", "/accounts/reauthenticate", "/accounts/3rdparty",
                 "/accounts/inactive", "/admin/", "/static/")
SKIP_SUFFIXES = (".pdf", "/pdf/", ".ics", ".csv")
#: The URL names the walk does not reach, and why. A new page must be reached or named here.
UNREACHED = {
    "healthz": "a probe, no input", "readyz": "a probe, no input",
    "accreditation:certificate_pdf": "a download", "accreditation:visitation_ics": "a download",
    "credentials:download": "a download", "privacy:export_pdf": "a download", "exams:calendar": "a download", "exams:card": "a download",
    "registry:worker_export": "a download (the search form's parameters, walked on the search page)",
    "credentials:batch": "an issuance batch: after a plenary", "credentials:batch_progress": "an issuance batch",
    "exams:close_attendance": "after the session's start",
    "assessment:letter": "a download", "competency:template_xlsx": "a download", "competency:template_csv": "a download",
    "exams:bnsp_export": "a download, after a plenary", "appeals:pdf": "a download", "competency:self_assessment_pdf": "a download",
    "cbt:export_csv": "a CSV download (the walk skips .csv; its XLSX twin is walked)",
    "cbt:analysis_csv": "a CSV download (the walk skips .csv; its XLSX twin is walked)",
    "certification:record_pdf": "a download", "certification:assessment_file": "a download",
    "credentials:issuer": "machine-readable, named inside the signed credentials",
    "statistics:download": "a CSV download (the walk skips .csv)",
    "credentials:status_list": "machine-readable, named inside the signed credentials",
    **{f"partner_api:{name}": "the partner API: machine-to-machine, with an OAuth token (tests/api)"
       for name in ("token", "revoke", "credentials", "credential", "register", "statistics", "lookup")},
    "partner_api:schema": "the OpenAPI document, read by the docs page's script (tests/api)",
    "exams:cancel": "the candidates' seats are checked in or booked by staff",
    "mfa_activate_totp": "allauth's TOTP enrolment (/accounts/2fa, skipped), wrapped to keep ?next=",
    "mfa_view_recovery_codes": "allauth's recovery codes (/accounts/2fa, skipped), wrapped to keep ?next=",
}


class Page(HTMLParser):
    """The links and forms of a page, each form's fields with the values the page gives them."""

    def __init__(self):
        super().__init__()
        self.links, self.forms, self.autosaves = {}, [], {}  # dicts: in the page's order
        self._form = self._select = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            self.links[attrs["href"]] = True
        for name in ("data-url", "data-action"):
            if attrs.get(name):
                self.links[attrs[name]] = True
        if tag == "textarea" and attrs.get("data-autosave", "").startswith("/"):
            self.autosaves[attrs["data-autosave"]] = True  # static/js/certification.js posts `text` there
        if tag == "form":
            self._form = {"action": attrs.get("action") or "", "method": (attrs.get("method") or "get").lower(), "fields": {}}
            self.forms.append(self._form)
            return
        if self._form is None:
            return
        if tag == "option" and self._select is not None:
            self._form["fields"].setdefault(self._select, attrs.get("value") or "")
        elif tag in ("input", "select", "textarea", "button") and attrs.get("name"):
            if tag == "select":
                self._select = attrs["name"]
                return
            if tag == "input" and attrs.get("type") in ("submit", "file"):
                return
            self._form["fields"].setdefault(attrs["name"], attrs.get("value") or "")

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None


@dataclass(frozen=True)
class Target:
    role: str
    index: int  # which user of the role
    method: str
    url: str
    fields: tuple = ()  # (name, the page's value)


def _name(path):
    try:
        return resolve(path).view_name
    except Resolver404:
        return None


def _local(url, base):
    parts = urlsplit(urljoin(base, url))
    if parts.netloc not in ("", "testserver") or not parts.path.startswith("/"):
        return None
    if parts.path.startswith(SKIP_PREFIXES) or parts.path.endswith(SKIP_SUFFIXES):
        return None
    return parts.path


def _path_shape(path):
    """/accreditation/12/standard/3/ and /documents/<uuid>/ with their ids as N."""
    return re.sub(r"[0-9a-f]{8}-[0-9a-f-]{27}|\d+", "N", path)


def _shape(target):
    """Forms that differ only in the ids in their field names (one per indicator) are one shape."""
    return _name(target.url), target.method, tuple(re.sub(r"\d+", "N", name) for name, _value in target.fields)


@dataclass
class Walk:
    world: object
    client: object
    failures: list = field(default_factory=list)
    reached: set = field(default_factory=set)
    requests: int = 0
    current: tuple = None
    timings: Counter = field(default_factory=Counter)

    def login(self, role, index):
        if self.current == (role, index):
            return
        user = self.world.users[role][index]
        self.client.logout()
        if user is not None:
            self.client.force_login(user)
        self.current = (role, index)

    def send(self, role, index, method, url, data=None):
        """One request in a savepoint that is rolled back; a 5xx or an exception is a failure."""
        self.login(role, index)
        self.requests += 1
        began = time.monotonic()
        try:
            with transaction.atomic():
                response = (self.client.post if method == "post" else self.client.get)(url, data or {})
                transaction.set_rollback(True)
        except Exception as error:  # noqa: BLE001 - any exception is what this test looks for
            self.failures.append((role, method, url, data, f"{type(error).__name__}: {error}"[:300], traceback.format_exc(limit=-3)))
            self.current = None  # the rollback took the session with it
            return None
        self.timings[(_name(url.split("?")[0]), method)] += time.monotonic() - began
        if response.status_code >= 500:
            self.failures.append((role, method, url, data, response.status_code, ""))
        if response.status_code == 302 and "/accounts/login/" in response.get("Location", ""):
            self.current = None
        return response

    def crawl(self, per_view=2):
        """Every page each user reaches from the start pages; one target per view and form shape,
        for the first role that reached it (pages every role shares are asked once)."""
        targets = []
        for role in ROLES:
            for index in range(len(self.world.users[role])):
                queue, seen, count = [*self.world.start.get(role, []), *START], set(), Counter()
                for method, url, fields in self.world.extra.get(role, []):
                    self.reached.add(_name(url))
                    targets.append(Target(role, index, method, url, tuple(sorted(fields.items()))))
                while queue:
                    path = queue.pop(0)
                    name, shape = _name(path), _path_shape(path)
                    if path in seen or count[shape] >= per_view:
                        continue
                    seen.add(path)
                    count[shape] += 1
                    self.reached.add(name)
                    response = self.send(role, index, "get", path)
                    if response is None:
                        continue
                    if response.status_code == 302:
                        location = _local(response["Location"], path)
                        if location:
                            queue.append(location)
                        continue
                    if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
                        continue
                    targets.append(Target(role, index, "get", path))
                    page = Page()
                    page.feed(response.content.decode())
                    queue.extend(local for link in page.links if (local := _local(link, path)) and local not in seen)
                    for url in page.autosaves:
                        self.reached.add(_name(url))
                        targets.append(Target(role, index, "post", url, (("text", "Jawaban saya."),)))
                    for form in page.forms:
                        action = _local(form["action"] or path, path)
                        if action is None or _name(action) is None:
                            continue
                        self.reached.add(_name(action))
                        fields = tuple(sorted((n, v) for n, v in form["fields"].items() if n != "csrfmiddlewaretoken"))
                        targets.append(Target(role, index, form["method"], action, fields))
        unique = {}
        for target in targets:
            unique.setdefault(_shape(target), target)
        return list(unique.values())

    def ask(self, target, values):
        """GET with `values` as the query string, or POST them."""
        if target.method == "get":
            return self.send(target.role, target.index, "get", target.url + "?" + urlencode(values))
        return self.send(target.role, target.index, "post", target.url, values)

    def report(self):
        lines, seen = [f"{len(self.failures)} requests failed:"], set()
        for role, method, url, data, error, tb in self.failures:
            key = (re.sub(r"\d+", "N", url.split("?")[0]), method, str(error)[:60])
            if key not in seen:
                seen.add(key)
                short = {k: (v[:12] + f"…({len(v)})" if len(v) > 12 else v) for k, v in dict(data or {}).items()}
                lines.append(f"- {role} {method.upper()} {url[:120]} {short}: {error}\n{tb}")
        return "\n".join(lines)


def all_url_names():
    names = set()

    def walk(patterns, namespace=None):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if not str(pattern.pattern).startswith(("accounts/", "admin/")):
                    walk(pattern.url_patterns, pattern.namespace or namespace)
            elif isinstance(pattern, URLPattern) and pattern.name:
                names.add(f"{namespace}:{pattern.name}" if namespace else pattern.name)

    walk(get_resolver().url_patterns)
    return names


def sweep(walk, targets):
    """Odd values in every field at once, then in each field alone (one field of each kind: the
    score of one criterion stands for the others)."""
    for target in targets:
        if not target.fields:
            for label in PAGE_ODD:
                walk.ask(target, {name: ODD[label] for name in QUERY_PARAMS})
            continue
        defaults = dict(target.fields)
        for label in ALL_AT_ONCE[target.method]:
            walk.ask(target, {name: ODD[label] for name in defaults})
        kinds = {}
        for name in defaults:
            kinds.setdefault(re.sub(r"\d+", "N", name), name)
        if len(kinds) > MAX_FIELDS_ALONE:  # the longest forms (an LKS's registration): a spread of them
            names = sorted(kinds.values())
            kinds = {name: name for name in names[:: -(-len(names) // MAX_FIELDS_ALONE)]}
        for label in ONE_FIELD_ODD[target.method]:
            for name in kinds.values():
                if label != "nul" and defaults[name] and not re.fullmatch(r"[0-9.,-]+", defaults[name]):
                    continue  # a number only where the page has a number or nothing
                walk.ask(target, {**defaults, name: ODD[label]})


def test_odd_input_never_answers_500(client, make_user):
    started = time.monotonic()
    world = build(make_user)
    walk = Walk(world, client)
    targets = walk.crawl()
    crawled, crawl_requests = time.monotonic(), walk.requests
    unreached = all_url_names() - walk.reached - set(UNREACHED)
    sweep(walk, targets)
    swept, sweep_requests = time.monotonic(), walk.requests - crawl_requests

    @settings(max_examples=80, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(st.data())
    def mix(data):
        target = data.draw(st.sampled_from(targets))
        names = [name for name, _value in target.fields] or list(QUERY_PARAMS)
        chosen = data.draw(st.lists(st.sampled_from(names), min_size=1, max_size=len(names), unique=True))
        values = {**dict(target.fields), **{name: data.draw(odd_values) for name in chosen}}
        failures = len(walk.failures)
        walk.ask(target, values)
        assert len(walk.failures) == failures, walk.report()

    if not walk.failures:
        mix()
    print(
        f"\n{len(targets)} targets ({dict(Counter(t.method for t in targets))}), {walk.requests} requests "
        f"({crawl_requests} crawling, {sweep_requests} sweeping): "
        f"built and crawled in {crawled - started:.1f}s, swept in {swept - crawled:.1f}s, "
        f"mixed in {time.monotonic() - swept:.1f}s; not reached: {sorted(unreached)}"
    )
    print("slowest:", [(name, round(seconds, 1)) for name, seconds in walk.timings.most_common(5)])
    if walk.failures:
        print(walk.report())
    assert not walk.failures
    assert not unreached, "the walk no longer reaches these pages: give them a start or name them in UNREACHED"
