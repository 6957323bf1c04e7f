"""The tests without a browser run in several processes against one Redis database (tests/settings.py gives
each process a KEY_PREFIX of its own). Django's `cache.clear()` on Redis flushes the whole database: the
rate-limit counts and other keys of the processes running beside it vanish mid-test (it made the login
rate-limit tests fail at random). tests/conftest.py already gives each test an empty cache of its own."""

from pathlib import Path

TESTS = Path(__file__).resolve().parent.parent


def test_no_test_without_a_browser_flushes_the_shared_cache():
    offenders = sorted(
        str(path.relative_to(TESTS))
        for path in TESTS.rglob("*.py")
        if path.name != "conftest.py" and path != Path(__file__).resolve() and "e2e" not in path.parts
        and "cache.clear()" in path.read_text()
    )
    assert offenders == []
