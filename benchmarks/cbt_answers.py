"""Benchmark: the computer-based test under a session's load, through the whole stack (gunicorn as
configured in gunicorn.conf.py, PostgreSQL, Redis), with a gunicorn worker killed in the middle.

    .venv/bin/python benchmarks/cbt_answers.py [--candidates 400] [--minutes 10] [--every 10] [--start-within 10]

N candidates (checked in, each signed in with a session of their own) start the same test within
`--start-within` seconds and answer one question every `--every` seconds for `--minutes` minutes, each
answer as the page's script sends it (JSON, an idempotency key, a sequence number; a failed or refused
request is sent again with the same key, as the browser's queue does). Halfway, one gunicorn worker is
killed with SIGKILL. At the end the answers stored are compared with the answers given: 0 lost is the aim.
Prints the p50/p95/p99 of starting and of saving, the retries, the answers lost and the queries per save
(counted once through Django's test client on the same data). Own database (BENCH_DATABASE_URL, made and
migrated when missing) and Redis database (BENCH_REDIS_URL). Not a test: figures, on a shared machine.
"""

import argparse
import contextlib
import json
import os
import random
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
LOG = ROOT / "var" / "bench-cbt" / "gunicorn.log"
DATABASE_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/cbt_bench")
ENV = {
    **os.environ,
    "DJANGO_SETTINGS_MODULE": "portal.settings",
    "DATABASE_URL": DATABASE_URL,
    "REDIS_URL": os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/10"),
    "DJANGO_DEBUG": "0",
    "LOG_LEVEL": "WARNING",
    "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
}
os.environ.update(ENV)


def ensure_database():
    import psycopg

    server, name = DATABASE_URL.rsplit("/", 1)
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        if not admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            admin.execute(f'CREATE DATABASE "{name}"')


def seed(candidates, items):
    """A bank, a blueprint of `items` items, a session that started a minute ago, `candidates` checked in
    (rows made directly: the check-in itself is not what is measured) with the form that the check-in's task
    draws. Returns [(booking id, session key)]."""
    from datetime import timedelta
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.utils import timezone

    from certification import reference as certification_reference
    from certification.cbt.models import Attempt, Blueprint, Item, ItemVersion
    from certification.exams import services as exam_services
    from certification.exams.models import ExamBooking, ExamSession
    from certification.models import Application, Round, Scheme
    from portal.accounts.models import User
    from portal.accounts.roles import Role
    from portal.regions import reference as regions
    from portal.regions.models import Province, RegionalOffice

    regions.load()
    certification_reference.load()
    scheme = Scheme.objects.get(code="ps-generalis")
    if ItemVersion.objects.filter(item__scheme=scheme).count() < items * 2:
        for domain, n in (("knowledge", items), ("values", items), ("skills", items)):
            for i in range(n):
                item = Item.objects.create(scheme=scheme)
                ItemVersion.objects.create(item=item, number=1, domain=domain, stem=f"Soal {domain} {i}",
                                           options=[f"{domain}-{i}-{c}" for c in "ABCD"], key=i % 4)
    Blueprint.objects.update_or_create(scheme=scheme, defaults={"item_count": items, "time_limit_minutes": 120})
    now = timezone.now()
    office, province = RegionalOffice.objects.get(code="II"), Province.objects.get(code="32")
    session = ExamSession.objects.create(
        regional_office=office, scheme=scheme, province=province, venue_name="Bench", starts_at=now - timedelta(minutes=1),
        ends_at=now + timedelta(hours=3), capacity=candidates, cancel_cutoff_hours=0,
    )
    exam_services.create_default_components(session)
    round_ = Round.objects.create(scheme=scheme, name=f"Bench {now:%H%M%S}", opens_at=now - timedelta(days=30), closes_at=now)
    route = scheme.routes.get(kind="standard")
    tag = uuid.uuid4().hex[:8]
    users = User.objects.bulk_create(
        User(email=f"bench-{tag}-{i}@example.test", full_name=f"Peserta {i}", role=Role.APPLICANT) for i in range(candidates)
    )
    applications = Application.objects.bulk_create(
        Application(applicant=u, round=round_, route=route, status="exam_attended", province=province, regional_office=office)
        for u in users
    )
    bookings = ExamBooking.objects.bulk_create(
        ExamBooking(session=session, application=a, kind="exam", status="confirmed", seat=i + 1, attendance="present",
                    checked_in_at=now, confirmed_at=now)
        for i, a in enumerate(applications)
    )
    store = import_module(settings.SESSION_ENGINE).SessionStore
    backend = settings.AUTHENTICATION_BACKENDS[1]
    sessions = []
    for user, booking in zip(users, bookings, strict=True):
        s = store()
        s[SESSION_KEY], s[BACKEND_SESSION_KEY], s[HASH_SESSION_KEY] = str(user.pk), backend, user.get_session_auth_hash()
        s.save()
        sessions.append((booking.pk, s.session_key))
    assert not Attempt.objects.filter(booking__session=session).exists()
    from certification.cbt import services as cbt

    for booking in bookings:  # what the check-in's task does: each candidate's form drawn before the rush
        cbt.draw_form(booking.pk)
    return session.pk, sessions


class Browser:
    """One candidate's keep-alive HTTP/1.1 connection with their cookies."""

    def __init__(self, port, session_key):
        self.port, self.sock = port, None
        from django.conf import settings

        self.csrf = uuid.uuid4().hex
        self.reconnects = 0
        self.cookies = {settings.SESSION_COOKIE_NAME: session_key, settings.CSRF_COOKIE_NAME: self.csrf}

    def connect(self):
        self.sock = socket.create_connection(("127.0.0.1", self.port), timeout=30)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.file = self.sock.makefile("rb")

    def request(self, method, path, body=b"", content_type="application/json"):
        cookie = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        head = (f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: {cookie}\r\nX-CSRFToken: {self.csrf}\r\n"
                f"X-Requested-With: XMLHttpRequest\r\nReferer: http://127.0.0.1/\r\nContent-Type: {content_type}\r\n"
                f"Content-Length: {len(body)}\r\n\r\n").encode()
        reused = self.sock is not None
        try:
            status, headers, data = self.exchange(head + body)
        except ConnectionError:
            if not reused:
                raise
            # The server closed the idle keep-alive connection (gunicorn's keepalive): send the request again at
            # once on a new connection, as browsers do (RFC 9112, 9.3.1); answers are idempotent by their key.
            self.reconnects += 1
            status, headers, data = self.exchange(head + body)
        for h in headers:
            if h.lower().startswith("set-cookie:"):
                name, _, rest = h.split(":", 1)[1].strip().partition("=")
                self.cookies[name] = rest.split(";", 1)[0]
            if h.lower().startswith("connection:") and "close" in h.lower():
                self.sock = self.sock.close()
        return status, headers, data

    def exchange(self, raw):
        try:
            if self.sock is None:
                self.connect()
            self.sock.sendall(raw)
            status = int(self.file.readline().split()[1])
            headers = []
            while (line := self.file.readline()) not in (b"\r\n", b""):
                headers.append(line.decode("latin-1"))
            length = next((int(h.split(":", 1)[1]) for h in headers if h.lower().startswith("content-length")), 0)
            data = self.file.read(length)
        except (OSError, IndexError, ValueError):
            self.sock = None
            raise ConnectionError from None
        return status, headers, data


@contextlib.contextmanager
def gunicorn():
    with socket.create_server(("127.0.0.1", 0)) as probe:
        port = probe.getsockname()[1]
    LOG.parent.mkdir(parents=True, exist_ok=True)
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "-c", "gunicorn.conf.py", "portal.wsgi"], cwd=ROOT,
        env={**ENV, "GUNICORN_BIND": f"127.0.0.1:{port}"}, stdout=LOG.open("w"), stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        for _ in range(300):
            with contextlib.suppress(OSError, ConnectionError):
                if Browser(port, "x").request("GET", "/healthz")[0] == 200:
                    break
            time.sleep(0.2)
        else:
            raise SystemExit(f"gunicorn did not answer /healthz (see {LOG})")
        yield port, server.pid
    finally:
        os.killpg(server.pid, signal.SIGQUIT)
        server.wait()


def workers_of(master):
    out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(master)], capture_output=True, text=True).stdout
    return [int(p) for p in out.split()]


def ms(values, share):
    return sorted(values)[round(share * (len(values) - 1))] * 1000 if values else float("nan")


def candidate(port, booking, key, args, results, t0):
    rng = random.Random(booking)
    browser = Browser(port, key)
    time.sleep(rng.uniform(0, args.start_within))
    started = time.perf_counter()
    while True:
        try:
            status, headers, _data = browser.request("POST", f"/cbt/bookings/{booking}/", b"", "application/x-www-form-urlencoded")
            break
        except ConnectionError:
            results["retries"].append(1)
    results["start"].append(time.perf_counter() - started)
    location = next((h.split(":", 1)[1].strip() for h in headers if h.lower().startswith("location")), "")
    match = re.search(r"/cbt/attempts/(\d+)/", location)
    if status != 302 or not match:
        results["start_failed"].append(status)
        return
    attempt = int(match.group(1))
    given = {}
    seq = 0
    end = t0 + args.start_within + args.minutes * 60
    while time.monotonic() < end:
        time.sleep(max(0.0, rng.gauss(args.every, 1)))
        seq += 1
        position = rng.randint(1, args.items)
        answer = {"key": uuid.uuid4().hex, "item": position, "choice": rng.randint(0, 3), "flagged": False, "seq": seq}
        body = json.dumps(answer).encode()
        began = time.perf_counter()
        for _attempt in range(20):  # the browser's queue: the same answer, the same key, until it is stored
            try:
                status, _h, _d = browser.request("POST", f"/cbt/attempts/{attempt}/answer/", body)
            except ConnectionError:
                results["retries"].append(1)
                time.sleep(0.5)
                continue
            if status == 200:
                break
            results["refused"].append(status)
            time.sleep(0.5)
        results["save"].append(time.perf_counter() - began)
        given[position] = answer["choice"]
    results["given"][attempt] = given
    results["reconnects"].append(browser.reconnects)


def queries_per_save():
    """One save through Django's test client on the benchmark's data, its queries counted."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from certification.cbt.models import Attempt

    attempt = Attempt.objects.filter(status="in_progress").select_related("booking__application__applicant").last()
    client = Client()
    client.force_login(attempt.booking.application.applicant)
    from certification.cbt import services

    token = services.new_device_token()
    Attempt.objects.filter(pk=attempt.pk).update(device_hash=services._digest(token))
    client.cookies["cbt_device"] = token
    with CaptureQueriesContext(connection) as captured:
        client.post(f"/cbt/attempts/{attempt.pk}/answer/", data=json.dumps({"key": uuid.uuid4().hex, "item": 1, "choice": 0, "seq": 10**6}),
                    content_type="application/json")
    return len(captured)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--candidates", type=int, default=400)
    parser.add_argument("--minutes", type=float, default=10)
    parser.add_argument("--every", type=float, default=10)
    parser.add_argument("--start-within", type=float, default=10)
    parser.add_argument("--items", type=int, default=60)
    args = parser.parse_args()
    ensure_database()
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    session, sessions = seed(args.candidates, args.items)
    results = {"start": [], "save": [], "retries": [], "refused": [], "start_failed": [], "given": {}, "reconnects": []}
    with gunicorn() as (port, master):
        t0 = time.monotonic()
        threads = [threading.Thread(target=candidate, args=(port, b, k, args, results, t0), daemon=True) for b, k in sessions]
        for thread in threads:
            thread.start()
        time.sleep(args.start_within + args.minutes * 30)
        victims = workers_of(master)
        if victims:
            os.kill(victims[0], signal.SIGKILL)
            print(f"killed gunicorn worker {victims[0]} at {time.monotonic() - t0:.0f} s (of {len(victims)} workers)")
        for thread in threads:
            thread.join()
    from certification.cbt.models import AttemptItem

    lost = 0
    stored = {}
    for attempt, position, choice, order in AttemptItem.objects.filter(attempt__booking__session_id=session).values_list(
        "attempt_id", "position", "choice", "order"
    ):
        stored[(attempt, position)] = None if choice is None else order.index(choice)
    for attempt, given in results["given"].items():
        for position, choice in given.items():
            if stored.get((attempt, position)) != choice:
                lost += 1
    answers = len(results["save"])
    print(f"{args.candidates} candidates, {args.minutes:g} min, an answer every {args.every:g} s: {len(results['start'])} started "
          f"({len(results['start_failed'])} failed), {answers} answers saved")
    print(f"start  p50 {ms(results['start'], .5):.0f} ms  p95 {ms(results['start'], .95):.0f} ms  p99 {ms(results['start'], .99):.0f} ms")
    print(f"save   p50 {ms(results['save'], .5):.0f} ms  p95 {ms(results['save'], .95):.0f} ms  p99 {ms(results['save'], .99):.0f} ms")
    print(f"requests sent again at once on a new connection (gunicorn closed the idle keep-alive one) "
          f"{sum(results['reconnects'])}; failed and sent again after 0.5 s (the killed worker's) "
          f"{len(results['retries'])}, refused answers {len(results['refused'])} "
          f"({sorted(set(results['refused']))}), answers lost {lost}")
    print(f"queries per answer save: {queries_per_save()}")


if __name__ == "__main__":
    main()
