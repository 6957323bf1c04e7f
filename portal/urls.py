from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from portal.accounts import views as accounts
from portal.core import views as core

# The admin has no sign-in form of its own: allauth's (rate-limited, with the second factor) serves it.
admin.site.login = secure_admin_login(admin.site.login)
admin.site.site_header = _("Portal administration")
admin.site.site_title = _("Portal administration")

urlpatterns = [
    path("", core.home, name="home"),
    path("healthz", core.healthz, name="healthz"),
    path("readyz", core.readyz, name="readyz"),
    # Public verification first: the busiest pages resolve after the fewest patterns.
    path("", include("portal.credentials.urls")),
    path("i18n/setlang/", core.set_language, name="set_language"),
    path("i18n/<slug:code>/", core.set_language_link, name="set_language_link"),
    path("accounts/preferences/", core.preferences, name="preferences"),
    # allauth's TOTP enrolment, continuing to the page the user was going to (portal/accounts/views.py).
    path("accounts/2fa/totp/activate/", accounts.activate_totp, name="mfa_activate_totp"),
    path("accounts/2fa/recovery-codes/", accounts.view_recovery_codes, name="mfa_view_recovery_codes"),
    path("accounts/", include("allauth.urls")),
    path("notifications/", include("portal.notifications.urls")),
    path("documents/", include("portal.documents.urls")),
    path("", include("portal.complaints.urls")),
    path("", include("portal.appeals.urls")),
    path("", include("portal.privacy.urls")),
    path("", include("portal.retention.urls")),
    path("", include("portal.statistics.urls")),
    path("dashboards/", include("portal.statistics.dashboard_urls")),
    path("", include("portal.imports.urls")),
    path("", include("portal.api.urls")),
    path("admin/", admin.site.urls),
    # Domain apps mount under their own prefixes (see each app's urls.py).
    path("", include("registry.urls")),
    path("", include("certification.urls")),
    path("", include("certification.assessment.urls")),
    path("", include("certification.exams.urls")),
    path("", include("certification.competency.urls")),
    path("", include("certification.planning.urls")),
    path("", include("certification.unitdecisions.urls")),
    path("", include("certification.cbt.urls")),
    path("", include("accreditation.urls")),
]

handler403 = "portal.core.views.error_403"
handler404 = "portal.core.views.error_404"
handler500 = "portal.core.views.error_500"
