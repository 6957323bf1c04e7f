"""Only registered, unrevoked partners authenticate (django-oauth-toolkit's validator, extended): a revoked
partner's client id and secret get `invalid_client`, not a token without scopes."""

from oauth2_provider.oauth2_validators import OAuth2Validator


class PartnerValidator(OAuth2Validator):
    def authenticate_client(self, request, *args, **kwargs):
        if not super().authenticate_client(request, *args, **kwargs):
            return False
        partner = getattr(request.client, "partner", None)
        return partner is not None and partner.active
