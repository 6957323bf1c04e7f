"""Test settings: the real settings plus a test-only app for the workflow engine's tests."""

import os
import tempfile

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop

from portal.settings import *  # noqa: E402,F403
from portal.settings import CACHES, DATABASES, INSTALLED_APPS  # noqa: E402

INSTALLED_APPS = [*INSTALLED_APPS, "tests.testapp"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CELERY_TASK_ALWAYS_EAGER = True
PRIVATE_MEDIA_ROOT = tempfile.mkdtemp(prefix="portal-test-private-")
MEDIA_ROOT = tempfile.mkdtemp(prefix="portal-test-media-")
STATIC_ROOT = tempfile.mkdtemp(prefix="portal-test-static-")
# Keys of this process only (each pytest-xdist worker is a process): tests/conftest.py empties the
# cache before each test by deleting this prefix, never the whole Redis database.
CACHES["default"]["KEY_PREFIX"] = f"portal-test-{os.getpid()}"
DOCUMENT_MAX_BYTES = 1024 * 1024
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
if CACHES["default"]["BACKEND"].endswith("RedisCache"):
    # A database of its own, so clearing the test cache never touches the broker's queues.
    base, _, db = CACHES["default"]["LOCATION"].rpartition("/")
    CACHES["default"]["LOCATION"] = f"{base}/{(int(db or 0) + 8) % 16}"
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # A test database need not survive a crash of the server: commits (every request of the browser
    # tests, each flush between transactional tests) do not wait for the WAL to reach the disk.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c synchronous_commit=off"
