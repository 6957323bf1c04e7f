"""The kernel's Redis cache backend, the rate limit's one round trip, and render-once skeletons."""

import pytest
from django.core.cache import cache, caches
from django.test import override_settings

from portal.core.cache import RedisCache
from portal.core.ratelimit import check
from portal.core.skeleton import Skeletons, marker


def test_the_cache_is_the_kernel_redis_backend_with_one_client_per_pool():
    backend = caches["default"]
    assert isinstance(backend, RedisCache)
    assert backend._cache.get_client() is backend._cache.get_client(write=True)  # one server: one pool, one client


def test_count_and_read_counts_and_reads_in_one_call():
    cache.set("facts:a", ("x", 1), 60)
    assert cache.count_and_read("counter", 60, ["facts:a", "facts:b"]) == (1, [("x", 1), None])
    assert cache.count_and_read("counter", 60) == (2, [])
    client = cache._cache.get_client(write=True)
    assert 0 < client.ttl(cache.make_key("counter")) <= 60  # set on the first count, not pushed back later


def test_count_and_read_survives_a_dropped_connection():
    cache.set("facts:a", "v", 60)
    assert cache.count_and_read("c", 60, ["facts:a"]) == (1, ["v"])
    client = cache._cache.get_client(write=True)
    client.client_kill_filter(_type="normal", skipme=True)  # what a Redis restart does to pooled connections
    assert cache.count_and_read("c", 60, ["facts:a"]) == (2, ["v"])


def test_check_reads_with_the_count_and_refuses_past_the_rate():
    cache.set("k", {"a": 1}, 60)
    results = [check("scope", "10.0.0.9", "2/m", ["k", "missing"]) for _ in range(3)]
    assert results == [(True, {"k": {"a": 1}, "missing": None})] * 2 + [(False, {"k": {"a": 1}, "missing": None})]
    assert check("scope", "10.0.0.10", "2/m") == (True, {})


@override_settings(CACHES={"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "rl"}})
def test_check_on_a_cache_without_count_and_read():
    caches["default"].set("k", 7)
    assert [check("scope", "10.0.0.9", "2/m", ["k"]) for _ in range(3)] == [
        (True, {"k": 7}), (True, {"k": 7}), (False, {"k": 7})
    ]


def test_a_skeleton_is_rendered_once_per_shape_and_filled_with_escaped_values(settings):
    settings.DEBUG = False
    renders = []

    def render(greeting):
        renders.append(greeting)
        return f"<p title=\"{marker('name')}\">{greeting}, {marker('name')}! {marker('extra_info')}</p>"

    skeletons = Skeletons()
    assert skeletons.fill("hi", {"name": "<Siti>", "extra_info": "&"}, lambda: render("Hi")) == (
        '<p title="&lt;Siti&gt;">Hi, &lt;Siti&gt;! &amp;</p>'
    )
    assert skeletons.fill("hi", {"name": 'B"udi', "extra_info": marker("name")}, lambda: render("Hi")) == (
        f'<p title="B&quot;udi">Hi, B&quot;udi! {marker("name")}</p>'  # a value is never filled in again
    )
    assert skeletons.fill("yo", {"name": "A", "extra_info": ""}, lambda: render("Yo")) == '<p title="A">Yo, A! </p>'
    assert renders == ["Hi", "Yo"]


def test_skeletons_are_bounded_and_not_kept_in_debug(settings):
    settings.DEBUG = False
    skeletons = Skeletons(limit=2)
    renders = []
    for shape in ["a", "b", "c", "a"]:
        skeletons.fill(shape, {}, lambda shape=shape: renders.append(shape) or shape)
    assert renders == ["a", "b", "c", "a"]  # past the limit the kept ones are dropped, then made again
    settings.DEBUG = True
    debug = Skeletons()
    for _ in range(2):
        debug.fill("a", {}, lambda: renders.append("debug") or "x")
    assert renders[-2:] == ["debug", "debug"]


@pytest.mark.parametrize("name", ["number", "holder_name", "valid_until"])
def test_markers_survive_escaping_and_url_quoting(name):
    from urllib.parse import quote

    from django.utils.html import escape

    assert escape(marker(name)) == marker(name) == quote(marker(name))


def test_an_early_round_trip_is_counted_once_and_read_even_when_no_view_reads_it(client, monkeypatch):
    from portal.core import ratelimit

    monkeypatch.setattr(ratelimit, "_EARLY", [])
    ratelimit.early(r"^/no-such-page/(?P<name>\w+)/$", "test-early", read=lambda name: [f"k:{name}"], rate="1/m")
    assert client.get("/no-such-page/a/").status_code == 404
    # This thread's connection is in step (its next call gets its own replies), and the 404 was counted.
    cache.set("k:b", "B", 60)
    assert cache.count_and_read("other-counter", 60, ["k:b"]) == (1, ["B"])
    assert check("test-early", "127.0.0.1", "1/m") == (False, {})


def test_the_verification_page_counts_each_visit_once(client, settings):
    settings.PUBLIC_RATE_LIMIT = "2/m"
    assert [client.get("/verify/hello/").status_code for _ in range(3)] == [400, 400, 429]
