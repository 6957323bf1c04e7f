from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from .mfa import has_totp


class UserLanguageMiddleware:
    """A signed-in user's saved language wins over the browser's Accept-Language.

    An explicit choice in the language cookie (set by the language switch) wins over both.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and settings.LANGUAGE_COOKIE_NAME not in request.COOKIES:
            translation.activate(user.language)
            request.LANGUAGE_CODE = translation.get_language()
        return self.get_response(request)


class RequireMFAMiddleware:
    """Staff and assessors reach nothing but TOTP enrolment (and sign-out) until they have enrolled."""

    ALLOWED_PREFIXES = ("/accounts/", "/static/", "/i18n/", "/healthz", "/readyz", "/verify/", "/api/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and user.mfa_required
            and not request.path.startswith(self.ALLOWED_PREFIXES)
            and not request.session.get("mfa_enrolled")
        ):
            if has_totp(user):
                request.session["mfa_enrolled"] = True
            else:
                messages.info(
                    request,
                    _("Your role requires two-factor authentication. Set up an authenticator app to continue."),
                    fail_silently=True,
                )
                return redirect(reverse("mfa_activate_totp") + "?next=" + request.get_full_path())
        return self.get_response(request)
