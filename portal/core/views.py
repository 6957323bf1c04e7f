import logging

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import caches
from django.db import connection
from django.http import HttpResponseServerError, JsonResponse
from django.shortcuts import redirect, render
from django.template import loader
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST
from django.views.i18n import set_language as django_set_language

from portal.accounts.forms import PreferencesForm

from .dashboard import panels_for

logger = logging.getLogger(__name__)


def home(request):
    if not request.user.is_authenticated:
        return render(request, "core/landing.html")
    return render(request, "core/dashboard.html", {"panels": panels_for(request.user)})


def set_language_cookie(response, code):
    """The language cookie with the same attributes as Django's own language switch sets."""
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        code,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    return response


@require_POST
def set_language(request):
    """The language switch: sets the cookie (Django's view) and, when signed in, the saved preference."""
    response = django_set_language(request)
    language = request.POST.get("language")
    if request.user.is_authenticated and language in dict(settings.LANGUAGES):
        request.user.language = language
        request.user.save(update_fields=["language"])
    return response


@require_GET
def set_language_link(request, code):
    """The language switch for visitors without an account: a plain link (no form, no CSRF token), so
    public pages can be cached whole. It only sets the language cookie."""
    if code not in dict(settings.LANGUAGES):
        code = settings.LANGUAGE_CODE
    target = request.GET.get("next") or "/"
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        target = "/"
    return set_language_cookie(redirect(target), code)


@login_required
def preferences(request):
    form = PreferencesForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your preferences were saved."))
        return set_language_cookie(redirect("preferences"), form.instance.language)
    return render(request, "core/preferences.html", {"form": form})


@never_cache
@require_GET
def healthz(request):
    """The process is alive. Touches nothing else."""
    return JsonResponse({"status": "ok"})


READY_TIMEOUT_SECONDS = 2


def _check_database():
    if connection.vendor == "postgresql":
        # A connection of its own with a short timeout: the pool would wait up to its own timeout.
        import psycopg

        with psycopg.connect(**connection.get_connection_params(), connect_timeout=READY_TIMEOUT_SECONDS) as conn:
            conn.execute("SELECT 1")
        return "ok"
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return "ok"


def _check_cache():
    ping = getattr(caches["default"], "ping", None)  # the Redis cache; a local one is always there
    if ping is None:
        return "local"
    ping()
    return "ok"


def _check_broker():
    from portal.celery import app

    if settings.CELERY_TASK_ALWAYS_EAGER:
        return "eager"
    with app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1, timeout=READY_TIMEOUT_SECONDS)
    return "ok"


@never_cache
@require_GET
def readyz(request):
    """Each dependency answers ("ok", or how it runs: "eager", "local") or is "unavailable" (the reason
    goes to the log, not to whoever asks). 503 when the database or the broker is unavailable; a lost
    cache makes the status "degraded" (200)."""
    checks = {}
    for name, check in (("database", _check_database), ("cache", _check_cache), ("broker", _check_broker)):
        try:
            checks[name] = check()
        except Exception:  # report, never raise: this is a probe
            logger.exception("readyz: %s unavailable", name)
            checks[name] = "unavailable"
    # Without the cache the portal still serves (each process falls back to its own memory): degraded,
    # not unavailable, so a load balancer keeps sending traffic while Redis is restarted.
    ready = checks["database"] != "unavailable" and checks["broker"] != "unavailable"
    status = "unavailable" if not ready else ("degraded" if checks["cache"] == "unavailable" else "ok")
    return JsonResponse({"status": status, "checks": checks}, status=200 if ready else 503)


def error_404(request, exception=None):
    return render(request, "404.html", status=404)


def error_500(request):
    """The portal's 500 page in the request's language, rendered without the request's context
    processors (navigation, unread count): the database or the session may be what failed."""
    return HttpResponseServerError(loader.get_template("500.html").render())


def error_403(request, exception=None):
    return render(request, "403.html", status=403)
