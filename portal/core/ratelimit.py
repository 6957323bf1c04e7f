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


def _redis_client(cache_key):
    """The raw Redis client behind the default cache, or None when the cache is not Redis."""
    backend = getattr(cache, "_cache", None)
    if backend is None or not hasattr(backend, "get_client"):
        return None
    return backend.get_client(cache_key, write=True)


def hit(scope, key, rate):
    """Count one hit; return True while the caller is within `rate` (e.g. '60/m').

    On Redis this is one round trip (INCR and EXPIRE in a pipeline), so a public page pays little for
    its protection; other caches use add/incr."""
    limit, window = parse_rate(rate)
    bucket = int(time.time() // window)
    cache_key = f"rl:{scope}:{key}:{bucket}"
    client = _redis_client(cache_key)
    if client is not None:
        full_key = cache.make_and_validate_key(cache_key)
        pipe = client.pipeline(transaction=False)
        pipe.incr(full_key)
        pipe.expire(full_key, window + 1, nx=True)
        count, _expire_set = pipe.execute()
        return count <= limit
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
