"""Benchmark: importing the register of certified workers, 100,000 rows, on PostgreSQL.

    createdb -h 127.0.0.1 -U postgres bench_import
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_import .venv/bin/python benchmarks/import_register.py

Builds a CSV of --rows worker certificates (valid NIKs, one person per row, numbers as issued before the
portal), then times, through the engine the admin page and `manage.py import_register` use:
the dry run (read + check), the import (check again + one transaction: placeholder accounts, worker
profiles, credentials signed and with their VC, audit events), and the same file imported again (nothing
to do). Aim: the import of 100,000 rows in at most 5 minutes. It prints figures; it is not a test.
Each run uses numbers and NIKs of its own (--start), so it can run again on the same database.
"""

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
os.environ.setdefault("DJANGO_DEBUG", "0")  # no query log: time what production would do
os.environ.setdefault("DB_POOL", "0")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=100_000, help="rows to import (default 100,000)")
    parser.add_argument("--start", type=int, default=None, help="first synthetic worker (default: after the last run)")
    args = parser.parse_args()

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from certification import reference as certification_reference
    from portal.credentials.models import Credential
    from portal.imports import kinds, services
    from portal.regions import reference as regions_reference
    from tests.imports.helpers import WORKER_HEADER, csv_bytes, worker_rows

    if connection.vendor != "postgresql":
        sys.exit("The benchmark needs PostgreSQL: set DATABASE_URL=postgres://…")
    call_command("migrate", verbosity=0)
    regions_reference.load()
    certification_reference.load()
    start = args.start if args.start is not None else Credential.objects.filter(source__startswith="import:").count()
    prefix = f"BENCH{start}"
    data = csv_bytes(WORKER_HEADER, worker_rows(args.rows, start=start, prefix=prefix))
    importer = kinds.get("workers")
    print(f"{args.rows:,} rows, {len(data) / 2**20:.1f} MB of CSV; {Credential.objects.count():,} credentials in the database")

    began = time.perf_counter()
    plan = services.evaluate(importer, data, "bench.csv")
    dry = time.perf_counter() - began
    assert not plan.errors, plan.errors[:3]
    print(f"dry run (read + check):             {dry:7.1f} s   {args.rows / dry:8,.0f} rows/s   {plan.counts()}")

    began = time.perf_counter()
    plan, counts = services.apply(importer, data, "bench.csv")
    done = time.perf_counter() - began
    assert not plan.errors and counts["created"] == args.rows, (plan.errors[:3], counts)
    print(f"import (check + one transaction):   {done:7.1f} s   {args.rows / done:8,.0f} rows/s   "
          f"created {counts['created']:,}, profiles {counts['profiles_created']:,}")

    began = time.perf_counter()
    plan, counts = services.apply(importer, data, "bench.csv")
    again = time.perf_counter() - began
    assert counts["created"] == 0 and plan.unchanged == args.rows
    print(f"the same file again (nothing to do): {again:6.1f} s   {args.rows / again:8,.0f} rows/s   unchanged {plan.unchanged:,}")
    aim = 300 * args.rows / 100_000
    print(f"aim: {args.rows:,} rows in <= {aim:.0f} s -> {'met' if done <= aim else 'NOT met'} ({done:.1f} s)")


if __name__ == "__main__":
    main()
