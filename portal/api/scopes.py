"""Which scopes a client may be granted: those its `Partner` lists, none once revoked (django-oauth-toolkit's
scopes backend; by default every client could ask for every scope)."""

from oauth2_provider.scopes import SettingsScopes

from .models import SCOPES


class PartnerScopes(SettingsScopes):
    def _allowed(self, application):
        partner = getattr(application, "partner", None) if application is not None else None
        if partner is None or not partner.active:
            return []
        return [scope for scope in partner.scopes if scope in SCOPES]

    def get_available_scopes(self, application=None, request=None, *args, **kwargs):
        if application is None:  # the list of every scope (the schema, the admin)
            return list(SCOPES)
        return self._allowed(application)

    def get_default_scopes(self, application=None, request=None, *args, **kwargs):
        return self._allowed(application) if application is not None else []
