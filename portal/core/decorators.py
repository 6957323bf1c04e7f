"""View decorators of the kernel."""

import functools

NEVER_CACHE = "max-age=0, no-cache, no-store, must-revalidate, private"


def never_cached(view):
    """Django's `never_cache` for hot public views: the same Cache-Control, set as a constant (Django's
    parses and rebuilds the header and formats an Expires date on every response: a tenth of what
    a cached verification costs). No Expires header: Cache-Control rules it for every HTTP/1.1 cache."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response.headers["Cache-Control"] = NEVER_CACHE
        return response

    return wrapped
