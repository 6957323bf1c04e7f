"""Browser tests: Playwright driving Debian's /usr/bin/chromium (never `playwright install`)."""

import os
from pathlib import Path

import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value, yield_hotp_counters_from_time
from django.conf import settings

from portal.regions import reference
from tests.auth import signed_in_session

from .numbers import DecimalWatch
from .widths import WidthWatch

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
SCREENSHOTS = Path(os.environ.get("SCREENSHOT_DIR", settings.BASE_DIR / "var" / "screenshots"))
PHONE = {"width": 360, "height": 780}
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-dev-shm-usage",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "id-ID", "viewport": DESKTOP}


@pytest.fixture
def server(live_server, transactional_db):
    """The live server with reference data (a transactional test starts from an empty database)."""
    reference.load()
    return live_server


@pytest.fixture
def page(page):
    """Pytest-playwright's page, watched: an English decimal ("11.8") on any Indonesian page it loads
    fails the test (tests/e2e/numbers.py), and so does a page wider than the screen at 360 px or
    1280 px (tests/e2e/widths.py)."""
    page.set_default_timeout(15_000)
    watch = DecimalWatch(page)
    page._portal_decimal_watch = watch
    widths = WidthWatch(page)
    page._portal_width_watch = widths
    yield page
    watch.check_now()
    assert not watch.problems(), "English decimals on Indonesian pages:\n" + "\n".join(watch.problems())
    check_widths(page)


def allow_codes(page, codes):
    """Codes of the test's data that look like decimals (indicator codes "1.1", "2.3"): the number
    check lets these, and only these, through on this page's visits."""
    page._portal_decimal_watch.allow(codes)


def check_numbers(page):
    """Fail now if the page (Indonesian) shows an English decimal; `shoot` calls it at every page the
    tests stop at, the page fixture on every load and change."""
    watch = getattr(page, "_portal_decimal_watch", None)
    if watch is not None:
        watch.check_now()
        assert not watch.problems(), "English decimals on Indonesian pages:\n" + "\n".join(watch.problems())


def check_widths(page):
    """Fail now if a page visited so far (the current one included) is wider than the screen at 360 px
    or 1280 px (tests/e2e/widths.py: every document is measured before the test's first action on it)."""
    watch = getattr(page, "_portal_width_watch", None)
    if watch is not None:
        watch.check_now()
        problems = watch.take()
        assert not problems, "Pages wider than the screen:\n" + "\n".join(problems)


def totp_code(secret):
    return format_hotp_value(hotp_value(secret, next(yield_hotp_counters_from_time())))


_shooting = False


@pytest.fixture(scope="session", autouse=True)
def _screenshots_option(pytestconfig):
    """`pytest --screenshots` (tests/conftest.py) turns `shoot` on."""
    global _shooting
    _shooting = pytestconfig.getoption("screenshots")


def shoot(page, name, *, full_page=True):
    """Screenshots at phone and desktop width, for a person to look at (var/screenshots/), with
    `pytest --screenshots` only: taking them is a large part of the browser tests' time. The page's
    numbers and widths are checked either way (`check_numbers`, `check_widths`)."""
    check_numbers(page)
    check_widths(page)
    if not _shooting:
        return
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    original = page.viewport_size
    for label, size in (("360", PHONE), ("1280", DESKTOP)):
        page.set_viewport_size(size)
        page.screenshot(path=str(SCREENSHOTS / f"{name}-{label}.png"), full_page=full_page)
    page.set_viewport_size(original)


def sign_in(page, base_url, user):
    """Open the dashboard signed in as `user` without the sign-in form: a session made in the live
    server's database as the test client's `force_login` makes it (with the second factor passed for
    an enrolled staff user, see tests/auth.py), its cookie added to the browser context. The sign-in
    form itself is driven once with a password and once with password and TOTP, in test_foundation."""
    session = signed_in_session(user)
    page.context.add_cookies([{
        "name": settings.SESSION_COOKIE_NAME, "value": session.session_key, "url": base_url,
        "httpOnly": True, "sameSite": "Lax",
    }])
    page.goto(f"{base_url}/")


def login(page, base_url, email, password, *, totp_secret=None):
    """Sign in through the real form (password, then the authenticator code when asked)."""
    page.goto(f"{base_url}/accounts/login/")
    page.locator("input[name=login]").fill(email)
    page.locator("input[name=password]").fill(password)
    page.locator("main form button[type=submit]").first.click()
    if totp_secret:
        enter_code(page, totp_secret)


def enter_code(page, secret, *, button=None):
    """Type the authenticator's current code and submit. A code typed just before its 30 s step ends
    is refused by the server in the next step: then the next step's code (the app shows it by then)
    is typed, no waiting."""
    submit = button or page.locator("main form button[type=submit]").first
    for attempt in range(2):
        counter = current_counter()
        page.locator("input[name=code]").fill(totp_code(secret))
        with page.expect_navigation():
            submit.click()
        if attempt or current_counter() == counter or not page.locator(".invalid-feedback").count():
            return


def current_counter():
    return next(yield_hotp_counters_from_time())
