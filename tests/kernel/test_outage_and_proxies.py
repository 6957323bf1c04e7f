"""The cache can go away (Redis stopped) and the portal still signs people in and serves its public
pages; behind a reverse proxy every visitor is counted on their own (issue 13 items 5 and 6)."""

import shutil
import socket
import subprocess
import time

import pytest
from django.core.cache import caches
from django.test import override_settings

from portal.core.cache import RedisCache

pytestmark = pytest.mark.django_db


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def own_redis(settings):
    """A Redis server of the test's own, the default cache on it, and a way to stop it."""
    port = _free_port()
    server = subprocess.Popen(
        [shutil.which("redis-server") or "/usr/bin/redis-server", "--port", str(port), "--bind", "127.0.0.1",
         "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )
    for _ in range(50):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.1).close()
            break
        except OSError:
            time.sleep(0.1)
    location = f"redis://127.0.0.1:{port}/0"
    with override_settings(CACHES={"default": {
        "BACKEND": "portal.core.cache.RedisCache", "LOCATION": location, "KEY_PREFIX": "outage-test",
        "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
    }}):

        def stop():
            server.terminate()
            server.wait(10)

        yield stop
    if server.poll() is None:
        server.terminate()
        server.wait(10)


def test_the_cache_falls_back_to_memory_while_redis_is_stopped(own_redis, caplog):
    cache = caches["default"]
    assert isinstance(cache, RedisCache)
    cache.set("a", 1)
    assert cache.get("a") == 1
    own_redis()
    assert cache.get("a") is None  # what was in Redis is not there, but nothing raises
    assert cache.add("n", 1) is True and cache.incr("n") == 2 and cache.get_many(["n"]) == {"n": 2}
    assert "Redis cache unreachable" in caplog.text


def test_with_redis_stopped_sign_in_and_public_pages_work_and_readyz_says_so(own_redis, client, make_user, issue):
    user = make_user()
    credential = issue()
    own_redis()
    started = time.monotonic()
    response = client.post("/accounts/login/", {"login": user.email, "password": "Test-Password-2026"})
    assert response.status_code == 302 and client.session["_auth_user_id"] == str(user.pk)
    client.logout()
    assert client.get(f"/verify/{credential.number}/").status_code == 200
    assert client.get(f"/api/v1/credentials/{credential.number}/").status_code == 200
    assert client.get("/register/", {"q": "siti"}).status_code == 200
    assert client.get("/lks/accredited/").status_code == 200
    assert client.post("/accounts/password/reset/", {"email": user.email}).status_code == 302
    ready = client.get("/readyz")
    assert ready.status_code == 200  # the portal serves: a load balancer keeps it in
    assert ready.json() == {"status": "degraded", "checks": {"database": "ok", "cache": "unavailable", "broker": "eager"}}
    assert time.monotonic() - started < 10


def test_rate_limits_still_count_while_redis_is_stopped(own_redis, client, settings, issue):
    settings.PUBLIC_RATE_LIMIT = "3/d"  # a day: the requests never straddle two windows
    credential = issue()
    own_redis()
    statuses = [client.get(f"/verify/{credential.number}/").status_code for _ in range(5)]
    assert statuses == [200, 200, 200, 429, 429]  # counted in this process's memory meanwhile


@override_settings(TRUSTED_PROXIES=["10.0.0.2", "192.168.0.0/24"])
def test_behind_the_proxy_two_visitors_are_counted_apart(client, settings, issue):
    settings.PUBLIC_RATE_LIMIT = "2/d"  # a day: the requests never straddle two windows
    credential = issue()
    url = f"/verify/{credential.number}/"

    def through_proxy(client_address):
        return client.get(url, REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=client_address).status_code

    assert [through_proxy("203.0.113.5") for _ in range(3)] == [200, 200, 429]
    assert [through_proxy("198.51.100.7") for _ in range(2)] == [200, 200]  # another visitor, same proxy
    # A forged hop on the left does not make a new visitor: the proxy appended the real address.
    assert through_proxy("1.2.3.4, 203.0.113.5") == 429
    # Two trusted proxies in a row: the client is the first address that is not one of them.
    assert client.get(url, REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="198.51.100.9, 192.168.0.4").status_code == 200


@override_settings(TRUSTED_PROXIES=["10.0.0.2"])
def test_a_forged_header_from_an_untrusted_peer_is_ignored(client, settings, issue):
    settings.PUBLIC_RATE_LIMIT = "2/d"  # a day: the requests never straddle two windows
    credential = issue()
    url = f"/verify/{credential.number}/"
    statuses = [
        client.get(url, REMOTE_ADDR="203.0.113.66", HTTP_X_FORWARDED_FOR=f"198.51.100.{i}").status_code
        for i in range(3)
    ]
    assert statuses == [200, 200, 429]


@override_settings(TRUSTED_PROXIES=["10.0.0.2"])
def test_failed_logins_behind_the_proxy_lock_out_only_that_visitor(client, settings, make_user):
    user = make_user()
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login_failed": "3/m/ip"}
    for _ in range(3):
        client.post("/accounts/login/", {"login": user.email, "password": "wrong"},
                    REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="203.0.113.5")
    response = client.post("/accounts/login/", {"login": user.email, "password": "Test-Password-2026"},
                           REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert response.status_code == 302 and client.session["_auth_user_id"] == str(user.pk)
