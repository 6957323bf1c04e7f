"""A form sent twice lands on the result of the first sending (portal/core/repeat.py; issue 20, item 10).
The middleware alone, with a stand-in view; the workflow's forms through the real views are in
tests/exams/test_repeated_posts.py and tests/certification/test_repeated_posts.py."""

import threading
import time
from types import SimpleNamespace

import pytest
from django.contrib import messages
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages.storage.cookie import CookieStorage
from django.http import HttpResponse, HttpResponseRedirect
from django.test import RequestFactory

from portal.core import repeat
from portal.core.repeat import FIELD, RepeatedSubmissionMiddleware

KEY = "0123456789abcdef0123456789abcdef-1a2b3c4d"


class View:
    """Counts its calls; adds a message; answers a redirect (or what `answer` makes)."""

    def __init__(self, answer=None, delay=0.0):
        self.calls = 0
        self.answer = answer or (lambda: HttpResponseRedirect("/applications/7/"))
        self.delay = delay

    def __call__(self, request):
        self.calls += 1
        time.sleep(self.delay)
        messages.success(request, f"Done {self.calls}.")
        return self.answer()


def post(user, data=None, **headers):
    request = RequestFactory().post("/exams/sessions/3/book/", data if data is not None else {FIELD: KEY}, **headers)
    request.user = user
    request._messages = CookieStorage(request)
    return request


def said(request):
    return [(m.level_tag, m.message) for m in request._messages._queued_messages]


@pytest.fixture
def user():
    return SimpleNamespace(pk=41, is_authenticated=True)


def test_a_repeat_gets_the_first_sendings_redirect_and_messages_without_running_the_view(user):
    view = View()
    middleware = RepeatedSubmissionMiddleware(view)
    first, again = post(user), post(user)
    assert middleware(first)["Location"] == "/applications/7/"
    response = middleware(again)
    assert (response.status_code, response["Location"]) == (302, "/applications/7/")
    assert view.calls == 1
    assert said(again) == [("success", "Done 1.")]


def test_another_key_or_another_user_is_another_submission(user):
    view = View()
    middleware = RepeatedSubmissionMiddleware(view)
    middleware(post(user))
    middleware(post(user, {FIELD: KEY.replace("1a2b3c4d", "5e6f7a8b")}))
    middleware(post(SimpleNamespace(pk=42, is_authenticated=True)))
    assert view.calls == 3


def test_a_first_sending_that_does_not_redirect_leaves_nothing_behind(user):
    view = View(answer=lambda: HttpResponse("the form with its errors", status=200))
    middleware = RepeatedSubmissionMiddleware(view)
    middleware(post(user))
    middleware(post(user))
    assert view.calls == 2


def test_scripts_anonymous_users_and_posts_without_a_key_are_left_alone(user):
    view = View()
    middleware = RepeatedSubmissionMiddleware(view)
    for _ in range(2):
        middleware(post(user, {FIELD: KEY}, HTTP_X_REQUESTED_WITH="XMLHttpRequest"))
        middleware(post(AnonymousUser()))
        middleware(post(user, {}))
        middleware(post(user, {FIELD: "short"}))
    assert view.calls == 8


def test_two_sendings_at_once_run_the_view_once_and_both_land_on_its_result(user):
    view = View(delay=0.4)
    middleware = RepeatedSubmissionMiddleware(view)
    requests = [post(user), post(user)]
    responses = [None, None]
    barrier = threading.Barrier(2)

    def send(index):
        barrier.wait()
        responses[index] = middleware(requests[index])

    threads = [threading.Thread(target=send, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert view.calls == 1
    assert [(r.status_code, r["Location"]) for r in responses] == [(302, "/applications/7/")] * 2
    assert sorted(said(r) for r in requests) == [[("success", "Done 1.")]] * 2


def test_a_repeat_that_waits_too_long_goes_back_with_a_plain_message(user, monkeypatch):
    monkeypatch.setattr(repeat, "SUBMISSION_WAIT", 0.2)
    view = View(delay=1.0)
    middleware = RepeatedSubmissionMiddleware(view)
    first = threading.Thread(target=middleware, args=(post(user),))
    first.start()
    time.sleep(0.05)
    again = post(user, HTTP_REFERER="http://testserver/exams/applications/3/sessions/")
    response = middleware(again)
    first.join(timeout=30)
    assert (response.status_code, response["Location"]) == (302, "http://testserver/exams/applications/3/sessions/")
    assert said(again) == [("info", "Formulir Anda masih diproses. Muat ulang halaman sebentar lagi untuk melihat hasilnya.")]
    assert view.calls == 1
