"""Benchmark: public verification through the whole stack (gunicorn, every middleware, django-ratelimit on
Redis, one indexed PostgreSQL query, the template) next to /healthz on the same gunicorn.

    .venv/bin/python benchmarks/verify_throughput.py [--seconds 2] [--rounds 10] [--clients 8]

Own PostgreSQL database (BENCH_DATABASE_URL, created if missing, 200,000 signed credentials seeded once) and Redis
database (BENCH_REDIS_URL); gunicorn.conf.py as deployed on 127.0.0.1, PUBLIC_RATE_LIMIT raised. Keep-alive client
threads load each phase for a fixed time, phases interleaved: healthz; verify (/verify/<number>/, a different number
at random each request, nothing cached in the portal); 304 (the same with If-None-Match of an ETag fetched before);
api (/api/v1/credentials/<number>/). Prints req/s, p50/p99, ratios to /healthz. The machine drifts: compare the
ratios of one run (each round's pair is printed) and run it more than once. Not a test.
"""

import argparse
import contextlib
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
LOG = ROOT / "var" / "bench-credentials" / "gunicorn.log"
DATABASE_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/credentials_bench")
ENV = {  # this process's and gunicorn's: production-like, the public rate limit out of the way
    **os.environ,
    "DJANGO_SETTINGS_MODULE": "portal.settings",
    "DATABASE_URL": DATABASE_URL,
    "REDIS_URL": os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/7"),
    "DJANGO_DEBUG": "0",
    "PUBLIC_RATE_LIMIT": os.environ.get("BENCH_PUBLIC_RATE_LIMIT", "100000000/m"),
    "LOG_LEVEL": "WARNING",
}
os.environ.update(ENV)

SUBJECTS = [("worker", "GEN", "Pekerja Sosial Generalis"), ("worker", "TKSK", "Tenaga Kesejahteraan Sosial Kecamatan"),
            ("lks", "A", "Terakreditasi A (Sangat Baik)"), ("lks", "B", "Terakreditasi B (Baik)")]
FIRST, LAST = ["Siti", "Budi", "Dewi", "Ahmad", "Rina", "Agus", "Putu"], ["Rahmawati", "Santoso", "Lestari", "Wijaya"]


def ensure_database():
    import psycopg

    server, name = DATABASE_URL.rsplit("/", 1)
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        if not admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            admin.execute(f'CREATE DATABASE "{name}"')


def seed(target):
    """Signed credentials as issue_credential makes them (number from the counter, lookup, signature; no PDF)."""
    from django.db import connection, transaction
    from django.utils import timezone

    from portal.credentials import numbering, signing
    from portal.credentials.models import Credential, CredentialCounter
    from portal.credentials.services import valid_until_for, validity_years_for

    have = Credential.objects.filter(source__startswith="bench:seed:").count()
    if have >= target:
        return
    started, rng, today = time.monotonic(), random.Random(have), timezone.localdate()
    counters = {(c.prefix, c.year): c.last for c in CredentialCounter.objects.all()}
    batch = []
    for index in range(have, target):
        kind, code, subject = SUBJECTS[index % len(SUBJECTS)]
        issued = today.replace(year=2020 + index % 7, month=1 + index % 12, day=1 + index % 28)
        prefix = numbering.number_prefix(kind, code)
        counters[(prefix, issued.year)] = sequence = counters.get((prefix, issued.year), 0) + 1
        number = numbering.format_number(prefix, issued.year, sequence)
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)}" if kind == "worker" else f"LKS Bina Sejahtera {index}"
        credential = Credential(
            number=number, lookup=numbering.normalise(number), kind=kind, holder_name=name, subject=subject,
            subject_code=code, issuer="LSP Kemensos" if kind == "worker" else "BALKS", source=f"bench:seed:{index}",
            issued_on=issued, valid_until=valid_until_for(issued, validity_years_for(kind, code)),
        )
        credential.key_id, credential.signature = signing.sign(signing.payload_of(credential))
        batch.append(credential)
        if len(batch) == 5000 or index == target - 1:
            with transaction.atomic():
                Credential.objects.bulk_create(batch)
                for (prefix, year), last in counters.items():
                    CredentialCounter.objects.update_or_create(prefix=prefix, year=year, defaults={"last": last})
            batch = []
            print(f"  seeded {index + 1:,} / {target:,}", end="\r", flush=True)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE credentials_credential")
    print(f"  seeded {target - have:,} credentials in {time.monotonic() - started:.0f} s")


@contextlib.contextmanager
def gunicorn():
    """gunicorn with gunicorn.conf.py on a free port of 127.0.0.1; yields the port, stops its group after."""
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
            with contextlib.suppress(OSError):
                if Client(port).get("/healthz")[0] == 200:
                    break
            time.sleep(0.2)
        else:
            raise SystemExit(f"gunicorn did not answer /healthz (see {LOG})")
        yield port
    finally:
        os.killpg(server.pid, signal.SIGQUIT)  # quick shutdown of the group we started: gunicorn and its workers
        server.wait()


class Client:
    """Keep-alive HTTP/1.1, lean (it shares the CPUs with the server); reconnects after max_requests recycling."""

    def __init__(self, port):
        self.port, self.sock = port, None

    def get(self, path, extra=""):  # -> (status, headers, body); `extra`: more header lines
        request = f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept-Language: id\r\n{extra}\r\n".encode()
        for attempt in (1, 2):
            if self.sock is None:
                self.sock = socket.create_connection(("127.0.0.1", self.port), timeout=30)
                self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                self.file = self.sock.makefile("rb")
            try:
                self.sock.sendall(request)
                status = int(self.file.readline().split()[1])  # IndexError: closed before answering
                break
            except (OSError, IndexError):
                self.sock = None
                if attempt == 2:
                    raise
        headers = {}
        while (line := self.file.readline()) not in (b"\r\n", b""):
            name, _, value = line.decode("latin-1").partition(":")
            headers[name.lower()] = value.strip()
        body = self.file.read(0 if status == 304 else int(headers.get("content-length", 0)))
        if headers.get("connection", "").lower() == "close":
            self.sock = self.sock.close()
        return status, headers, body


def load(port, request, expected, seconds, clients):
    """`clients` threads, a connection each, for `seconds`: (req/s, latencies, errors, the loop's own CPU/s)."""
    latencies, errors, deadline = [], [], time.monotonic() + seconds

    def worker(rng, client):
        while (started := time.perf_counter()) < deadline:
            status = client.get(*request(rng))[0]
            latencies.append(time.perf_counter() - started)
            if status != expected:
                errors.append(status)

    threads = [threading.Thread(target=worker, args=(random.Random(), Client(port))) for _ in range(clients)]
    started, cpu = time.monotonic(), time.process_time()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    return len(latencies) / elapsed, latencies, len(errors), (time.process_time() - cpu) / elapsed


def ms(values, share):
    return sorted(values)[round(share * (len(values) - 1))] * 1000


def bench(args):
    from portal.credentials.models import Credential

    numbers = list(Credential.objects.filter(source__startswith="bench:seed:").values_list("number", flat=True))
    with gunicorn() as port:
        client, etags = Client(port), []
        for number in random.Random(5).sample(numbers, 500):  # validators a browser or a proxy holds
            status, headers, body = client.get(f"/verify/{number}/")
            assert status == 200 and number.encode() in body and headers.get("etag"), (status, headers)
            etags.append((f"/verify/{number}/", f"If-None-Match: {headers['etag']}\r\n"))
        phases = {
            "healthz": (lambda rng: ("/healthz", ""), 200),
            "verify": (lambda rng: (f"/verify/{rng.choice(numbers)}/", ""), 200),
            "304": (lambda rng: rng.choice(etags), 304),
            "api": (lambda rng: (f"/api/v1/credentials/{rng.choice(numbers)}/", ""), 200),
        }
        workers, threads = ENV.get("GUNICORN_WORKERS") or 2 * os.cpu_count() + 1, ENV.get("GUNICORN_THREADS", 4)
        print(f"gunicorn: {workers} workers × {threads} threads; {args.clients} keep-alive client threads, "
              f"{args.rounds} rounds × {args.seconds:g} s per phase; numbers at random from {len(numbers):,}, "
              f"the 304s from {len(etags):,} ETags fetched before")
        for request, expected in phases.values():  # warm-up: connections pooled, templates loaded
            load(port, request, expected, 1, args.clients)
        runs = {name: [] for name in phases}
        for _ in range(args.rounds):
            for name, (request, expected) in phases.items():
                runs[name].append(load(port, request, expected, args.seconds, args.clients))
    healthz = statistics.mean(run[0] for run in runs["healthz"])
    print(f"\n{'phase':<9}{'req/s':>7}{'× healthz':>11}{'rounds: median (min–max)':>27}{'p50 ms':>8}{'p99 ms':>8}"
          f"{'errors':>8}{'client CPU':>12}")
    for name, results in runs.items():
        rate, latencies = statistics.mean(r[0] for r in results), [x for r in results for x in r[1]]
        pairs = sorted(r[0] / h[0] for r, h in zip(results, runs["healthz"]))
        spread = f"{statistics.median(pairs):.2f}× ({pairs[0]:.2f}–{pairs[-1]:.2f})"
        errors, client_cpu = sum(r[2] for r in results), statistics.mean(r[3] for r in results)
        print(f"{name:<9}{rate:>7.0f}{rate / healthz:>10.2f}×{spread:>27}{ms(latencies, 0.5):>8.2f}"
              f"{ms(latencies, 0.99):>8.2f}{errors:>8}{client_cpu:>12.2f}")
    ratio = statistics.mean(r[0] for r in runs["verify"]) / healthz
    p99 = ms([x for r in runs["verify"] for x in r[1]], 0.99)
    print(f"aim, verify ≥ 0.5× healthz and p99 < 25 ms at {args.clients} clients: {ratio:.2f}×, {p99:.1f} ms: "
          f"{'met' if ratio >= 0.5 and p99 < 25 else 'NOT met'}")
    in_order = (f"{v[0] / h[0]:.2f}" for v, h in zip(runs["verify"], runs["healthz"]))
    print("verify / healthz, rounds in order:", *in_order)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--credentials", type=int, default=200_000)
    parser.add_argument("--seconds", type=float, default=2, help="per phase and round (default 2)")
    parser.add_argument("--rounds", type=int, default=10, help="interleaved rounds (default 10)")
    parser.add_argument("--clients", type=int, default=8, help="client threads (default 8)")
    args = parser.parse_args()
    ensure_database()
    import django
    from django.core import management

    django.setup()
    management.call_command("migrate", verbosity=0)
    print(f"database {DATABASE_URL.rsplit('/', 1)[1]}, {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f}")
    seed(args.credentials)
    bench(args)
    print(f"load average {os.getloadavg()[0]:.2f} at the end (other processes on the machine skew every figure)")


if __name__ == "__main__":
    main()
