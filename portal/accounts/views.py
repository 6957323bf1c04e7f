"""allauth's TOTP enrolment, keeping where the user was going.

A staff user sent to enrol (`RequireMFAMiddleware`: `/accounts/2fa/totp/activate/?next=/the/page/`)
lands, once the code is accepted, on the recovery codes to save, and from there continues to the page
they asked for ("Continue"), instead of a page that offers only "Download codes" and "Generate new
codes". The destination is kept in the session between the activation form's page and its POST (the
form posts to its bare address) and then carried as `?next=`; only an address of this site is kept."""

from allauth.mfa.recovery_codes.views import ViewRecoveryCodesView
from allauth.mfa.totp.views import ActivateTOTPView
from django.utils.http import url_has_allowed_host_and_scheme, urlencode

SESSION_KEY = "mfa_enrolment_next"


def safe_next(request, value):
    if value and url_has_allowed_host_and_scheme(value, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return value
    return ""


class ActivateTOTP(ActivateTOTPView):
    def get(self, request, *args, **kwargs):
        destination = safe_next(request, request.GET.get("next", ""))
        if destination:
            request.session[SESSION_KEY] = destination
        return super().get(request, *args, **kwargs)

    def get_success_url(self):
        url = super().get_success_url()
        destination = safe_next(self.request, self.request.session.pop(SESSION_KEY, ""))
        if not destination:
            return url
        if not self.did_generate_recovery_codes:
            return destination
        return f"{url}?{urlencode({'next': destination})}"


class RecoveryCodes(ViewRecoveryCodesView):
    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["next_url"] = safe_next(self.request, self.request.GET.get("next", ""))
        return context


activate_totp = ActivateTOTP.as_view()
view_recovery_codes = RecoveryCodes.as_view()
