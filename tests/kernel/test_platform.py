import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.db import connection

from portal.accounts.roles import Role
from portal.audit.models import AuditEvent
from portal.audit.services import record
from portal.celery import app as celery_app
from portal.regions.models import Province, RegionalOffice

pytestmark = pytest.mark.django_db
ROOT = settings.BASE_DIR


def test_reference_data_has_38_provinces_in_six_offices(reference_data):
    assert RegionalOffice.objects.count() == 6
    assert Province.objects.count() == 38
    assert Province.objects.filter(regional_office__isnull=True).count() == 0
    for office in RegionalOffice.objects.all():
        assert office.provinces.exists(), office
    assert Province.objects.get(code="32").regional_office.code == "II"
    assert Province.objects.get(code="91").capital == "Jayapura"
    assert sorted(Province.objects.filter(regional_office__code="VI").values_list("code", flat=True)) == [
        "91", "92", "93", "94", "95", "96",
    ]


def test_healthz_touches_nothing(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/healthz")
    assert response.status_code == 200 and response.json() == {"status": "ok"}


def test_readyz_reports_database_and_broker(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json()["checks"]["database"] == "ok"


def test_readyz_with_a_real_broker(client, settings):
    """Against the Redis broker this machine runs (CI sets REDIS_URL)."""
    assert os.environ.get("REDIS_URL"), "set REDIS_URL: readiness is tested against a real broker"
    settings.CELERY_TASK_ALWAYS_EAGER = False
    celery_app.conf.broker_url = os.environ["REDIS_URL"]
    celery_app._pool = None
    try:
        response = client.get("/readyz")
        assert response.status_code == 200
        assert response.json()["checks"] == {"database": "ok", "cache": "ok", "broker": "ok"}
        celery_app.conf.broker_url = "redis://127.0.0.1:1/0"
        celery_app._pool = None
        response = client.get("/readyz")
        assert response.status_code == 503
        assert response.json() == {"status": "unavailable", "checks": {"database": "ok", "cache": "ok", "broker": "unavailable"}}
    finally:
        celery_app.conf.broker_url = settings.CELERY_BROKER_URL
        celery_app._pool = None


def test_readyz_answers_within_seconds_when_the_database_does_not(client):
    """A server that takes the connection and never answers (what a hung or unreachable database looks
    like to libpq): /readyz gives up after its short timeout, says which dependency, and no more."""
    import socket
    import time

    from django.db import connection

    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(8)
    saved = dict(connection.settings_dict)
    connection.settings_dict.update(HOST="127.0.0.1", PORT=silent.getsockname()[1])
    try:
        started = time.monotonic()
        response = client.get("/readyz")
        elapsed = time.monotonic() - started
    finally:
        connection.settings_dict.clear()
        connection.settings_dict.update(saved)
        silent.close()
    assert response.status_code == 503
    assert response.json()["checks"]["database"] == "unavailable"
    assert "Error" not in response.content.decode()
    assert elapsed < 4


def test_every_page_has_a_strict_csp(client):
    response = client.get("/")
    csp = response["Content-Security-Policy"]
    assert "script-src 'self';" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"


def test_no_inline_scripts_or_styles_in_pages(client, make_user):
    pages = [client.get(p).content.decode() for p in ("/", "/accounts/login/", "/accounts/signup/")]
    client.force_login(make_user(Role.APPLICANT))
    pages += [client.get(p).content.decode() for p in ("/", "/notifications/", "/documents/", "/accounts/preferences/")]
    for html in pages:
        assert "<script>" not in html and "<style" not in html and " style=" not in html
        assert 'src="http' not in html and 'href="http' not in html.replace('href="http://testserver', "")


def test_audit_events_are_append_only(applicant):
    event = record(applicant, "test.action", applicant, note="x")
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()
    with pytest.raises(PermissionError):
        AuditEvent.objects.filter(pk=event.pk).update(note="changed")
    with pytest.raises(PermissionError):
        AuditEvent.objects.all().delete()
    if connection.vendor == "postgresql":  # the database refuses too, whoever asks
        from django.db import DatabaseError, transaction

        with pytest.raises(DatabaseError), transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("UPDATE audit_auditevent SET note = 'changed' WHERE id = %s", [event.pk])
    assert AuditEvent.objects.get(pk=event.pk).note == "x"


def run_manage(*args, env=None):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={
            **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
            "DJANGO_SETTINGS_MODULE": "portal.settings",
            **(env or {}),
        },
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_refuses_to_start_without_secret_and_hosts():
    result = run_manage("check", env={"DJANGO_ENV": "production", "DJANGO_SECRET_KEY": "", "DJANGO_ALLOWED_HOSTS": "x"})
    assert result.returncode != 0 and "DJANGO_SECRET_KEY must be set" in result.stderr
    result = run_manage(
        "check", env={"DJANGO_ENV": "production", "DJANGO_SECRET_KEY": "k" * 60, "DJANGO_ALLOWED_HOSTS": ""}
    )
    assert result.returncode != 0 and "DJANGO_ALLOWED_HOSTS must be set" in result.stderr
    for placeholder in ("change-me-in-dot-env", "change-me-" + "x" * 40, "short-key"):
        result = run_manage(
            "check", env={"DJANGO_ENV": "production", "DJANGO_SECRET_KEY": placeholder, "DJANGO_ALLOWED_HOSTS": "x"}
        )
        assert result.returncode != 0 and "DJANGO_SECRET_KEY is a placeholder" in result.stderr, placeholder


def test_check_deploy_is_clean_in_production(tmp_path):
    from tests.credentials.test_sealing import pkcs12_file

    seal, _ca = pkcs12_file(tmp_path)
    production = {
        "DJANGO_ENV": "production",
        "DJANGO_SECRET_KEY": "x7!kQ2#pL9$wR4^zT6&yU8*iO0(aS3)dF5_gH1+jK-lZ=xCvB7nM2qW4eR6tY8u",
        "DJANGO_ALLOWED_HOSTS": "portal.example.id",
        "SITE_URL": "https://portal.example.id",
        # Production refuses to start without a certificate signing key (base64 of 32 bytes).
        "CREDENTIAL_SIGNING_KEYS": "check:" + "A" * 43 + "=",
    }
    result = run_manage(
        "check", "--deploy", "--fail-level", "WARNING",
        env={**production, "PDF_SEAL_PKCS12": str(seal), "PDF_SEAL_PASSPHRASE": "rahasia"},
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
    # Without the LSP's sealing certificate the PDFs would go out unsealed: said, not silent.
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=production)
    assert result.returncode != 0 and "portal.W010" in result.stdout + result.stderr


def test_language_link_for_visitors(client):
    response = client.get("/i18n/en/?next=/rounds/")
    assert response.status_code == 302 and response["Location"] == "/rounds/"
    assert response.cookies["portal_language"].value == "en"
    assert "Certification rounds" in client.get("/rounds/").content.decode()
    response = client.get("/i18n/id/?next=https://evil.example/")
    assert response["Location"] == "/" and response.cookies["portal_language"].value == "id"
    assert client.get("/i18n/xx/").cookies["portal_language"].value == "id"


def test_public_pages_carry_no_csrf_token_for_visitors(client, applicant):
    assert "csrfmiddlewaretoken" not in client.get("/rounds/").content.decode()
    client.force_login(applicant)
    assert "csrfmiddlewaretoken" in client.get("/rounds/").content.decode()  # the language form
