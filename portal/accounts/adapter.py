import time

from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from django.conf import settings

from portal.notifications.services import queue_email


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix, email, context):
        """Account emails (verification, password reset) go through the outbox like every other email,
        so a mail-server outage delays them instead of losing them."""
        message = self.render_mail(template_prefix, email, context)
        body_html = None
        for content, mimetype in getattr(message, "alternatives", []) or []:
            if mimetype == "text/html":
                body_html = content
        queue_email(to=email, subject=message.subject, body=message.body, body_html=body_html)

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
