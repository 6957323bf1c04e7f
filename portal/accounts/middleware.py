from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.http import urlencode
from django.utils import translation
from django.utils.translation import gettext as _

from .mfa import has_totp, session_passed_mfa


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
    """Roles that require two-factor authentication reach a page only in a session that passed it.

    - Not enrolled yet: nothing but `/accounts/…` (enrolment, sign-out) and the public pages.
    - Enrolled, but this session did not pass the second factor (it was opened by a way into a
      session other than allauth's login: Django's `login()`, the admin's old login form, a password
      reset…): the session is ended and the user is sent to the sign-in page, which asks for TOTP.
    """

    ALLOWED_PREFIXES = ("/accounts/", "/static/", "/i18n/", "/healthz", "/readyz", "/verify/", "/api/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is None
            or not user.is_authenticated
            or not user.mfa_required
            or request.path.startswith(settings.STATIC_URL)
            or session_passed_mfa(request, user)
        ):
            return self.get_response(request)
        if has_totp(user):
            logout(request)
            messages.warning(
                request,
                _("Sign in with your password and the code from your authenticator app."),
                fail_silently=True,
            )
            if request.path.startswith(self.ALLOWED_PREFIXES):
                return self.get_response(request)
            return redirect_to_login(request.get_full_path(), reverse(settings.LOGIN_URL))
        if not request.path.startswith(self.ALLOWED_PREFIXES):
            messages.info(
                request,
                _("Your role requires two-factor authentication. Set up an authenticator app to continue."),
                fail_silently=True,
            )
            return redirect(f"{reverse('mfa_activate_totp')}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)


class PrivatePagesMiddleware:
    """A signed-in user's pages carry their personal data: no cache may keep them (a shared computer's
    browser, a proxy). Pages that set their own Cache-Control keep it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not response.has_header("Cache-Control"):
            patch_cache_control(response, private=True, no_store=True)
        return response
