"""Benchmark: public certificate verification on gunicorn + PostgreSQL with 200,000 credentials, next
to /healthz on the same server in one run; and PDF issuance through a Celery worker next to bare
WeasyPrint rendering of the same template.

    .venv/bin/python benchmarks/verify_throughput.py [--credentials 200000] [--seconds 8] [--clients 8]

It uses its own PostgreSQL database (BENCH_DATABASE_URL, default
postgres://postgres@127.0.0.1:5432/credentials_bench, created if missing) and Redis database
(BENCH_REDIS_URL, default redis://127.0.0.1:6379/3) as cache and Celery broker. It seeds the
credentials once (signed, like issued ones; no PDFs) and warms the verification cache as the daily
beat task does (`credentials.public.warm`). It starts gunicorn with gunicorn.conf.py as deployed (its
worker count unless --gunicorn-workers) bound to 127.0.0.1, the public rate limit raised through the
environment (PUBLIC_RATE_LIMIT), and drives a bounded load loop (keep-alive HTTP/1.1 from Python threads,
a fixed time per phase, phases interleaved) against /healthz, /verify/<number>/ with numbers drawn at
random from all 200,000, the same with numbers dropped from the cache before their phase (PostgreSQL
answers), and the JSON API. Then it starts a Celery worker, issues credentials through
`issue_credential` (which enqueues the PDF after commit) and times until every PDF is stored, next to
rendering the same template with WeasyPrint directly in as many processes. It prints figures; it is not
a test. The machine's speed drifts from minute to minute: compare ratios of one run, and run it more
than once.
"""

import argparse
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BIN = Path(sys.executable).parent
BENCH_DIR = ROOT / "var" / "bench-credentials"
DATABASE_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/credentials_bench")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/3")

# The environment of this process, of gunicorn and of the Celery worker: production-like (no debug,
# real broker), the public rate limit raised so the load loop measures the page, not the 429.
ENV = {
    **os.environ,
    "DJANGO_SETTINGS_MODULE": "portal.settings",
    "DATABASE_URL": DATABASE_URL,
    "REDIS_URL": REDIS_URL,
    "DJANGO_DEBUG": "0",
    "CELERY_TASK_ALWAYS_EAGER": "0",
    "PUBLIC_RATE_LIMIT": os.environ.get("BENCH_PUBLIC_RATE_LIMIT", "100000000/m"),
    "PRIVATE_MEDIA_ROOT": str(BENCH_DIR / "private"),
    "LOG_LEVEL": "WARNING",
}
ENV.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
warnings.filterwarnings("ignore", message="No directory at")  # whitenoise, for the in-process requests
os.environ.update(ENV)

SUBJECTS = [
    ("worker", "GEN", "Pekerja Sosial Generalis"),
    ("worker", "SPS", "Pekerja Sosial Spesialis"),
    ("worker", "ASI", "Asisten Pekerja Sosial"),
    ("worker", "TKSK", "Tenaga Kesejahteraan Sosial Kecamatan"),
    ("lks", "A", "Terakreditasi A (Sangat Baik)"),
    ("lks", "B", "Terakreditasi B (Baik)"),
    ("lks", "C", "Terakreditasi C (Cukup)"),
]
FIRST = ["Siti", "Budi", "Dewi", "Ahmad", "Rina", "Agus", "Sri", "Hendra", "Nur", "Yusuf", "Putu", "Made", "Rahmat", "Lestari"]
LAST = ["Rahmawati", "Santoso", "Lestari", "Fauzi", "Kartika", "Wijaya", "Hidayat", "Saputra", "Siregar", "Nasution"]


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))]


# ---- database -----------------------------------------------------------------------------------
def ensure_database():
    import psycopg
    from dj_database_url import parse

    config = parse(DATABASE_URL)
    admin = psycopg.connect(
        host=config["HOST"], port=config["PORT"] or 5432, user=config["USER"], password=config["PASSWORD"] or None,
        dbname="postgres", autocommit=True,
    )
    exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [config["NAME"]]).fetchone()
    if not exists:
        admin.execute(f'CREATE DATABASE "{config["NAME"]}"')
    admin.close()


def seed(target):
    """Signed credentials (as issue_credential makes them, minus the PDF), in bulk."""
    from django.db import connection, transaction
    from django.utils import timezone

    from portal.credentials import numbering, signing
    from portal.credentials.models import Credential, CredentialCounter
    from portal.credentials.services import valid_until_for, validity_years_for

    have = Credential.objects.filter(source__startswith="bench:seed:").count()
    if have >= target:
        return 0
    started = time.monotonic()
    rng = random.Random(have)
    counters = {(c.prefix, c.year): c.last for c in CredentialCounter.objects.all()}
    today = timezone.localdate()
    batch, made = [], 0
    for index in range(have, target):
        kind, code, subject = SUBJECTS[index % len(SUBJECTS)]
        year = 2020 + index % 7
        issued = today.replace(year=year, month=1 + index % 12, day=1 + index % 28)
        prefix = numbering.number_prefix(kind, code)
        counters[(prefix, year)] = sequence = counters.get((prefix, year), 0) + 1
        number = numbering.format_number(prefix, year, sequence)
        credential = Credential(
            number=number, lookup=numbering.normalise(number), kind=kind,
            holder_name=f"{rng.choice(FIRST)} {rng.choice(LAST)}" if kind == "worker" else f"LKS Bina Sejahtera {index}",
            subject=subject, subject_code=code, issuer="LSP Kemensos" if kind == "worker" else "BALKS",
            issued_on=issued, valid_until=valid_until_for(issued, validity_years_for(kind, code)),
            source=f"bench:seed:{index}",
        )
        credential.key_id, credential.signature = signing.sign(signing.payload_of(credential))
        batch.append(credential)
        if len(batch) == 5000 or index == target - 1:
            with transaction.atomic():
                Credential.objects.bulk_create(batch)
                for (prefix, year), last in counters.items():
                    CredentialCounter.objects.update_or_create(prefix=prefix, year=year, defaults={"last": last})
            made += len(batch)
            batch = []
            print(f"  seeded {have + made:,} / {target:,}", end="\r", flush=True)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE credentials_credential")
    print(f"  seeded {made:,} credentials in {time.monotonic() - started:.0f} s" + " " * 20)
    return made


# ---- processes ----------------------------------------------------------------------------------
def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(cmd, log_name, extra_env=None):
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    log = open(BENCH_DIR / log_name, "w")
    return subprocess.Popen(cmd, cwd=ROOT, env={**ENV, **(extra_env or {})}, stdout=log, stderr=subprocess.STDOUT,
                            start_new_session=True)


def stop(process):
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)  # the group we started: gunicorn's or celery's own workers
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def wait_http(port, path="/healthz", timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            status, _ = Client(port).get(path)
            if status == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise SystemExit(f"the server on port {port} did not answer {path}")


# ---- a lean keep-alive HTTP/1.1 client ------------------------------------------------------------
class Client:
    def __init__(self, port):
        self.port = port
        self.sock = None
        self.buffer = b""

    def _connect(self):
        self.sock = socket.create_connection(("127.0.0.1", self.port), timeout=30)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.buffer = b""

    def _read_until(self, marker):
        while marker not in self.buffer:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise ConnectionError("closed")
            self.buffer += chunk
        head, _, self.buffer = self.buffer.partition(marker)
        return head

    def _read_exact(self, size):
        while len(self.buffer) < size:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise ConnectionError("closed")
            self.buffer += chunk
        body, self.buffer = self.buffer[:size], self.buffer[size:]
        return body

    def get(self, path):
        for attempt in (1, 2):
            if self.sock is None:
                self._connect()
            try:
                self.sock.sendall(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept-Language: id\r\n\r\n".encode())
                head = self._read_until(b"\r\n\r\n").decode("latin-1").split("\r\n")
                status = int(head[0].split()[1])
                headers = {k.lower(): v.strip() for k, _, v in (line.partition(":") for line in head[1:])}
                if "content-length" in headers:
                    body = self._read_exact(int(headers["content-length"]))
                else:  # chunked
                    body = b""
                    while True:
                        size = int(self._read_until(b"\r\n").split(b";")[0], 16)
                        body += self._read_exact(size + 2)[:size]
                        if size == 0:
                            break
                if headers.get("connection", "").lower() == "close":
                    self.sock.close()
                    self.sock = None
                return status, body
            except (ConnectionError, OSError):
                self.sock = None
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")


def load(port, paths, seconds, clients):
    """`clients` threads, each on its own keep-alive connection, for `seconds`: (requests/s, latencies, errors)."""
    latencies, errors = [], []
    deadline = time.monotonic() + seconds
    lock = threading.Lock()

    def worker(seed_value):
        rng = random.Random(seed_value)
        client, mine, bad = Client(port), [], 0
        while True:
            path = paths(rng)
            t0 = time.perf_counter()
            if t0 > deadline:
                break
            status, _ = client.get(path)
            mine.append(time.perf_counter() - t0)
            bad += status != 200
        with lock:
            latencies.extend(mine)
            errors.append(bad)

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(clients)]
    started, cpu = time.monotonic(), time.process_time()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - started
    load.client_cpu = (time.process_time() - cpu) / elapsed  # CPU seconds per second the load loop itself used
    return len(latencies) / elapsed, latencies, sum(errors)


# ---- the verification benchmark ---------------------------------------------------------------------
def warm_cache():
    """What production does daily (Celery beat) and after a bulk import: every credential's public facts
    in Redis. Returns (credentials, seconds, Redis memory in MB)."""
    from django.core.cache import cache

    from portal.credentials import public

    started = time.monotonic()
    count = public.warm()
    elapsed = time.monotonic() - started
    client = cache._cache.get_client(write=True)
    return count, elapsed, client.info("memory")["used_memory"] / 2**20


def forget(numbers):
    """Drop these numbers' cached facts (outside the timed phases): their next verification reads PostgreSQL."""
    from django.core.cache import cache

    from portal.credentials import numbering, public

    keys = [public.cache_key(numbering.normalise(n)) for n in numbers]
    for start_at in range(0, len(keys), 5000):
        cache.delete_many(keys[start_at:start_at + 5000])


def bench_verify(args):
    from portal.credentials.models import Credential

    numbers = list(Credential.objects.filter(source__startswith="bench:seed:").values_list("number", flat=True))
    count, elapsed, memory = warm_cache()
    print(f"cache warmed: {count:,} credentials in {elapsed:.1f} s (Redis holds {memory:.0f} MB)")
    random.Random(5).shuffle(numbers)
    cold_numbers = numbers[-20000:]  # dropped from the cache before each of their phases
    extra = {"GUNICORN_THREADS": str(args.gunicorn_threads)}
    if args.gunicorn_workers:
        extra["GUNICORN_WORKERS"] = str(args.gunicorn_workers)
    port = free_port()
    extra["GUNICORN_BIND"] = f"127.0.0.1:{port}"
    server = start([str(BIN / "gunicorn"), "-c", "gunicorn.conf.py", "portal.wsgi"], "gunicorn.log", extra)
    try:
        wait_http(port)
        sample = Client(port)
        status, body = sample.get(f"/verify/{numbers[0]}/")
        assert status == 200 and numbers[0].encode() in body, (status, body[:300])
        phases = {
            "healthz": ("/healthz", lambda rng: "/healthz"),
            "verify": ("/verify/<number>/", lambda rng: f"/verify/{rng.choice(numbers)}/"),
            "verify-cold": ("  same, not cached", lambda rng: f"/verify/{rng.choice(cold_numbers)}/"),
            "api": ("/api/v1/credentials/…", lambda rng: f"/api/v1/credentials/{rng.choice(numbers)}/"),
        }
        workers = args.gunicorn_workers or f"{(os.cpu_count() or 1) * 2 + 1} (gunicorn.conf.py: 2 × CPUs + 1)"
        print(f"gunicorn: {workers} workers × {args.gunicorn_threads} threads on 127.0.0.1:{port}; "
              f"load: {args.clients} keep-alive client threads, {args.rounds} × {args.seconds:g} s per endpoint, "
              f"numbers drawn at random from {len(numbers):,} (the 'not cached' ones from {len(cold_numbers):,} "
              f"dropped from the cache before each phase)")
        for _label, paths in phases.values():  # warm-up: workers forked, connections pooled, skeletons rendered
            load(port, paths, 2, args.clients)
        results = {name: ([], [], 0) for name in phases}
        client_cpu = {name: [] for name in phases}
        for _ in range(args.rounds):
            for name, (_label, paths) in phases.items():
                if name == "verify-cold":
                    forget(cold_numbers)
                rate, latencies, errors = load(port, paths, args.seconds, args.clients)
                rates, all_latencies, all_errors = results[name]
                results[name] = (rates + [rate], all_latencies + latencies, all_errors + errors)
                client_cpu[name].append(load.client_cpu)
    finally:
        stop(server)
    print()
    print(f"{'endpoint':<22}{'req/s':>10}{'p50 ms':>10}{'p99 ms':>10}{'errors':>8}")
    summary = {}
    for name, (label, _paths) in phases.items():
        rates, latencies, errors = results[name]
        rate = statistics.mean(rates)
        summary[name] = (rate, percentile(latencies, 0.99))
        print(f"{label:<22}{rate:>10.0f}{percentile(latencies, 0.5) * 1000:>10.2f}"
              f"{percentile(latencies, 0.99) * 1000:>10.2f}{errors:>8}")
    print(f"the load loop itself used {statistics.mean(client_cpu['healthz']):.2f} CPU during /healthz and "
          f"{statistics.mean(client_cpu['verify']):.2f} CPU during /verify/ (of {os.cpu_count()} CPUs, shared with the server)")
    ratio = summary["verify"][0] / summary["healthz"][0]
    # Each round's verify phase next to the same round's /healthz phase: the machine's drift (it changes
    # speed from one minute to the next) cancels out of these pairs.
    in_order = [v / h for v, h in zip(results["verify"][0], results["healthz"][0])]
    paired = sorted(in_order)
    print(f"throughput ratio verify / healthz: {ratio:.2f}× (aim ≥ 0.75×); per round: median "
          f"{statistics.median(paired):.2f}×, from {paired[0]:.2f}× to {paired[-1]:.2f}×")
    print("  rounds in order: " + " ".join(f"{r:.2f}" for r in in_order))
    print(f"p99 latency ratio verify / healthz: {summary['verify'][1] / summary['healthz'][1]:.2f}×")
    print(f"(numbers not in the cache: {summary['verify-cold'][0] / summary['healthz'][0]:.2f}×; "
          f"JSON API: {summary['api'][0] / summary['healthz'][0]:.2f}×)")
    breakdown(numbers)
    return ratio


def breakdown(numbers, repeat=2000):
    """What a verification does beyond /healthz, timed in this process (CPU of this thread; no HTTP, no
    gunicorn: the "whole request" rows run the Django stack through the test client)."""
    from django.contrib.auth.models import AnonymousUser
    from django.core.cache import cache
    from django.template.loader import get_template
    from django.test import Client, RequestFactory
    from django.utils import translation

    from portal.core import views as core_views
    from portal.core.ratelimit import check
    from portal.credentials import numbering, public

    factory = RequestFactory()

    def request(path):
        r = factory.get(path)
        r.user, r.session = AnonymousUser(), {}
        return r

    def timed(fn):
        fn()
        started = time.thread_time()
        for _ in range(repeat):
            fn()
        return (time.thread_time() - started) / repeat * 1000

    compact = numbering.normalise(numbers[0])
    key = public.cache_key(compact)
    found = public.lookup(compact)
    page = get_template(public.PAGE_TEMPLATE)
    rng = random.Random(7)
    visitor = request(f"/verify/{found.number}/")
    browser = Client(SERVER_NAME="127.0.0.1")  # the whole stack, in this process
    url = f"/verify/{found.number}/"
    answers = [browser.get(url) for _ in range(3)]  # the stack gives the page, then it is answered early
    assert getattr(answers[-1], "answered_early", False), answers[-1]
    with translation.override("id"):
        rows = [
            ("whole request: /healthz", timed(lambda: browser.get("/healthz"))),
            ("whole request: /verify/ answered early", timed(lambda: browser.get(url))),
            ("healthz view (for scale)", timed(lambda: core_views.healthz(request("/healthz")))),
            ("rate limit + cached facts (one round trip)", timed(lambda: check("bench", "127.0.0.1", "100000000/m", [key]))),
            ("page filled into its skeleton", timed(lambda: public.visitor_page(visitor, found))),
            ("  (the template rendered instead)", timed(lambda: page.render(public.page_context(found), visitor))),
            ("not cached: facts from PostgreSQL", timed(lambda: public._fetch(numbering.normalise(rng.choice(numbers))))),
            ("not cached: cache.set", timed(lambda: cache.set("bench:x", public._pack(found.data), 60))),
        ]
    print()
    print("where a verification's time goes (in-process CPU, ms per call):")
    for label, ms in rows:
        print(f"  {label:<44}{ms:>7.3f}")


# ---- the PDF benchmark ------------------------------------------------------------------------------
def _render_one(credential_id):
    import django

    django.setup()
    from portal.credentials import pdf
    from portal.credentials.models import Credential

    return len(pdf.render_pdf(Credential.objects.select_related("province").get(pk=credential_id)))


def _pool_init(warm_id):
    import django

    django.setup()
    from django.db import connections

    connections.close_all()
    _render_one(warm_id)  # as warm as a Celery worker process after its first task


def bench_pdf(args):
    import multiprocessing

    from portal.celery import app
    from portal.credentials.models import Credential
    from portal.credentials.services import issue_credential

    worker = start(
        [str(BIN / "celery"), "-A", "portal", "worker", f"--concurrency={args.pdf_processes}", "--pool=prefork",
         "--loglevel=WARNING", "--without-gossip", "--without-mingle", "--without-heartbeat", "-n", "bench@%h"],
        "celery.log",
    )
    run = time.strftime("%Y%m%d%H%M%S")

    def issue(i, tag):
        return issue_credential(
            kind="worker", source=f"bench:pdf:{run}:{tag}:{i}", holder_name=f"{random.choice(FIRST)} {random.choice(LAST)}",
            subject="Pekerja Sosial Generalis", subject_en="Generalist Social Worker", subject_code="BENCH",
            issuer="LSP Kemensos",
        )

    def wait_rendered(ids, timeout=600):
        deadline = time.monotonic() + timeout
        while Credential.objects.filter(pk__in=ids, pdf_sha256="").exists():
            if time.monotonic() > deadline or worker.poll() is not None:
                raise SystemExit("the Celery worker did not render the PDFs (see var/bench-credentials/celery.log)")
            time.sleep(0.05)

    try:
        deadline = time.monotonic() + 60
        while not app.control.ping(timeout=1):
            if time.monotonic() > deadline:
                raise SystemExit("the Celery worker did not start (see var/bench-credentials/celery.log)")
        # Warm-up: one render per worker process (fonts and templates loaded once per process).
        wait_rendered([issue(i, "warm").pk for i in range(args.pdf_processes * 2)])
        started = time.monotonic()
        ids = [issue(i, "timed").pk for i in range(args.pdfs)]
        issued = time.monotonic() - started
        wait_rendered(ids)
        celery_elapsed = time.monotonic() - started
    finally:
        stop(worker)
    with multiprocessing.get_context("fork").Pool(args.pdf_processes, initializer=_pool_init, initargs=(ids[0],)) as pool:
        pool.map(_render_one, ids[: args.pdf_processes], chunksize=1)  # every process has started
        started = time.monotonic()
        sizes = pool.map(_render_one, ids, chunksize=1)
        bare_elapsed = time.monotonic() - started
    celery_rate, bare_rate = args.pdfs / celery_elapsed, args.pdfs / bare_elapsed
    print()
    print(f"PDF issuance, {args.pdfs} certificates, {args.pdf_processes} processes each side "
          f"(issuing the rows took {issued:.2f} s of the Celery time)")
    print(f"  issue_credential → Celery worker → PDF stored: {celery_rate:6.1f} PDF/s ({celery_elapsed:.1f} s)")
    print(f"  bare WeasyPrint, same template:                {bare_rate:6.1f} PDF/s ({bare_elapsed:.1f} s), "
          f"{statistics.mean(sizes) / 1024:.0f} KiB each")
    print(f"throughput ratio Celery issuance / bare rendering: {celery_rate / bare_rate:.2f}×")


def main():
    cpus = os.cpu_count() or 2
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--credentials", type=int, default=200_000)
    parser.add_argument("--seconds", type=float, default=2, help="per endpoint and round (default 2)")
    parser.add_argument("--rounds", type=int, default=12, help="interleaved rounds (default 12: short phases, alternated, so a busy neighbour skews both sides alike)")
    parser.add_argument("--clients", type=int, default=8, help="client threads (default 8)")
    parser.add_argument("--gunicorn-workers", type=int, default=None, help="default: gunicorn.conf.py's (2 × CPUs + 1)")
    parser.add_argument("--gunicorn-threads", type=int, default=4)
    parser.add_argument("--pdfs", type=int, default=40, help="certificates in the PDF benchmark (default 40)")
    parser.add_argument("--pdf-processes", type=int, default=cpus, help="Celery concurrency = bare processes")
    parser.add_argument("--skip-pdf", action="store_true")
    args = parser.parse_args()

    ensure_database()
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    print(f"database {DATABASE_URL.rsplit('/', 1)[1]}, {cpus} CPUs, load average {os.getloadavg()[0]:.2f} at start")
    seed(args.credentials)
    bench_verify(args)
    if not args.skip_pdf:
        bench_pdf(args)
    print(f"load average {os.getloadavg()[0]:.2f} at the end (other processes on the machine skew every figure)")


if __name__ == "__main__":
    main()
