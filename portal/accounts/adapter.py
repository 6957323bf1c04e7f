import time

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.internal import ratelimit
from allauth.mfa.adapter import DefaultMFAAdapter
from django.conf import settings
from django.core import signing
from django.utils.encoding import force_str

from .models import User

from portal.core.site import current_site
from portal.notifications.services import queue_email


KNOWN_DEVICE_COOKIE = "portal_device"
KNOWN_DEVICE_SALT = "portal.accounts.known-device"
KNOWN_DEVICE_ACCOUNTS = 5


def known_accounts(request):
    """Ids of the accounts that completed a whole sign-in (password, and TOTP where the role needs
    it) in this browser within KNOWN_DEVICE_DAYS: the signed cookie set by `post_login`."""
    try:
        value = request.get_signed_cookie(
            KNOWN_DEVICE_COOKIE, salt=KNOWN_DEVICE_SALT, max_age=settings.KNOWN_DEVICE_DAYS * 86400
        )
    except (KeyError, signing.BadSignature):
        return []
    return [int(pk) for pk in value.split(",") if pk.isascii() and pk.isdigit()][:KNOWN_DEVICE_ACCOUNTS]


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix, email, context):
        """Account emails (verification, password reset) go through the outbox like every other email,
        so a mail-server outage delays them instead of losing them. Their templates name the portal
        through `current_site` (PORTAL_NAME and SITE_URL's host, see portal.core.site), which allauth's
        own send_mail would have set from the Sites framework."""
        context = {"email": email, "current_site": current_site(), **context}
        message = self.render_mail(template_prefix, email, context)
        body_html = None
        for content, mimetype in getattr(message, "alternatives", []) or []:
            if mimetype == "text/html":
                body_html = content
        queue_email(to=email, subject=message.subject, body=message.body, body_html=body_html)

    def pre_authenticate(self, request, **credentials):
        """Failed sign-ins are limited per address and, progressively, per account (settings
        ACCOUNT_RATE_LIMITS["login_failed"]: 5 in 5 minutes, 15 in an hour, 30 a day). So that nobody
        can lock a staff member out by typing wrong passwords for their email, the account's own
        limit does not apply in a browser where that account completed a whole sign-in before
        (`known_accounts`): there only the per-address limit does."""
        email = (credentials.get("email") or "").strip()
        known = known_accounts(request)
        if known and email and User.objects.filter(email__iexact=email, pk__in=known).exists():
            self._login_failed_rl_usage = ratelimit.consume(
                request, app="allauth.account", action="login_failed_known_device"
            )
            if not self._login_failed_rl_usage:
                raise self.validation_error("too_many_login_attempts")
            return
        super().pre_authenticate(request, **credentials)

    def post_login(self, request, user, **kwargs):
        """A whole sign-in (after the second factor where the role needs it): this browser becomes a
        known device of the account."""
        response = super().post_login(request, user, **kwargs)
        accounts = [user.pk, *(pk for pk in known_accounts(request) if pk != user.pk)][:KNOWN_DEVICE_ACCOUNTS]
        response.set_signed_cookie(
            KNOWN_DEVICE_COOKIE,
            ",".join(map(str, accounts)),
            salt=KNOWN_DEVICE_SALT,
            max_age=settings.KNOWN_DEVICE_DAYS * 86400,
            secure=settings.SESSION_COOKIE_SECURE,
            httponly=True,
            samesite="Lax",
        )
        return response

    def format_email_subject(self, subject):
        """"[Portal Sertifikasi Kemensos] …" in Indonesian, "[Kemensos Certification Portal] …" in English:
        the prefix is translated with the rest of the message."""
        return f"[{settings.PORTAL_SHORT_NAME}] {force_str(subject)}"

    def get_from_email(self):
        return settings.DEFAULT_FROM_EMAIL

    def is_reauthentication_required(self, *, app, **kwargs):
        """Someone who signed in with their password a few minutes ago is not asked for it again
        before enrolling the authenticator app that their role requires."""
        required = super().is_reauthentication_required(app=app, **kwargs)
        request = getattr(self, "request", None)
        if required and app == "allauth.mfa" and request is not None and request.user.is_authenticated:
            from allauth.account import app_settings
            from allauth.account.internal.flows.login import get_authentication_records

            records = get_authentication_records(request, request.user)
            if records and time.time() - records[-1]["at"] < app_settings.REAUTHENTICATION_TIMEOUT:
                return False
        return required


class MFAAdapter(DefaultMFAAdapter):
    def can_delete_authenticator(self, authenticator):
        """Roles that must use two-factor authentication may not switch it off."""
        if authenticator.user.mfa_required and authenticator.type == authenticator.Type.TOTP:
            return False
        return super().can_delete_authenticator(authenticator)
