"""The second factor: who has enrolled it, and whether this session passed it.

Roles in `settings.MFA_REQUIRED_ROLES` must pass TOTP on every way into a session. allauth's login
records each authentication method in the session (`record_authentication`); a session of such a
user without an "mfa" record was opened some other way (Django's own `login()`, a password reset, a
future view) and is refused by `RequireMFAMiddleware`.
"""

from allauth.account.internal.flows.login import get_authentication_records, record_authentication
from allauth.mfa.models import Authenticator


def has_totp(user):
    """True when the user has enrolled an authenticator app."""
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def session_passed_mfa(request, user):
    """True when this session's user passed a second factor (TOTP or a recovery code) in it."""
    return any(record.get("method") == "mfa" for record in get_authentication_records(request, user))


def record_enrolment(sender, request, user, authenticator, **kwargs):
    """Enrolling TOTP proves possession of the authenticator (a valid code was typed): the session
    that enrolled counts as having passed the second factor."""
    if authenticator.type != Authenticator.Type.TOTP or request is None:
        return
    if getattr(request, "user", None) is not None and request.user.pk == user.pk:
        record_authentication(request, user, "mfa", id=authenticator.pk, type=authenticator.type)
