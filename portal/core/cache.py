"""The Redis cache backend: Django's, with one `redis.Redis` client per connection pool and a lean
one-round-trip "count and read" for the public pages' rate limit (commands packed by hiredis, the C
library redis-py itself uses, on a connection each thread keeps).

Django's own backend builds a new `redis.Redis` for every cache call; building one (it fills a table of
about 170 response callbacks) costs more CPU than the round trip it then makes. A client is a thin,
thread-safe handle on its pool, so one per pool is enough.
"""

import os
import threading

from django.core.cache.backends import redis as django_redis
from hiredis import pack_command


class RedisCacheClient(django_redis.RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}
        self._local = threading.local()

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(pool)
        if client is None:
            client = self._clients.setdefault(pool, self._client(connection_pool=pool))
        return client

    def _own_connection(self):
        """This thread's own connection to the first server (made once per thread and process, not
        lent by the pool): the per-request call below then costs no checkout, lock or liveness poll."""
        local = self._local
        if getattr(local, "pid", None) != os.getpid():
            local.connection, local.pid, local.pending = self._get_connection_pool(True).make_connection(), os.getpid(), None
        elif local.pending is not None:  # replies of an earlier call are still on the wire: read them first
            local.pending.result()
        return local.connection

    def send_count_and_read(self, counter, timeout, keys):
        """Write INCR, EXPIRE NX and GETs at once and return without waiting: `.result()` of what is
        returned reads the replies (count, [raw value or None]). In between, the caller may do other work
        while Redis answers."""
        packed = b"".join(
            [pack_command(("INCR", counter)), pack_command(("EXPIRE", counter, timeout, "NX")),
             *(pack_command(("GET", key)) for key in keys)]
        )
        return PendingCount(self, packed, len(keys))


class PendingCount:
    """One count-and-read written to this thread's connection, its replies not read yet. A connection
    that fails is dropped and the commands sent once more on a fresh one (a restarted Redis)."""

    def __init__(self, client, packed, reads):
        self.client, self.packed, self.reads = client, packed, reads
        self.connection, self.outcome = None, None
        try:
            self._send()
        except (client._lib.ConnectionError, client._lib.TimeoutError):
            self._drop()  # sent again by result()

    def _send(self):
        self.connection = self.client._own_connection()
        self.connection.send_packed_command([self.packed], check_health=False)
        self.client._local.pending = self

    def _drop(self):
        if self.connection is not None:
            self.connection.disconnect()
        self.connection = self.client._local.pending = None

    def result(self):
        if self.outcome is not None:
            return self.outcome
        lib = self.client._lib
        for attempt in (1, 2):
            try:
                if self.connection is None:
                    self._send()
                connection = self.connection
                count = connection.read_response()
                connection.read_response()
                values = [connection.read_response() for _read in range(self.reads)]
                break
            except (lib.ConnectionError, lib.TimeoutError):
                self._drop()
                if attempt == 2:
                    raise
            except BaseException:
                self._drop()  # replies may be left unread: start afresh next time
                raise
        self.client._local.pending = None
        loads = self.client._serializer.loads
        self.outcome = (count, [None if value is None else loads(value) for value in values])
        return self.outcome


class RedisCache(django_redis.RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient

    def send_count_and_read(self, counter, timeout, keys=()):
        """Add one to `counter` (which expires `timeout` seconds after its first count) and read `keys`,
        in one round trip, without waiting for the answer: `.result()` of what is returned gives (the new
        count, [value or None for each key]). The keys are the callers' own (short, printable), so they
        are not validated for memcached as Django's calls do."""
        make_key = self.make_key
        return self._cache.send_count_and_read(make_key(counter), timeout, [make_key(key) for key in keys])

    def count_and_read(self, counter, timeout, keys=()):
        """`send_count_and_read(...).result()`."""
        return self.send_count_and_read(counter, timeout, keys).result()
