"""python manage.py import_register --kind workers|lks FILE [--commit]

Without --commit: the dry run (counts, the first rows, every problem with its row); nothing is written.
With --commit: the same check, then the import in one transaction (everything or, with any problem, nothing).
Exit status 1 when the file has problems."""

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from portal.imports import kinds, services
from portal.imports.spreadsheet import FileRefused


class Command(BaseCommand):
    help = "Check (dry run) or import a spreadsheet of the register kept before the portal."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--kind", required=True, help="workers or lks")
        parser.add_argument("--commit", action="store_true", help="import (without it: a dry run)")
        parser.add_argument("--errors", type=int, default=50, help="problems to print (default 50)")

    def handle(self, *args, file, kind, commit, errors, **options):
        importer = kinds.get(kind)
        if importer is None:
            raise CommandError(f"Unknown kind {kind!r}; the kinds are: {', '.join(i.key for i in kinds.importers())}")
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"No such file: {file}")
        data = path.read_bytes()
        started = time.perf_counter()
        try:
            if commit:
                plan, counts = services.apply(importer, data, path.name)
            else:
                plan, counts = services.evaluate(importer, data, path.name), {}
        except FileRefused as refused:
            raise CommandError(refused.message) from None
        elapsed = time.perf_counter() - started
        summary = plan.counts()
        self.stdout.write(
            f"{path.name}: {summary['total']} rows, {summary['new']} to import, {summary['unchanged']} already in the "
            f"register, {summary['errors']} problems ({elapsed:.1f} s)"
        )
        for line in plan.preview[:5]:
            self.stdout.write(f"  row {line['row']}: {' | '.join(line['cells'])} [{line['action']}]")
        for error in plan.errors[:errors]:
            where = f"row {error.row}" if error.row else "file"
            self.stdout.write(self.style.ERROR(f"  {where}, {error.column or '-'}: {error.message}"))
        if len(plan.errors) > errors:
            self.stdout.write(f"  … and {len(plan.errors) - errors} more")
        if plan.errors:
            self.stdout.write(self.style.ERROR("Nothing was imported."))
            raise SystemExit(1)
        if commit:
            self.stdout.write(self.style.SUCCESS(f"Imported: {counts.get('created', 0)} certificates."))
        else:
            self.stdout.write("Dry run: nothing was written. Run again with --commit to import.")
