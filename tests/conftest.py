import itertools

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from hypothesis import HealthCheck, settings

from portal.accounts.roles import Role
from portal.credentials.models import Credential
from portal.credentials.services import issue_credential
from portal.regions import reference

from .auth import Client
from .factories import UserFactory

# Property tests judge the rules, not the machine's speed: a loaded machine (CI, or several test runs at
# once) must not fail them by the clock. Every example still runs and every assertion still holds.
settings.register_profile("portal", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("portal")


def pytest_addoption(parser):
    parser.addoption(
        "--screenshots", action="store_true", default=False,
        help="browser tests save screenshots of the pages they visit (360 px and 1280 px) in var/screenshots/",
    )


# ---- CI must fail when any test is skipped ---------------------------------------------------
_skipped = []


def pytest_runtest_logreport(report):
    if report.skipped:
        _skipped.append(report.nodeid)


def pytest_sessionfinish(session, exitstatus):
    if _skipped and session.exitstatus == 0:
        session.exitstatus = 1


def pytest_terminal_summary(terminalreporter):
    if _skipped:
        terminalreporter.write_line(f"FAILED: {len(_skipped)} test(s) were skipped; every test must run.", red=True)


# ---- signing in -------------------------------------------------------------------------------
@pytest.fixture
def client():
    return Client()


# ---- fixtures ---------------------------------------------------------------------------------
@pytest.fixture
def reference_data(db):
    """Offices and provinces (a transactional test's flush removes the migration's rows)."""
    reference.load()


@pytest.fixture
def make_user(db, reference_data):
    def make(role=Role.APPLICANT, *, totp=None, **kwargs):
        user = UserFactory(role=role, **kwargs)
        if totp is None:
            totp = user.mfa_required
        if totp:
            secret = generate_totp_secret()
            TOTP.activate(user, secret)
            user.totp_secret = secret
        return user

    return make


@pytest.fixture
def applicant(make_user):
    return make_user(Role.APPLICANT)


@pytest.fixture
def secretariat(make_user):
    return make_user(Role.SECRETARIAT)


@pytest.fixture
def lsp_admin(make_user):
    return make_user(Role.LSP_ADMIN)


@pytest.fixture(autouse=True)
def _clear_cache():
    """Each test starts with an empty cache: this test process's keys only. Django's
    RedisCache.clear() flushes the whole Redis database, which would wipe the keys of the pytest-xdist
    workers running beside this one (each process has a KEY_PREFIX of its own, tests/settings.py)."""
    from django.core.cache import caches
    from django.core.cache.backends.redis import RedisCache
    from redis.exceptions import ConnectionError, TimeoutError

    cache = caches["default"]  # the backend itself (django.core.cache.cache is a proxy to it)
    if isinstance(cache, RedisCache):
        try:
            client = cache._cache.get_client(write=True)
            keys = list(client.scan_iter(match=f"{cache.key_prefix}:*", count=1000))
            if keys:
                client.delete(*keys)
        except (ConnectionError, TimeoutError):
            cache.clear()  # Redis unreachable: the portal's cache serves from this process's memory
    else:
        cache.clear()
    yield


_sources = itertools.count(1)


@pytest.fixture
def issue(db, reference_data):
    """issue_credential with sensible defaults: a worker certificate of scheme GEN."""

    def make(**overrides):
        kwargs = {
            "kind": Credential.Kind.WORKER_CERTIFICATE,
            "source": f"test:{next(_sources)}",
            "holder_name": "Siti Rahmawati",
            "subject": "Pekerja Sosial Generalis",
            "subject_code": "GEN",
            "issuer": "LSP Kemensos",
        }
        kwargs.update(overrides)
        return issue_credential(**kwargs)

    return make


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the default language (Indonesian): a request or a test that switched this
    thread to English must not decide the language of the next test's messages."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()
