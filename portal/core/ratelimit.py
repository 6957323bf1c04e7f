"""A fixed-window rate limit on the shared cache (Redis in production) for public endpoints."""

import functools
import logging
import re
import time

from django.conf import settings
from django.core.cache import caches
from django.core.exceptions import DisallowedHost
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import translation

logger = logging.getLogger(__name__)
_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


@functools.lru_cache(maxsize=64)
def parse_rate(rate):
    count, _, period = rate.partition("/")
    return int(count), _UNITS[period[-1]] * int(period[:-1] or 1)


def client_key(request):
    return request.META.get("REMOTE_ADDR", "unknown")


class Check:
    """One hit counted (or being counted) in a scope, and cache keys read with it: `result()` gives
    (still within the rate, {cache key: value or None})."""

    def __init__(self, scope, rate, read, limit, pending=None, done=None):
        self.scope, self.rate, self.read, self.limit = scope, rate, tuple(read), limit
        self._pending, self._done = pending, done

    def result(self):
        if self._done is None:
            count, values = self._pending.result()
            self._done = (count <= self.limit, dict(zip(self.read, values)))
        return self._done


def begin_check(scope, key, rate, read=()):
    """Count one hit of `key` in `scope` and read the cache keys `read`, without waiting for Redis:
    `.result()` of what is returned waits (see `check`)."""
    limit, window = parse_rate(rate)
    counter = f"rl:{scope}:{key}:{int(time.time() // window)}"
    cache = caches["default"]
    send = getattr(cache, "send_count_and_read", None)
    if send is not None:
        return Check(scope, rate, read, limit, pending=send(counter, window + 1, read))
    if cache.add(counter, 1, timeout=window + 1):
        count = 1
    else:
        try:
            count = cache.incr(counter)
        except ValueError:  # expired between add and incr
            cache.add(counter, 1, timeout=window + 1)
            count = 1
    found = cache.get_many(read) if read else {}
    return Check(scope, rate, read, limit, done=(count <= limit, {k: found.get(k) for k in read}))


def check(scope, key, rate, read=()):
    """Count one hit of `key` in `scope`: (still within `rate` such as '60/m', {cache key: value or None}
    for each key in `read`).

    On Redis (`portal.core.cache.RedisCache`) the count and the reads are one round trip, so a public
    page pays little for its protection and can have its cached data in the same trip; other caches
    use add/incr and get_many."""
    return begin_check(scope, key, rate, read).result()


def hit(scope, key, rate):
    """Count one hit; return True while the caller is within `rate` (e.g. '60/m')."""
    return check(scope, key, rate)[0]


def refuse_with_page(request, retry_after):
    response = render(request, "429.html", status=429)
    response["Retry-After"] = str(retry_after)
    return response


def ratelimit(scope, rate=None, *, read=None, refuse=refuse_with_page):
    """Decorate a public view: past the rate the client gets 429 (a friendly page, or what `refuse(request,
    retry_after)` returns).

    `read(**url_kwargs)` may name cache keys the view is about to read: they are read in the rate limit's
    round trip and handed to the view as `request.cache_read` ({key: value or None}; a key the round trip
    did not read is absent, and the view reads it itself). When `EarlyRateLimitMiddleware` already sent
    this scope's round trip (see `early`), its answer is used."""

    def decorator(view):
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            current = rate or settings.PUBLIC_RATE_LIMIT
            keys = tuple(read(**kwargs)) if read else ()
            sent = getattr(request, "early_ratelimit", None)
            if sent is not None and sent.scope == scope and sent.rate == current:
                allowed, values = sent.result()
                request.cache_read = {key: values[key] for key in keys if key in values}
            else:
                allowed, request.cache_read = check(scope, client_key(request), current, keys)
            if not allowed:
                return refuse(request, parse_rate(current)[1])
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


_EARLY = []


def early(pattern, scope, read=None, rate=None, answer=None):
    """Send the rate limit's round trip of `scope` (and the reads `read(**named groups of the match)`, the
    same function as the view's `@ratelimit(scope, read=...)` with its URL kwargs) as soon
    as a GET request whose whole path matches `pattern` arrives, in the first middleware: Redis answers while
    the rest of the middleware runs, and the view's `@ratelimit(scope)` reads the answer without waiting
    (no thread put to sleep and woken again on the busiest public pages).

    `answer(request, values, **named groups)`, if given, may answer a plain visitor (see
    `EarlyRateLimitMiddleware`) right there: it returns (shape, text) — the body the view would answer
    with status 200, and what decides its headers besides language, host and scheme (a page's layout:
    the headers of the whole stack's answer to one request of a shape are given to all) — or None to
    leave the request to the view. `values` are the cache entries read with the rate limit."""
    _EARLY.append((re.compile(pattern), scope, read, rate, answer))


class EarlyRateLimitMiddleware:
    """The first middleware: starts the round trips registered with `early`, and gives the answers
    registered with them.

    A page is answered here, before the rest of the middleware and the view run, only for a plain
    visitor (GET, no query string, no cookie but the language one and a well-formed CSRF one: no
    session, no messages), whose path the pattern matches in full (as the URL resolver does),
    within the rate, and only once the whole stack has answered a request of the same key — the
    answer's shape, language, host, scheme and cookie names — with the very same bytes: the response
    headers the stack gave then (security headers, CSP, Vary, Content-Language, Cache-Control…) are
    kept and given with every later answer of that key. Whatever the stack would do differently for
    such a request (a redirect, an error, a cookie) is never learnt, so it is still done by the stack;
    and whatever fails while answering (Redis, the database) is left to the stack, which answers it
    with its error page and its headers. The learnt keys are bounded: the oldest is forgotten first."""

    LEARNT_LIMIT = 1024

    def __init__(self, get_response):
        self.get_response = get_response
        self.learnt = {}  # key -> the stack's response headers

    def __call__(self, request):
        sent = learning = None
        if request.method == "GET":
            for pattern, scope, read, rate, answer in _EARLY:
                match = pattern.fullmatch(request.path_info)  # as the URL resolver: no final newline
                if match:
                    kwargs = match.groupdict()
                    sent = request.early_ratelimit = begin_check(
                        scope, client_key(request), rate or settings.PUBLIC_RATE_LIMIT, read(**kwargs) if read else ()
                    )
                    if answer is not None and _plain_visitor(request):
                        response, learning = self._answer(request, sent, answer, kwargs)
                        if response is not None:
                            return response
                    break
        response = self.get_response(request)
        if sent is not None:
            try:
                sent.result()  # read the answer even when no view did (a 404, an error page)
            except Exception:  # Redis failed: the view saw it too, and the stack's response stands
                pass
        if learning is not None:
            self._learn(*learning, response)
        return response

    def _answer(self, request, sent, answer, kwargs):
        """(response, None) when the answer is known; (None, (key, text)) when the stack's response is
        to be compared; (None, None) when the stack answers."""
        if settings.DEBUG:
            return None, None
        try:
            host = request.get_host()
        except DisallowedHost:  # the stack answers 400
            return None, None
        try:
            allowed, values = sent.result()
            language = translation.get_language_from_request(request)
            with translation.override(language):
                made = allowed and answer(request, values, **kwargs)
        except Exception:  # Redis or the database failing: the stack answers (its error page, its headers)
            logger.warning("No early answer for %s: left to the stack", request.path, exc_info=True)
            return None, None
        if not made:
            return None, None
        shape, text = made
        key = (shape, language, host, request.is_secure(), tuple(sorted(request.COOKIES)))
        headers = self.learnt.get(key)
        if headers is None:
            return None, (key, text)
        response = HttpResponse(text, headers=headers)
        response.headers["Content-Length"] = str(len(response.content))
        response.answered_early = True
        return response, None

    def _learn(self, key, text, response):
        if (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and response.content == text.encode(response.charset)
        ):
            learnt = self.learnt
            while len(learnt) >= self.LEARNT_LIMIT:  # forget the oldest (keys made up to flush it cost a learning each)
                try:
                    learnt.pop(next(iter(learnt)), None)
                except (StopIteration, RuntimeError):  # emptied or changed by another thread meanwhile
                    break
            learnt[key] = dict(response.items())  # its Content-Length is replaced by each answer's


_CSRF_TOKEN = re.compile(r"[A-Za-z0-9]{32}(?:[A-Za-z0-9]{32})?")  # what CsrfViewMiddleware keeps as it is


def _plain_visitor(request):
    if request.META.get("QUERY_STRING"):
        return False
    cookies = request.COOKIES
    if not cookies.keys() <= {settings.LANGUAGE_COOKIE_NAME, settings.CSRF_COOKIE_NAME}:
        return False
    token = cookies.get(settings.CSRF_COOKIE_NAME)
    return token is None or _CSRF_TOKEN.fullmatch(token) is not None
