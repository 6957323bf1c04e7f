"""Signing in from tests: Django's test client with a `force_login` that includes the second factor."""

from allauth.account.internal.flows.login import record_authentication
from django.http import HttpRequest
from django.test import Client as DjangoClient


def pass_second_factor(client, user):
    """Record in the client's session that its user passed TOTP, as allauth's login does after the
    code was accepted (portal.accounts.mfa.session_passed_mfa reads it)."""
    session = client.session
    request = HttpRequest()
    request.session = session
    request.user = user
    record_authentication(request, user, "mfa", type="totp")
    session.save()


class Client(DjangoClient):
    """Django's test client whose `force_login` signs in completely: a user who has enrolled TOTP
    has passed it, as after allauth's login with the code. `login()` (Django's own, password only)
    stays a session without the second factor."""

    def force_login(self, user, backend=None):
        super().force_login(user, backend)
        if user.mfa_required and user.authenticator_set.filter(type="totp").exists():
            pass_second_factor(self, user)


