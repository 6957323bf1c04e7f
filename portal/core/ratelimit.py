"""A fixed-window rate limit on the shared cache (Redis in production) for public endpoints."""

import functools
import time

from django.conf import settings
from django.core.cache import cache
from django.shortcuts import render

_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_rate(rate):
    count, _, period = rate.partition("/")
    return int(count), _UNITS[period[-1]] * int(period[:-1] or 1)


def client_key(request):
    return request.META.get("REMOTE_ADDR", "unknown")


def hit(scope, key, rate):
    """Count one hit; return True while the caller is within `rate` (e.g. '60/m')."""
    limit, window = parse_rate(rate)
    bucket = int(time.time() // window)
    cache_key = f"rl:{scope}:{key}:{bucket}"
    if cache.add(cache_key, 1, timeout=window + 1):
        return True
    try:
        return cache.incr(cache_key) <= limit
    except ValueError:  # expired between add and incr
        cache.add(cache_key, 1, timeout=window + 1)
        return True


def ratelimit(scope, rate=None):
    """Decorate a public view: past the rate the client gets 429 with a friendly page."""

    def decorator(view):
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            if not hit(scope, client_key(request), rate or settings.PUBLIC_RATE_LIMIT):
                response = render(request, "429.html", status=429)
                response["Retry-After"] = str(parse_rate(rate or settings.PUBLIC_RATE_LIMIT)[1])
                return response
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
