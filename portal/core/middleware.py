import ipaddress

from django.conf import settings
from django.shortcuts import render

from .inputs import has_nul


class ContentSecurityPolicyMiddleware:
    """A strict CSP on every response: scripts and styles only from our own origin, no inline code."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", settings.CONTENT_SECURITY_POLICY)
        response.headers.setdefault("Permissions-Policy", "camera=(self), geolocation=(), microphone=()")
        return response


class ClientAddressMiddleware:
    """Behind a trusted reverse proxy, REMOTE_ADDR becomes the real client's address (from
    X-Forwarded-For), so rate limits, the audit trail and allauth count each visitor on their own.

    The header is read right to left, each entry added by the proxy before it: the first address that
    is not one of `TRUSTED_PROXIES` is the client. A request from any other peer keeps its REMOTE_ADDR
    whatever it claims."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.trusted = [ipaddress.ip_network(item, strict=False) for item in settings.TRUSTED_PROXIES]

    def _is_trusted(self, ip):
        return ip is not None and any(ip in network for network in self.trusted)

    def __call__(self, request):
        if self.trusted and self._is_trusted(_address(request.META.get("REMOTE_ADDR", ""))):
            client = request.META["REMOTE_ADDR"]
            for hop in reversed(request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")):
                hop = hop.strip()
                ip = _address(hop)
                if ip is None:
                    break
                client = hop
                if not self._is_trusted(ip):
                    break
            request.META["REMOTE_ADDR"] = client
        return self.get_response(request)


def _address(text):
    """The IP address `text` names, or None."""
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        return None


class RejectNullCharactersMiddleware:
    """A NUL byte in the address (its path or query string) answers 400 with a translated page.

    Nothing we link to carries one, and PostgreSQL refuses text with a NUL byte, so a search term or
    parameter that reached a query would answer 500. Posted fields are not checked here: every form
    field refuses NUL itself (Django's CharField), next to the field and keeping what was typed."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if has_nul(request.path_info) or any(
            has_nul(key) or any(has_nul(value) for value in values) for key, values in request.GET.lists()
        ):
            return render(request, "400.html", status=400)
        return self.get_response(request)
