from django.core.management.base import BaseCommand, CommandError

from portal.retention import rules, services


class Command(BaseCommand):
    help = "Apply the retention periods: delete the records (and files) whose period has ended, audited."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Count what is due; remove nothing.")
        parser.add_argument("--kind", action="append", dest="kinds", metavar="KEY",
                            help="Only this kind of record (repeatable).")

    def handle(self, *args, dry_run=False, kinds=None, **options):
        known = {k.key for k in rules.kinds()}
        unknown = sorted(set(kinds or ()) - known)
        if unknown:
            raise CommandError(f"Unknown kind(s): {', '.join(unknown)}. Known: {', '.join(sorted(known))}")
        result = services.apply_all(dry_run=dry_run, keys=set(kinds) if kinds else None)
        for kind in rules.kinds():
            if kinds and kind.key not in kinds:
                continue
            if kind.key not in result:
                self.stdout.write(f"{kind.key}: disabled")
            else:
                verb = "due" if dry_run else "removed"
                self.stdout.write(f"{kind.key}: {result[kind.key]} {verb}")
