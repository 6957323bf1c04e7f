"""Pages answered by the first middleware (`portal.core.ratelimit.early(..., answer=)`): only for plain
visitors, within the rate, and only once the whole stack gave the same bytes for the same key."""

import pytest

from portal.core import ratelimit

from . import early_urls

pytestmark = [pytest.mark.urls("tests.kernel.early_urls"), pytest.mark.django_db]


def answer(request, values, name):
    if name == "boom":
        raise RuntimeError("the database is gone")
    return ("hello",), f"hello {name}"


@pytest.fixture(autouse=True)
def route(monkeypatch, settings):
    settings.PUBLIC_RATE_LIMIT = "100/m"
    monkeypatch.setattr(ratelimit, "_EARLY", [])
    ratelimit.early(r"^/hello/(?P<name>\w+)/$", "test-answer", answer=answer)
    early_urls.calls.clear()


def early(response):
    return getattr(response, "answered_early", False)


def test_answered_once_the_stack_gave_the_same_bytes_with_the_stacks_headers(client):
    first, second, third = (client.get(f"/hello/{name}/") for name in ("ann", "bob", "cy"))
    assert early_urls.calls == ["ann"]
    assert [early(r) for r in (first, second, third)] == [False, True, True]
    assert (second.status_code, second.content, third.content) == (200, b"hello bob", b"hello cy")
    assert dict(second.items()) == {**dict(first.items()), "Content-Length": "9"}
    assert first["Content-Length"] == "9"
    assert "Content-Security-Policy" in second and second["X-Frame-Options"] == "DENY"


def test_never_answered_when_the_stack_answers_otherwise(client):
    for _ in range(3):
        assert client.get("/hello/changed/").content == b"different"
        assert client.get("/hello/cookie/").cookies["seen"].value == "1"
    assert early_urls.calls == ["changed", "cookie"] * 3


def test_only_plain_visitors_within_the_rate_are_answered(client, settings):
    assert not early(client.get("/hello/a/"))  # learnt
    assert not early(client.get("/hello/b/?x=1"))
    assert not early(client.head("/hello/c/"))
    assert not early(client.post("/hello/d/"))
    client.cookies["sessionid"] = "whatever"
    assert not early(client.get("/hello/e/"))
    del client.cookies["sessionid"]
    client.cookies["messages"] = "x"
    assert not early(client.get("/hello/f/"))
    del client.cookies["messages"]
    assert early(client.get("/hello/g/"))
    settings.PUBLIC_RATE_LIMIT = "7/m"  # the eighth visit of this client
    refused = client.get("/hello/h/")
    assert (refused.status_code, early(refused)) == (429, False)  # from the stack
    assert early_urls.calls == ["a", "b", "c", "d", "e", "f"]


def test_each_language_scheme_and_host_is_learnt_from_the_stack(client, settings):
    settings.ALLOWED_HOSTS = ["testserver", "other.test"]
    assert not early(client.get("/hello/a/"))
    assert not early(client.get("/hello/b/", headers={"accept-language": "en"}))
    english = client.get("/hello/c/", headers={"accept-language": "en"})
    assert early(english) and english["Content-Language"] == "en"
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert not early(client.get("/hello/d/"))  # another cookie: another key
    assert early(client.get("/hello/e/"))
    assert not early(client.get("/hello/f/", secure=True))
    assert not early(client.get("/hello/g/", HTTP_HOST="other.test"))
    assert client.get("/hello/h/", HTTP_HOST="evil.test").status_code == 400  # the stack says so
    assert early_urls.calls == ["a", "b", "d", "f", "g"]


def test_nothing_is_answered_early_in_debug(client, settings):
    settings.DEBUG = True
    assert [early(client.get(f"/hello/{n}/")) for n in "abc"] == [False, False, False]


def test_the_path_is_matched_in_full_as_the_resolver_does(client):
    first = client.get("/hello/a/")
    assert (first.status_code, early(first)) == (200, False)
    assert early(client.get("/hello/b/"))
    newline = client.get("/hello/c/%0A")
    assert (newline.status_code, early(newline)) == (404, False)


def test_a_malformed_csrf_cookie_is_left_to_the_stack_which_replaces_it(client, settings):
    client.cookies[settings.CSRF_COOKIE_NAME] = "t" * 32
    assert not early(client.get("/hello/a/"))
    assert early(client.get("/hello/b/"))
    client.cookies[settings.CSRF_COOKIE_NAME] = "bad!"
    replaced = client.get("/hello/c/")
    assert not early(replaced) and len(replaced.cookies[settings.CSRF_COOKIE_NAME].value) == 32


def test_what_fails_while_answering_is_left_to_the_stack_and_logged(client, caplog):
    client.get("/hello/a/")
    boom = client.get("/hello/boom/")
    assert (boom.status_code, boom.content, early(boom)) == (200, b"hello boom", False)
    assert "Content-Security-Policy" in boom
    assert early_urls.calls == ["a", "boom"]
    assert [(r.name, r.getMessage(), r.exc_info[1].args) for r in caplog.records if r.name == "portal.core.ratelimit"] == [
        ("portal.core.ratelimit", "No early answer for /hello/boom/: left to the stack", ("the database is gone",))
    ]


def test_the_oldest_learnt_key_is_forgotten_first(client, monkeypatch, settings):
    monkeypatch.setattr(ratelimit.EarlyRateLimitMiddleware, "LEARNT_LIMIT", 2)
    english = {"headers": {"accept-language": "en"}}
    client.get("/hello/a/")  # key 1: Indonesian
    client.get("/hello/b/", **english)  # key 2: English
    assert early(client.get("/hello/c/")) and early(client.get("/hello/d/", **english))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.get("/hello/e/")  # key 3: a language cookie; key 1 is forgotten
    del client.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert early(client.get("/hello/f/", **english))
    assert not early(client.get("/hello/g/"))
    assert early_urls.calls == ["a", "b", "e", "g"]
