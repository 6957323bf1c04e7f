"""The cache when Redis is unreachable: Django's RedisCache that falls back to this process's memory.

The cache holds nothing that must survive (rate-limit counters, throttles), but sign-in and every
public page read it: with Django's backend an unreachable Redis makes them all answer 500. Here a call
that cannot reach Redis is logged (once a minute at most) and served by a local-memory cache instead,
so rate limits keep counting per process and sign-in keeps working until Redis is back. `/readyz`
reports the outage.
"""

import logging
import time

from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)
UNREACHABLE = (RedisConnectionError, RedisTimeoutError)
LOG_EVERY_SECONDS = 60


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._local = LocMemCache(f"fallback:{server}", {"OPTIONS": {"MAX_ENTRIES": 10_000}})
        self._logged_at = 0.0

    def ping(self):
        """Ask Redis itself (no fallback): raises when it is unreachable. For /readyz."""
        return self._cache.get_client(write=True).ping()


def _falls_back(name):
    redis_method = getattr(DjangoRedisCache, name)

    def method(self, *args, **kwargs):
        try:
            return redis_method(self, *args, **kwargs)
        except UNREACHABLE as error:
            now = time.monotonic()
            if now - self._logged_at > LOG_EVERY_SECONDS:
                self._logged_at = now
                logger.error("Redis cache unreachable (%s); using this process's memory until it is back", error)
            return getattr(self._local, name)(*args, **kwargs)

    method.__name__ = name
    method.__doc__ = redis_method.__doc__
    return method


for _name in ("add", "get", "set", "touch", "delete", "get_many", "has_key", "incr", "set_many", "delete_many", "clear"):
    setattr(RedisCache, _name, _falls_back(_name))
