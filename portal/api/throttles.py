"""Rate limits per partner (its OAuth client), `PARTNER_RATE_LIMIT`; past it DRF answers 429 with Retry-After."""

from django.conf import settings
from rest_framework.throttling import SimpleRateThrottle


class PartnerRateThrottle(SimpleRateThrottle):
    scope = "partner"

    def get_rate(self):
        return settings.PARTNER_RATE_LIMIT  # read per request: tests and deployments change it

    def get_cache_key(self, request, view):
        token = request.auth
        ident = f"client:{token.application_id}" if getattr(token, "application_id", None) else self.get_ident(request)
        return self.cache_format % {"scope": self.scope, "ident": ident}
