import time

from django.core.management.base import BaseCommand

from portal.credentials import public


class Command(BaseCommand):
    help = (
        "Put every credential's public facts in the cache, so that public verification reads Redis only. "
        "Celery beat runs it daily; run it after importing credentials in bulk or after Redis lost its data."
    )

    def handle(self, *args, **options):
        started = time.monotonic()
        count = public.warm()
        self.stdout.write(f"{count} credentials cached in {time.monotonic() - started:.1f} s")
