"""Benchmark: the registry's staff search against Django admin's changelist, at a million workers.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench .venv/bin/python benchmarks/registry_search.py

Seeds synthetic workers into PostgreSQL if fewer than --workers are present (the same loader as
`manage.py seed_demo --workers N`), then times three typical staff searches end to end (URL
resolution, middleware, query, template) through Django's test client, each next to Django admin's
changelist with the same filters on the same data, and prints p50/p95 and the ratios. It prints
figures; it is not a test.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
os.environ.setdefault("DJANGO_DEBUG", "0")  # no query log: time what production would do
os.environ.setdefault("DB_POOL", "0")


def percentile(values, share):
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))
    return ordered[index]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workers", type=int, default=1_000_000, help="synthetic workers to have (default 1,000,000)")
    parser.add_argument("--runs", type=int, default=20, help="timed requests per search and side (default 20)")
    parser.add_argument("--warmup", type=int, default=3, help="untimed requests first (default 3)")
    args = parser.parse_args()

    import django

    django.setup()
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
    from django.core.management import call_command
    from django.db import connection
    from tests.auth import Client  # force_login with the second factor passed
    from django.test.utils import CaptureQueriesContext

    from portal.accounts.mfa import has_totp
    from portal.accounts.models import User
    from portal.accounts.roles import Role
    from portal.regions.models import Province
    from registry import bulk
    from registry.models import WorkerProfile

    if connection.vendor != "postgresql":
        sys.exit("The benchmark needs PostgreSQL: set DATABASE_URL=postgres://…")
    call_command("migrate", verbosity=0)
    started = time.monotonic()
    added = bulk.ensure_synthetic_workers(args.workers, log=print)
    if added:
        print(f"seeded {added:,} workers in {time.monotonic() - started:.0f} s")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE registry_workerprofile")
        cursor.execute("SELECT reltuples::bigint FROM pg_class WHERE relname = 'registry_workerprofile'")
        rows = cursor.fetchone()[0]

    admin, _created = User.objects.get_or_create(
        email="benchmark-admin@bench.test",
        defaults={"full_name": "Benchmark Admin", "role": Role.LSP_ADMIN, "is_staff": True, "is_superuser": True},
    )
    if not has_totp(admin):
        TOTP.activate(admin, generate_totp_secret())
    client = Client()
    client.force_login(admin)

    jabar = Province.objects.get(code="32").pk
    searches = [
        (
            "Jawa Barat, S1, social-work education",
            f"/workers/?province={jabar}&education=S1&social_work=yes",
            f"/admin/registry/workerprofile/?province__id__exact={jabar}&highest_education__exact=S1&social_work_education__exact=1",
        ),
        (
            "name contains 'siti', certified",
            "/workers/?q=siti&status=certified",
            "/admin/registry/workerprofile/?q=siti&certification_status__exact=certified",
        ),
        (
            "NIK starts with 3204, pendamping PKH",
            "/workers/?nik=3204&role_type=pkh",
            "/admin/registry/workerprofile/?q=3204&role_type__exact=pkh",
        ),
    ]

    def timed(url):
        for _ in range(args.warmup):
            assert client.get(url).status_code == 200, url
        times = []
        for _ in range(args.runs):
            start = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200, url
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        return times, len(queries.captured_queries), queries

    print()
    print(f"registry_workerprofile: ~{rows:,} rows (pg_class estimate); {args.runs} timed requests per cell, ms")
    header = f"{'search':<40} {'ours p50':>9} {'ours p95':>9} {'admin p50':>10} {'admin p95':>10} {'x p50':>7} {'x p95':>7} {'queries':>9}"
    print(header)
    print("-" * len(header))
    for label, ours_url, admin_url in searches:
        ours, ours_queries, _ = timed(ours_url)
        theirs, admin_queries, _ = timed(admin_url)
        o50, o95 = statistics.median(ours), percentile(ours, 0.95)
        a50, a95 = statistics.median(theirs), percentile(theirs, 0.95)
        print(
            f"{label:<40} {o50:>9.1f} {o95:>9.1f} {a50:>10.1f} {a95:>10.1f} {a50 / o50:>6.1f}x {a95 / o95:>6.1f}x"
            f" {ours_queries:>4}/{admin_queries:<4}"
        )
    print()
    print("x = admin time / our time (higher is better for the registry). queries = ours/admin per request.")
    print(f"synthetic workers present: {bulk.existing_count():,}; all profiles: {WorkerProfile.objects.count():,}")


if __name__ == "__main__":
    main()
