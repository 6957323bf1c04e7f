"""Partner systems (Dinas Sosial, ministries, employers' HR systems) registered by an admin as OAuth 2.0
clients (django-oauth-toolkit's `Application`, client-credentials grant) with the scopes they may ask for."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

#: The scopes a partner may be given (see docs/api.md). `registry:lookup` answers about one person by NIK.
SCOPES = {
    "credentials:read": _("Read certificates and accreditations (public facts), and their changes"),
    "statistics:read": _("Read the public statistics"),
    "registry:lookup": _("Look up one person's certification status by NIK (every call audited)"),
}


class Partner(models.Model):
    application = models.OneToOneField(
        settings.OAUTH2_PROVIDER_APPLICATION_MODEL, on_delete=models.CASCADE, related_name="partner", verbose_name=_("OAuth client")
    )
    organisation = models.CharField(_("organisation"), max_length=200)
    contact_email = models.EmailField(_("contact e-mail"))
    scopes = models.JSONField(_("scopes"), default=list, help_text=_("Any of: credentials:read, statistics:read, registry:lookup."))
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        verbose_name = _("partner system")
        verbose_name_plural = _("partner systems")

    def __str__(self):
        return self.organisation

    @property
    def active(self):
        return self.revoked_at is None
