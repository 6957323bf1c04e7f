from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "portal.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from allauth.mfa.signals import authenticator_added

        from .mfa import record_enrolment

        authenticator_added.connect(record_enrolment, dispatch_uid="accounts.record_enrolment")
