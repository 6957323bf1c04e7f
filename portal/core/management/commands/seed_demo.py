from django.core.management.base import BaseCommand
from django.db import transaction

from portal.core import demo


class Command(BaseCommand):
    help = "Create (or refresh) one demo account per role and the demo data of every app. Idempotent."

    def add_arguments(self, parser):
        parser.add_argument("--password", default=demo.DEFAULT_PASSWORD, help="Password for every demo account.")
        parser.add_argument(
            "--workers", type=int, default=0, metavar="N",
            help="Also make sure N synthetic workers exist in the registry (bulk load for benchmarks).",
        )

    def handle(self, *args, password, **options):
        with transaction.atomic():
            users = demo.seed(password=password, log=self.stdout.write, **options)
        self.stdout.write(self.style.SUCCESS("Demo accounts (password: %s)" % password))
        for role, user in users.items():
            office = f"  [{user.regional_office.name}]" if user.regional_office else ""
            self.stdout.write(f"  {user.email:<28} {user.get_role_display()}{office}")
        self.stdout.write(
            "Secretariat, assessor and admin accounts enrol an authenticator app (TOTP) at first sign-in."
        )
