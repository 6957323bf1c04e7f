"""Benchmark: issuing sealed certificate PDFs through the Celery worker as deployed, the stamped path
(portal.core.stamping: the design rendered once, each certificate stamped onto it and sealed) next to the
old path (each certificate rendered whole by WeasyPrint and sealed), in the same run.

    .venv/bin/python benchmarks/issuance.py [--certificates 1000] [--old-sample 100] [--concurrency 4]

Own PostgreSQL database (BENCH_DATABASE_URL, created and migrated if missing) and Redis database
(BENCH_REDIS_URL, broker and cache; its queue is purged first); files under var/bench-issuance. Signed
credentials are seeded once without PDFs; each phase clears their PDFs, starts `celery -A portal worker
--concurrency=N` (docker-compose.yml's command; N defaults to its 4), warms every pool process up with a
few tasks (imports, fonts, and for the stamped path the one WeasyPrint rendering of the design), then queues
`render_credential_pdf` for each certificate, the task issuance and bulk issuance queue, and waits until every
credential has its PDF. Printed: wall time, certificates per second, and the CPU seconds the worker's
processes spent per certificate (from /proc, less skewed by other people's load on a shared machine than the
wall time). The old path is measured on a sample (--old-sample) and scaled to --certificates: it says so.
Every PDF of the stamped phase is checked to be stamped and sealed. Not a test.
"""

import argparse
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
VAR = ROOT / "var" / "bench-issuance"
DATABASE_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/issuance_bench")
REDIS = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/7")
ENV = {  # this process's and the worker's: production-like settings, the demonstration seal
    **os.environ,
    "DJANGO_SETTINGS_MODULE": "portal.settings",
    "DATABASE_URL": DATABASE_URL,
    "REDIS_URL": REDIS,
    "CELERY_TASK_ALWAYS_EAGER": "0",
    "DJANGO_DEBUG": "0",
    "PRIVATE_MEDIA_ROOT": str(VAR / "private"),
    "LOG_LEVEL": "WARNING",
}
os.environ.update(ENV)
TICKS = os.sysconf("SC_CLK_TCK")
SUBJECTS = [("worker", "GEN", "Pekerja Sosial Generalis", "Generalist Social Worker"),
            ("worker", "TKSK", "Tenaga Kesejahteraan Sosial Kecamatan", ""),
            ("lks", "A", "Terakreditasi A (Sangat Baik)", "Accredited A (Very Good)")]
FIRST = ["Siti", "Budi", "Dewi", "Ahmad", "Rina", "Agus", "Putu", "Nur", "Yohanes", "Made"]
LAST = ["Rahmawati", "Santoso", "Lestari", "Wijaya", "Hidayat", "Simanjuntak", "Wibowo", "Pratama"]


def ensure_database():
    import psycopg

    server, name = DATABASE_URL.rsplit("/", 1)
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        if not admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            admin.execute(f'CREATE DATABASE "{name}"')


def seed(target):
    """Signed credentials as issue_credential makes them (number, lookup, signature, signatory; no PDF)."""
    from django.conf import settings
    from django.db import transaction
    from django.utils import timezone

    from portal.credentials import numbering, signing
    from portal.credentials.models import Credential
    from portal.credentials.services import valid_until_for, validity_years_for
    from portal.regions.models import Province

    have = Credential.objects.filter(source__startswith="bench:issue:").count()
    if have >= target:
        return
    provinces = list(Province.objects.all()) or [None]
    rng, today, batch = random.Random(have), timezone.localdate(), []
    for index in range(have, target):
        kind, code, subject, subject_en = SUBJECTS[index % len(SUBJECTS)]
        issued = today.replace(month=1 + index % 12, day=1 + index % 28)
        number = numbering.format_number(numbering.number_prefix(kind, code), 2000 + index // 100_000, 1 + index % 100_000)
        signatory = settings.CREDENTIAL_SIGNATORIES[kind]
        credential = Credential(
            number=number, lookup=numbering.normalise(number), kind=kind,
            holder_name=f"{rng.choice(FIRST)} {rng.choice(LAST)}" if kind == "worker" else f"LKS Bina Sejahtera {index}",
            subject=subject, subject_en=subject_en, subject_code=code,
            issuer="LSP Kemensos" if kind == "worker" else "BALKS", source=f"bench:issue:{index}",
            province=rng.choice(provinces) if kind == "lks" else None,
            issued_on=issued, valid_until=valid_until_for(issued, validity_years_for(kind, code)),
            signatory_name=signatory["name"], signatory_title=signatory["title"], signatory_title_en=signatory["title_en"],
        )
        credential.key_id, credential.signature = signing.sign(signing.payload_of(credential))
        batch.append(credential)
    with transaction.atomic():
        Credential.objects.bulk_create(batch)
    print(f"  seeded {target - have:,} signed credentials")


def cpu_seconds(pids):
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / TICKS  # utime + stime
    return total


def children(pid):
    out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(pid)], check=False, capture_output=True, text=True).stdout
    return [int(line) for line in out.split()]


class Worker:
    """`celery -A portal worker` as docker-compose.yml starts it, in a process group of its own."""

    def __init__(self, concurrency, stamped):
        VAR.mkdir(parents=True, exist_ok=True)
        self.log = VAR / f"worker-{'stamped' if stamped else 'weasyprint'}.log"
        self.process = subprocess.Popen(
            [str(Path(sys.executable).parent / "celery"), "-A", "portal", "worker", "--loglevel=WARNING",
             f"--concurrency={concurrency}", "--without-gossip", "--without-mingle", "-n", f"bench-issuance@{os.uname().nodename}"],
            cwd=ROOT, env={**ENV, "CREDENTIAL_PDF_STAMPED": "1" if stamped else "0"},
            stdout=self.log.open("w"), stderr=subprocess.STDOUT, start_new_session=True,
        )
        self.concurrency = concurrency

    def pids(self):
        return [self.process.pid, *children(self.process.pid)]

    def stop(self):
        os.killpg(self.process.pid, signal.SIGTERM)  # the group this benchmark started, nothing else
        try:
            self.process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()


def clear_pdfs(ids):
    from portal.credentials.models import Credential

    Credential.objects.filter(pk__in=ids).update(pdf="", pdf_sha256="", pdf_rendered_at=None)


def wait_for(ids, timeout):
    from portal.credentials.models import Credential

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not Credential.objects.filter(pk__in=ids, pdf_sha256="").exists():
            return time.monotonic()
        time.sleep(0.25)
    raise SystemExit(f"not every PDF was rendered within {timeout} s (see {VAR}/worker-*.log)")


def phase(label, stamped, ids, warm_ids, concurrency):
    from portal.credentials.tasks import render_credential_pdf

    clear_pdfs(ids + warm_ids)
    worker = Worker(concurrency, stamped)
    try:
        started = time.monotonic()
        for pk in warm_ids:  # imports, fonts, the design: once per pool process
            render_credential_pdf.delay(pk)
        wait_for(warm_ids, 600)
        warm = time.monotonic() - started
        pids = worker.pids()
        cpu, started = cpu_seconds(pids), time.monotonic()
        for pk in ids:
            render_credential_pdf.delay(pk)
        finished = wait_for(ids, 3600)
        elapsed, cpu = finished - started, cpu_seconds(pids) - cpu
    finally:
        worker.stop()
    print(f"  {label}: {len(ids):,} in {elapsed:.1f} s ({len(ids) / elapsed:.1f}/s), worker CPU "
          f"{cpu / len(ids) * 1000:.0f} ms per certificate; warm-up {len(warm_ids)} in {warm:.1f} s")
    return elapsed, cpu


def check(ids):
    """Every PDF of the stamped phase: one page stamped onto the design and sealed; one validated in full."""
    from io import BytesIO

    import pikepdf
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    from portal.core import sealing
    from portal.credentials.models import Credential

    stamped = 0
    for credential in Credential.objects.filter(pk__in=ids):
        data = Path(credential.pdf.path).read_bytes()
        with pikepdf.open(BytesIO(data)) as document:  # the stamp: a form XObject laid over the design
            forms = [x for x in document.pages[0].Resources.get("/XObject", {}).values() if x.get("/Subtype") == "/Form"]
        stamped += bool(forms) and b"/ETSI.CAdES.detached" in data
    [signature] = PdfFileReader(BytesIO(data), strict=False).embedded_signatures
    status = validate_pdf_signature(signature, ValidationContext(trust_roots=[sealing.certificate()]))
    print(f"  checked: {stamped:,} of {len(ids):,} stamped and sealed; the last validates: "
          f"intact={status.intact} valid={status.valid} trusted={status.trusted}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--certificates", type=int, default=1000)
    parser.add_argument("--old-sample", type=int, default=100, help="certificates the old path renders (scaled)")
    parser.add_argument("--concurrency", type=int, default=4, help="worker processes (docker-compose.yml: 4)")
    parser.add_argument("--skip-old", action="store_true")
    args = parser.parse_args()
    ensure_database()
    import django
    from django.core import management

    django.setup()
    management.call_command("migrate", verbosity=0)
    from portal.celery import app
    from portal.credentials.models import Credential

    app.control.purge()  # this benchmark's broker database only
    warm_count = 3 * args.concurrency
    seed(args.certificates + warm_count)
    ids = list(Credential.objects.filter(source__startswith="bench:issue:").order_by("pk").values_list("pk", flat=True))
    warm_ids, ids = ids[:warm_count], ids[warm_count:warm_count + args.certificates]
    print(f"database {DATABASE_URL.rsplit('/', 1)[1]}, {os.cpu_count()} CPUs, worker concurrency {args.concurrency}, "
          f"sealed (PAdES, {'configured certificate' if os.environ.get('PDF_SEAL_PKCS12') else 'demonstration pair'}), "
          f"load average {os.getloadavg()[0]:.2f}")
    stamped_time, stamped_cpu = phase("stamped (portal.core.stamping)", True, ids, warm_ids, args.concurrency)
    check(ids)
    if not args.skip_old:
        sample = ids[: args.old_sample]
        old_time, old_cpu = phase(f"old, WeasyPrint whole (sample of {len(sample)})", False, sample, warm_ids,
                                  args.concurrency)
        scale = len(ids) / len(sample)
        print(f"  old path scaled to {len(ids):,}: {old_time * scale:.0f} s (sample × {scale:g}), "
              f"worker CPU {old_cpu / len(sample) * 1000:.0f} ms per certificate")
        print(f"  stamped is {old_time * scale / stamped_time:.1f}× faster by wall time, "
              f"{(old_cpu / len(sample)) / (stamped_cpu / len(ids)):.1f}× by CPU")
    verdict = "met" if stamped_time <= 30 * len(ids) / 1000 else "NOT met"
    print(f"aim, 1,000 sealed in ≤ 30 s on this machine: {stamped_time * 1000 / len(ids):.1f} s per 1,000: {verdict}")
    print(f"load average {os.getloadavg()[0]:.2f} at the end (other processes on the machine skew the wall times)")


if __name__ == "__main__":
    main()
