"""What `make run` serves (issue 20, items 2 and 8): the portal's own error pages with DEBUG off, static
files without DEBUG, e-mail links and QR codes at the address it is served at, and a system check
when SITE_URL names a host the portal does not answer to."""

import os
import re
import subprocess
import sys

import pytest
from django.conf import settings
from django.core import checks
from django.test import Client, override_settings
from django.urls import include, path

from portal.core.checks import site_url_check

ROOT = settings.BASE_DIR


def _clean_env(**extra):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "SITE_URL"))}
    return {**env, "DJANGO_SETTINGS_MODULE": "portal.settings", **extra}


def make_dry_run(*args):
    result = subprocess.run(["make", "-n", *args], cwd=ROOT, capture_output=True, text=True, timeout=60,
                            env=_clean_env())
    assert result.returncode == 0, result.stderr
    return result.stdout


def runserver_env(output):
    """The variables `make -n run` sets for migrate, seed_demo and runserver (the same for the three: the
    demo data's e-mails and QR codes use the address too), and the address runserver serves."""
    lines = [line for line in output.splitlines() if " manage.py " in line]
    commands = {line.split(" manage.py ")[1].split()[0]: line for line in lines}
    assert {"migrate", "seed_demo", "runserver"} <= set(commands), output
    envs = [dict(re.findall(r"(\w+)='?([^' ]*)'?\s", commands[c].split(" manage.py ")[0])) for c in ("migrate", "seed_demo", "runserver")]
    assert envs[0] == envs[1] == envs[2], envs
    address = re.search(r"runserver (\S+)", commands["runserver"]).group(1)
    return envs[2], address


def settings_under(env):
    """DEBUG, SITE_URL, ALLOWED_HOSTS and the check's warnings of portal.settings under `env`."""
    code = (
        "import django; django.setup(); from django.conf import settings; from portal.core.checks import site_url_check;"
        "print(settings.DEBUG, settings.SITE_URL, ','.join(settings.ALLOWED_HOSTS), [w.id for w in site_url_check(None)])"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60,
                            env=_clean_env(**env))
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


# ---- make run / make dev ---------------------------------------------------------------------------
def test_make_run_serves_with_debug_off_and_links_at_its_own_port():
    env, address = runserver_env(make_dry_run("run", "PORT=8011"))
    assert address == "127.0.0.1:8011"
    assert env == {
        "SITE_URL": "http://127.0.0.1:8011", "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost,[::1]", "DJANGO_DEBUG": "false",
    }
    assert settings_under(env) == "False http://127.0.0.1:8011 127.0.0.1,localhost,[::1] []"


def test_make_run_on_another_host_accepts_that_host():
    env, address = runserver_env(make_dry_run("run", "HOST=192.168.10.5", "PORT=9000"))
    assert address == "192.168.10.5:9000"
    assert env["SITE_URL"] == "http://192.168.10.5:9000"
    assert env["DJANGO_ALLOWED_HOSTS"] == "127.0.0.1,localhost,[::1],192.168.10.5"
    assert settings_under(env).endswith(" []")


def test_make_run_keeps_a_site_url_given_on_the_command_line():
    env, _address = runserver_env(make_dry_run("run", "SITE_URL=https://demo.example.id", "DJANGO_ALLOWED_HOSTS=demo.example.id"))
    assert (env["SITE_URL"], env["DJANGO_ALLOWED_HOSTS"]) == ("https://demo.example.id", "demo.example.id")


def test_make_dev_keeps_debug_for_developers():
    env, address = runserver_env(make_dry_run("dev", "PORT=8012"))
    assert (address, env["DJANGO_DEBUG"], env["SITE_URL"]) == ("127.0.0.1:8012", "true", "http://127.0.0.1:8012")


def test_debug_is_off_unless_asked_for():
    assert settings_under({}).startswith("False ")
    assert settings_under({"DJANGO_DEBUG": "true"}).startswith("True ")


# ---- the SITE_URL check ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "site_url, hosts, debug, ids",
    [
        ("https://portal.example.id", ["portal.example.id"], False, []),
        ("https://portal.example.id", [".example.id"], False, []),
        ("http://127.0.0.1:8011", ["127.0.0.1", "localhost"], False, []),
        ("http://localhost:8000", [], True, []),
        ("http://127.0.0.1:8000", ["portal.example.id"], False, ["portal.W002"]),
        ("https://portal.example.id", ["127.0.0.1", "localhost"], False, ["portal.W002"]),
        ("http://localhost:8000", [], False, ["portal.W002"]),
        ("portal.example.id", ["portal.example.id"], False, ["portal.W001"]),
    ],
)
def test_site_url_must_be_a_host_the_portal_answers_to(settings, site_url, hosts, debug, ids):
    settings.SITE_URL, settings.ALLOWED_HOSTS, settings.DEBUG = site_url, hosts, debug
    warnings = site_url_check(None)
    assert [w.id for w in warnings] == ids
    assert all(w.level == checks.WARNING for w in warnings)


def test_the_check_runs_with_the_system_checks(settings):
    settings.SITE_URL, settings.ALLOWED_HOSTS = "http://127.0.0.1:8000", ["portal.example.id"]
    assert "portal.W002" in [m.id for m in checks.run_checks()]


def test_production_without_site_url_warns():
    from tests.kernel.test_platform import run_manage

    result = run_manage("check", env={
        "DJANGO_ENV": "production", "DJANGO_SECRET_KEY": "x7!kQ2#pL9$wR4^zT6&yU8*iO0(aS3)dF5_gH1+jK-lZ=xCvB7nM2qW4eR6tY8u",
        "DJANGO_ALLOWED_HOSTS": "portal.example.id", "CREDENTIAL_SIGNING_KEYS": "check:" + "A" * 43 + "=", "SITE_URL": "",
    })
    assert result.returncode == 0, result.stderr
    assert "(portal.W002) SITE_URL's host '127.0.0.1' is not in ALLOWED_HOSTS ['portal.example.id']" in result.stderr + result.stdout


# ---- error pages and static files with DEBUG off -----------------------------------------------------
def test_an_unknown_address_gets_the_portals_404_page(client, settings):
    settings.DEBUG = False
    response = client.get("/verifikasi/")
    assert response.status_code == 404
    assert [t.name for t in response.templates][:2] == ["404.html", "base.html"]
    page = response.content.decode()
    assert "<h1 class=\"h3\">Halaman tidak ditemukan</h1>" in page
    assert 'href="/verify/">Verifikasi sertifikat</a>' in page
    assert "URLconf" not in page and "urlpatterns" not in page and "portal.urls" not in page
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get("/verifikasi/").content.decode()
    assert "<h1 class=\"h3\">Page not found</h1>" in page and ">To the home page</a>" in page


def boom(request):
    raise RuntimeError("boom")


urlpatterns = [path("boom/", boom), path("", include("portal.urls"))]
handler500 = "portal.core.views.error_500"


@override_settings(ROOT_URLCONF=__name__)
def test_an_error_gets_the_portals_500_page_in_the_visitors_language(db):
    client = Client(raise_request_exception=False)
    response = client.get("/boom/")
    assert response.status_code == 500
    page = response.content.decode()
    assert '<html lang="id">' in page and "<h1 class=\"h3\">Terjadi kesalahan</h1>" in page
    assert "Traceback" not in page and "RuntimeError" not in page
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get("/boom/").content.decode()
    assert '<html lang="en">' in page and "<h1 class=\"h3\">Something went wrong</h1>" in page


def test_static_files_are_served_without_debug(settings):
    """WhiteNoise serves them from the apps and static/ (runserver serves none: runserver_nostatic)."""
    settings.DEBUG = False
    response = Client().get("/static/css/portal.css")
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"/*") or response.get("Content-Type", "").startswith("text/css")
