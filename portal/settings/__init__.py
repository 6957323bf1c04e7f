"""Settings for the LSP Kemensos / BALKS portal, driven by environment variables: the kernel's here, the
programmes' (exams, units of competency, accreditation, credentials, complaints, appeals) in `programmes.py`.

Every variable is documented in `.env.example`. With nothing set the portal runs embedded:
SQLite under var/, Celery tasks eagerly in-process, email to the console, uploads under var/.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from .environment import env, env_bool, env_list

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("VAR_DIR", BASE_DIR / "var"))


DJANGO_ENV = env("DJANGO_ENV", "development")
PRODUCTION = DJANGO_ENV == "production"
# Off unless asked for (`make dev`, DJANGO_DEBUG=true): the embedded mode (`make run`) shows visitors the
# portal's own 404 and 500 pages, never Django's technical pages with the URL list or a traceback.
DEBUG = env_bool("DJANGO_DEBUG", False)

SECRET_KEY = env("DJANGO_SECRET_KEY")
DEVELOPMENT_SECRET_KEY = "dev-insecure-key-do-not-use-in-production-0123456789abcdefghijklmnop"
if not SECRET_KEY:
    if PRODUCTION:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set when DJANGO_ENV=production.")
    SECRET_KEY = DEVELOPMENT_SECRET_KEY
if PRODUCTION and (len(SECRET_KEY) < 32 or "change-me" in SECRET_KEY.lower() or SECRET_KEY == DEVELOPMENT_SECRET_KEY):
    # A placeholder from an example file would let anyone forge sessions and password-reset links.
    raise ImproperlyConfigured("DJANGO_SECRET_KEY is a placeholder or shorter than 32 characters: set a random one.")

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "" if PRODUCTION else "127.0.0.1,localhost,[::1],testserver")
if PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("DJANGO_ALLOWED_HOSTS must be set when DJANGO_ENV=production.")
if PRODUCTION and not env("CREDENTIAL_SIGNING_KEYS", "").strip():
    # Certificates are signed with it; a key derived from the secret key is for development only.
    raise ImproperlyConfigured("CREDENTIAL_SIGNING_KEYS must be set when DJANGO_ENV=production.")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")
#: The address users open (scheme, host, port): every link in e-mails, the certificates' QR codes and
#: calendar files start with it. `make run` sets it from HOST and PORT; in production set it to the
#: public https address. A system check (portal.W002) warns when its host is not in ALLOWED_HOSTS.
SITE_URL = (env("SITE_URL") or "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    # The kernel (portal/) first: its templates override third-party ones.
    "portal.core",
    "portal.accounts",
    "portal.regions",
    "portal.audit",
    "portal.workflow",
    "portal.notifications",
    "portal.documents",
    "portal.credentials",
    "portal.complaints",
    "portal.appeals",
    "portal.privacy",
    "portal.retention",
    "portal.statistics",
    "portal.imports",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "oauth2_provider",
    "portal.api",
    # Domain apps, in dependency order.
    "registry",
    "certification",
    "certification.assessment",
    "certification.exams",
    "certification.competency",
    "certification.planning",
    "certification.unitdecisions",
    "certification.dashboards",
    "certification.cbt",
    "accreditation",
    # Django and third parties.
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "django_ratelimit",
    "rules.apps.AutodiscoverRulesConfig",
]

MIDDLEWARE = [
    "portal.core.middleware.ClientAddressMiddleware",  # first: every part sees the real client's address
    "django.middleware.security.SecurityMiddleware",
    "portal.core.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "portal.accounts.middleware.PrivatePagesMiddleware",
    "portal.accounts.middleware.UserLanguageMiddleware",
    "portal.core.middleware.RejectNullCharactersMiddleware",  # NUL in the address: 400, never a 500
    "allauth.account.middleware.AccountMiddleware",
    "portal.accounts.middleware.RequireMFAMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "portal.core.repeat.RepeatedSubmissionMiddleware",  # a form sent twice lands on the first one's result
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_ratelimit.middleware.RatelimitMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "portal.core.context_processors.portal",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
DATABASE_URL = env("DATABASE_URL")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=0)}
    if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and env_bool("DB_POOL", True):
        # psycopg 3 connection pool, managed by Django (one pool per process).
        DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
            "min_size": int(env("DB_POOL_MIN", "1")),
            "max_size": int(env("DB_POOL_MAX", "10")),
            "timeout": 10,
        }
else:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": VAR_DIR / "portal.sqlite3",
            "OPTIONS": {"timeout": 20, "transaction_mode": "IMMEDIATE"},
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache (rate limits, sessions stay in the database) -------------------------------------
REDIS_URL = env("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            # Django's RedisCache, falling back to process memory while Redis is unreachable.
            "BACKEND": "portal.core.cache.RedisCache",
            "LOCATION": env("CACHE_URL", REDIS_URL),
            "KEY_PREFIX": env("CACHE_KEY_PREFIX", "portal"),
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- Celery ---------------------------------------------------------------------------------
CELERY_BROKER_URL = env("CELERY_BROKER_URL", REDIS_URL or "memory://")
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", not REDIS_URL)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True  # a crashed worker's task is redelivered, not dropped
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 300
CELERY_BROKER_CONNECTION_TIMEOUT = 3
# Publishing must not hang a web request when the broker is down: the outbox keeps the work.
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 2, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.5}
# A task taken by a worker that then died (killed, machine lost) is handed out again after the
# visibility timeout: longer than the longest task (CELERY_TASK_TIME_LIMIT) and the longest retry
# delay, short enough that a lost PDF or email is not an hour late. A worker child that is killed is
# requeued at once (CELERY_TASK_REJECT_ON_WORKER_LOST).
CELERY_VISIBILITY_TIMEOUT = int(env("CELERY_VISIBILITY_TIMEOUT", "900"))
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "socket_connect_timeout": 3,
    "socket_timeout": 5,
    "visibility_timeout": CELERY_VISIBILITY_TIMEOUT,
}
CELERY_TIMEZONE = "Asia/Jakarta"
# The periodic tasks (beat) and the dashboards' settings: `schedule.py`, imported at the end.

#: Hours within which the data protection officer answers a person's request about their data
#: (UU 27/2022: 3×24 hours).
DATA_REQUEST_HOURS = int(env("DATA_REQUEST_HOURS", "72"))
#: Hours from the discovery of a personal-data breach within which the people affected and the
#: authority are notified (UU 27/2022 Pasal 46: 3×24 hours).
BREACH_NOTIFY_HOURS = int(env("BREACH_NOTIFY_HOURS", "72"))

#: A notification a worker took for sending but never finished (the worker was lost) is sent again
#: after this many seconds.
NOTIFICATION_CLAIM_SECONDS = int(env("NOTIFICATION_CLAIM_SECONDS", "600"))

# --- Authentication (django-allauth) ----------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_FORMS = {"signup": "portal.accounts.forms.SignupForm", "login": "portal.accounts.forms.LoginForm"}
ACCOUNT_ADAPTER = "portal.accounts.adapter.AccountAdapter"
# Account e-mails' subjects start with the portal's short name in the recipient's language
# (portal.accounts.adapter.AccountAdapter.format_email_subject).
PORTAL_SHORT_NAME = _("Kemensos Certification Portal")
# Login, sign-up and reset are rate-limited through the cache (Redis in production).
ACCOUNT_RATE_LIMITS = {
    "login": env("RATE_LIMIT_LOGIN", "30/m/ip"),
    # Per address, and per account progressively (see AccountAdapter.pre_authenticate): in a browser
    # where the account signed in completely before, only the per-address limit applies.
    "login_failed": env("RATE_LIMIT_LOGIN_FAILED", "10/m/ip,5/5m/key,15/h/key,30/d/key"),
    "login_failed_known_device": env("RATE_LIMIT_LOGIN_FAILED_KNOWN_DEVICE", "10/m/ip"),
    "signup": env("RATE_LIMIT_SIGNUP", "20/m/ip"),
    "reset_password": "20/m/ip,5/m/key",
    "confirm_email": "1/3m/key",
}
#: Days a browser stays a known device of an account after a whole sign-in (password + TOTP).
KNOWN_DEVICE_DAYS = int(env("KNOWN_DEVICE_DAYS", "90"))
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Portal Sertifikasi Kemensos"
# Roles that must enrol TOTP before they reach any page but the enrolment itself.
MFA_REQUIRED_ROLES = ["secretariat", "assessor", "lsp_admin", "balks_admin", "dpo"]

# --- Internationalisation -------------------------------------------------------------------
LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_NAME = "portal_language"
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = "Asia/Jakarta"
# English times on the 24-hour clock (portal/formats/en), as in Indonesian.
FORMAT_MODULE_PATH = ["portal.formats"]
USE_I18N = True
USE_TZ = True

# --- Static files and uploads ------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(env("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# Outside production WhiteNoise serves the files straight from the apps and static/ (no collectstatic),
# with DEBUG on or off; `runserver` serves none itself (whitenoise.runserver_nostatic), so `make run`
# serves them as `make serve` does. DEBUG also picks up files added while the server runs.
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = DEBUG
if not PRODUCTION:
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise warns at every start about a missing one
MEDIA_ROOT = Path(env("MEDIA_ROOT", VAR_DIR / "media"))
MEDIA_URL = "/media-not-served/"
# Uploaded documents live outside any public URL and are served only through a permission check.
PRIVATE_MEDIA_ROOT = Path(env("PRIVATE_MEDIA_ROOT", VAR_DIR / "private"))
DOCUMENT_MAX_BYTES = int(env("DOCUMENT_MAX_BYTES", str(10 * 1024 * 1024)))
# Per user: what all their documents may take (bytes, number; 0 = no limit) and how many files
# they may send a minute (counted in the cache). Past either, the upload field says so.
DOCUMENT_QUOTA_BYTES = int(env("DOCUMENT_QUOTA_BYTES", str(1024 * 1024 * 1024)))
DOCUMENT_QUOTA_COUNT = int(env("DOCUMENT_QUOTA_COUNT", "1000"))
DOCUMENT_UPLOADS_PER_MINUTE = int(env("DOCUMENT_UPLOADS_PER_MINUTE", "30"))
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

# --- Email ----------------------------------------------------------------------------------
EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = int(env("EMAIL_PORT", "25"))
EMAIL_HOST_USER = env("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = 10
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "Portal Sertifikasi Kemensos <no-reply@portal.test>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Security -------------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'"
)
if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(env("DJANGO_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

# --- Forms ----------------------------------------------------------------------------------
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# --- Portal ---------------------------------------------------------------------------------
#: The portal's name: every e-mail names it (the signature of the notifications, allauth's messages).
PORTAL_NAME = _("Social Worker Certification & LKS Accreditation Portal")
PUBLIC_RATE_LIMIT = env("PUBLIC_RATE_LIMIT", "60/m")
#: The partner API (portal/api, docs/api.md): Django REST framework with OAuth 2.0 client credentials.
PARTNER_RATE_LIMIT = env("PARTNER_RATE_LIMIT", "120/m")
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["oauth2_provider.contrib.rest_framework.OAuth2Authentication"],
    "DEFAULT_PERMISSION_CLASSES": ["oauth2_provider.contrib.rest_framework.TokenHasScope"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_THROTTLE_CLASSES": ["portal.api.throttles.PartnerRateThrottle"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "UNAUTHENTICATED_USER": None,
}
OAUTH2_PROVIDER_APPLICATION_MODEL = "oauth2_provider.Application"
OAUTH2_PROVIDER = {
    "SCOPES_BACKEND_CLASS": "portal.api.scopes.PartnerScopes",
    "OAUTH2_VALIDATOR_CLASS": "portal.api.validators.PartnerValidator",
    "SCOPES": {"credentials:read": "credentials:read", "statistics:read": "statistics:read",
               "registry:lookup": "registry:lookup"},
    "ACCESS_TOKEN_EXPIRE_SECONDS": int(env("PARTNER_TOKEN_SECONDS", "3600")),
    # The OAuth 2.0 Security BCP (RFC 9700) throughout: partners only use client credentials, so none of
    # this costs them anything, and tokens are kept hashed.
    "COMPLIANT_BCP_RFC9700_IMPLICIT_GRANT": True,
    "COMPLIANT_BCP_RFC9700_PASSWORD_GRANT": True,
    "COMPLIANT_BCP_RFC9700_PKCE_METHOD": True,
    "COMPLIANT_BCP_RFC9700_ACCESS_TOKEN_TRANSPORT": True,
    "COMPLIANT_BCP_RFC9700_AUTHZ_RESPONSE_ISS": True,
    "COMPLIANT_BCP_RFC9700_TOKEN_STORAGE": True,
    "COMPLIANT_BCP_RFC9700_REDIRECT_URI_SCHEME": True,
    "COMPLIANT_BCP_RFC9700_REFRESH_TOKEN": True,
    "REFRESH_TOKEN_REUSE_PROTECTION": True,
    "ALLOWED_REDIRECT_URI_SCHEMES": ["https"],
}
SPECTACULAR_SETTINGS = {
    "TITLE": "LSP Kemensos & BALKS partner API",
    "DESCRIPTION": "Certificates, accreditations, the public register and statistics for partner systems "
    "(OAuth 2.0 client credentials with scopes), and the public verification endpoints. See docs/api.md.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SERVE_AUTHENTICATION": [],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "OAUTH2_FLOWS": ["clientCredentials"],
    "OAUTH2_TOKEN_URL": "/api/v1/oauth/token/",
    "OAUTH2_SCOPES": {"credentials:read": "credentials", "statistics:read": "statistics", "registry:lookup": "lookup by NIK"},
    "POSTPROCESSING_HOOKS": ["drf_spectacular.hooks.postprocess_schema_enums", "portal.api.schema.add_public_endpoints"],
}
#: How long the public statistics (portal/statistics) are kept before they are computed again, and how
#: long a browser or proxy may keep the page and its downloads (seconds).
PUBLIC_STATISTICS_SECONDS = int(env("PUBLIC_STATISTICS_SECONDS", "900"))
# django-ratelimit: counted per client address (REMOTE_ADDR, made right by ClientAddressMiddleware);
# past the rate, portal.core.ratelimit.refused answers 429. A cache that fails lets requests through.
RATELIMIT_VIEW = "portal.core.ratelimit.refused"
RATELIMIT_FAIL_OPEN = True
# W001: portal.core.cache.RedisCache is Django's RedisCache (with a fallback), which django-ratelimit
# supports; E003, embedded mode only: one process, its memory is the shared cache.
SILENCED_SYSTEM_CHECKS = ["django_ratelimit.W001"] + ([] if REDIS_URL else ["django_ratelimit.E003"])
#: Reverse proxies (addresses or networks, e.g. `127.0.0.1,10.0.0.0/8`) whose X-Forwarded-For is
#: believed: behind them the client is the right-most address that is not a trusted proxy. From any
#: other peer the header is ignored. Empty: REMOTE_ADDR is the client.
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}
MFA_ADAPTER = "portal.accounts.adapter.MFAAdapter"

# The programmes' settings, defined from the environment in their own module; the periodic tasks.
from .programmes import *  # noqa: E402,F401,F403
from .schedule import *  # noqa: E402,F401,F403
