"""Register a partner system as an OAuth 2.0 client (client credentials) with its scopes; prints the client
id and secret once (the secret is stored hashed). Revoke in the Django admin (Partner systems)."""

from django.core.management.base import BaseCommand, CommandError

from portal.api import services
from portal.api.models import SCOPES


class Command(BaseCommand):
    help = "Register a partner system (OAuth 2.0 client credentials) with the scopes it may use."

    def add_arguments(self, parser):
        parser.add_argument("--organisation", required=True)
        parser.add_argument("--email", required=True)
        parser.add_argument("--scopes", required=True, help="Comma-separated: " + ", ".join(SCOPES))
        parser.add_argument("--note", default="")

    def handle(self, *args, organisation, email, scopes, note, **options):
        wanted = [scope.strip() for scope in scopes.split(",") if scope.strip()]
        try:
            partner, secret = services.register_partner(
                None, organisation=organisation, contact_email=email, scopes=wanted, note=note
            )
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"client_id={partner.application.client_id}")
        self.stdout.write(f"client_secret={secret}")
        self.stdout.write("The secret is shown once; it is stored hashed.")
