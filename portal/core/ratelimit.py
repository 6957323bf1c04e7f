"""Rate limits of the public endpoints: django-ratelimit on the shared cache (Redis in production),
counted per client address — the real client's behind a trusted proxy (`ClientAddressMiddleware`)."""

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django_ratelimit import ALL
from django_ratelimit.decorators import ratelimit as _ratelimit

_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def public_rate(group, request):
    return settings.PUBLIC_RATE_LIMIT


def _rate_setting(name):
    """The rate in setting `name`, read at each request (tests change it); remembered on the request
    so that `refused` gives the Retry-After of the limit that refused it."""

    def rate(group, request):
        value = getattr(settings, name)
        request.ratelimit_rate = value
        return value

    return rate


def ratelimit(group, *, rate="PUBLIC_RATE_LIMIT", method=ALL):
    """Decorate a public view: past `PUBLIC_RATE_LIMIT` (e.g. '60/m') per client address in `group`,
    the client gets 429 (`refused`, through django-ratelimit's middleware). `rate`: the name of
    another setting for a stricter limit (decorators stack: each counts in its own group), `method`:
    the methods it counts (django_ratelimit.UNSAFE: only the POSTs of a form)."""
    return _ratelimit(group=group, key="ip", rate=_rate_setting(rate), method=method, block=True)


def window_seconds(rate):
    """'60/m' → 60, '100/5m' → 300: how long a client past the rate waits at most."""
    period = rate.partition("/")[2]
    return _SECONDS[period[-1]] * int(period[:-1] or 1)


def refused(request, exception):
    """RATELIMIT_VIEW: a friendly page, or JSON for the API, with Retry-After."""
    if request.path.startswith("/api/"):
        response = JsonResponse({"error": "rate_limited", "detail": _("Too many requests.")}, status=429)
    else:
        response = render(request, "429.html", status=429)
    response["Retry-After"] = str(window_seconds(getattr(request, "ratelimit_rate", settings.PUBLIC_RATE_LIMIT)))
    add_never_cache_headers(response)  # a cache in front must not give one client's refusal to all
    return response
