"""A form sent twice lands on the result of the first sending (a double click on "Book a seat", a
reload of a POST, the back button and "send" again).

Every POST form of the portal carries a submission key: `static/js/portal.js` adds a hidden
`_submission` field when the form is sent, made once per page and per button from a random value and
what the form holds, so the same form sent again with the same data carries the same key (a changed
answer, or another button, is a new submission). `RepeatedSubmissionMiddleware` lets the first request
with a key through and keeps where it led (the redirect) and the messages it left; a request with the
same key (same user) waits for the first to finish and is sent to the same place with the same
messages, without running the view again. A first sending that does not redirect (a form with errors
shown again, a download) leaves nothing behind: sending it again runs the view again.

Requests sent by page scripts (`X-Requested-With`) and anonymous users' forms are left alone, and so
is a POST without a key (no JavaScript): for those the services themselves answer a repeat (a seat
booked twice is the same seat). The keys live in the cache (`SUBMISSION_*` below): a lost key only
means a repeat runs the view again, as without this.
"""

import hashlib
import re
import time

from django.contrib import messages
from django.core.cache import cache
from django.http import HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

FIELD = "_submission"
#: How long a submission's result is kept for a repeat (seconds).
SUBMISSION_TTL = 3600
#: How long a repeat waits for the first sending to finish (seconds), and how often it looks.
SUBMISSION_WAIT = 20
SUBMISSION_POLL = 0.05

_PENDING = "pending"
_KEY = re.compile(r"^[A-Za-z0-9._:=-]{8,200}$")
_REDIRECTS = {301, 302, 303, 307, 308}


def _cache_key(user, token):
    return "submission:%s:%s" % (user.pk, hashlib.sha256(token.encode()).hexdigest())


class RepeatedSubmissionMiddleware:
    """Answers a repeated POST with the first one's redirect and messages (after MessageMiddleware)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = self._token(request)
        if token is None:
            return self.get_response(request)
        key = _cache_key(request.user, token)
        deadline = time.monotonic() + SUBMISSION_WAIT
        while not cache.add(key, _PENDING, SUBMISSION_TTL):
            result = cache.get(key)
            if isinstance(result, dict):
                return self._replay(request, result)
            if time.monotonic() > deadline:
                return self._still_running(request)
            if result is not None:  # None: the first sending left nothing (no redirect), try again now
                time.sleep(SUBMISSION_POLL)
        try:
            response = self.get_response(request)
        except BaseException:
            cache.delete(key)
            raise
        if response.status_code in _REDIRECTS and response.has_header("Location"):
            cache.set(key, {"location": response["Location"], "messages": _queued(request)}, SUBMISSION_TTL)
        else:
            cache.delete(key)
        return response

    @staticmethod
    def _token(request):
        if request.method != "POST" or request.headers.get("x-requested-with"):
            return None
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        token = request.POST.get(FIELD, "")
        return token if _KEY.match(token) else None

    @staticmethod
    def _replay(request, result):
        for level, text, tags in result["messages"]:
            messages.add_message(request, level, text, extra_tags=tags)
        return HttpResponseRedirect(result["location"])

    @staticmethod
    def _still_running(request):
        messages.info(request, _("Your form is still being processed. Reload the page in a moment to see the result."))
        referer = request.headers.get("referer", "")
        safe = url_has_allowed_host_and_scheme(referer, allowed_hosts={request.get_host()}, require_https=request.is_secure())
        return HttpResponseRedirect(referer if safe else "/")


def _queued(request):
    """The messages this request added (not the ones it found waiting), as plain values."""
    storage = getattr(request, "_messages", None)
    return [(m.level, str(m.message), m.extra_tags or "") for m in getattr(storage, "_queued_messages", [])]
