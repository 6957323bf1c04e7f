"""Signing in from tests without the sign-in form: a session opened as Django's test client's
`force_login` opens one, plus the second factor for a user who has enrolled TOTP. The test client
(`Client.force_login`) and the browser tests (`tests.e2e.conftest.sign_in`, which puts the session's
cookie into the browser) both use `signed_in_session`."""

from importlib import import_module

from allauth.account.internal.flows.login import record_authentication
from django.conf import settings
from django.contrib.auth import load_backend, login
from django.http import HttpRequest
from django.test import Client as DjangoClient

from portal.accounts.mfa import has_totp


def default_backend():
    """The first authentication backend that can load a user (what `force_login` uses)."""
    return next(path for path in settings.AUTHENTICATION_BACKENDS if hasattr(load_backend(path), "get_user"))


def pass_second_factor(request, user):
    """Record in the request's session that its user passed TOTP, as allauth's login does after the
    code was accepted (portal.accounts.mfa.session_passed_mfa reads it)."""
    record_authentication(request, user, "mfa", type="totp")


def signed_in_session(user, session=None, backend=None):
    """Sign `user` into `session` (a new one by default) as after a complete sign-in, and save it in
    the database: Django's `login()` on a stand-in request, as the test client's `force_login` does,
    and, for a role that requires the second factor and has enrolled TOTP, the record that it was
    passed (without it `RequireMFAMiddleware` ends the session). A staff user who has not enrolled
    yet gets a session without it, and is sent to enrolment like after the password step."""
    if session is None:
        session = import_module(settings.SESSION_ENGINE).SessionStore()
    backend = backend or default_backend()
    user.backend = backend
    request = HttpRequest()
    request.session = session
    login(request, user, backend)
    if user.mfa_required and has_totp(user):
        pass_second_factor(request, user)
    request.session.save()
    return request.session


class Client(DjangoClient):
    """Django's test client whose `force_login` signs in completely: a user who has enrolled TOTP
    has passed it, as after allauth's login with the code. `login()` (Django's own, password only)
    stays a session without the second factor."""

    def force_login(self, user, backend=None):
        request = HttpRequest()
        request.session = signed_in_session(user, self.session, backend)
        self._set_login_cookies(request)
