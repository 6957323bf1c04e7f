"""System checks of the kernel: the address the portal names in e-mails and QR codes (SITE_URL) must
be one it answers at (ALLOWED_HOSTS), or every link it sends leads to a 400 or to another site."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Warning, register
from django.http.request import split_domain_port, validate_host


@register()
def site_url_check(app_configs, **kwargs):
    site_url = settings.SITE_URL
    parts = urlsplit(site_url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return [
            Warning(
                f"SITE_URL={site_url!r} is not an absolute http(s) address: links in e-mails and QR codes will not work.",
                hint="Set SITE_URL to the address users open, e.g. https://sertifikasi.kemensos.go.id",
                id="portal.W001",
            )
        ]
    domain, _port = split_domain_port(parts.netloc)
    # What Django itself accepts (django.http.request.HttpRequest.get_host): with DEBUG and no
    # ALLOWED_HOSTS, the local addresses.
    allowed = settings.ALLOWED_HOSTS or ([".localhost", "127.0.0.1", "[::1]"] if settings.DEBUG else [])
    if not domain or not validate_host(domain, allowed):
        return [
            Warning(
                f"SITE_URL's host {domain or parts.netloc!r} is not in ALLOWED_HOSTS {list(allowed)!r}: links in "
                "e-mails and QR codes point at an address the portal refuses (400) or does not serve.",
                hint="Set SITE_URL to the public address of the portal and list its host in DJANGO_ALLOWED_HOSTS "
                "(`make run` sets both from HOST and PORT).",
                id="portal.W002",
            )
        ]
    return []


@register(deploy=True)
def pdf_seal_check(app_configs, **kwargs):
    """Production without a configured seal issues unsealed PDFs (portal/core/sealing.py); a seal that
    cannot be read fails here rather than at the first certificate."""
    from django.core.exceptions import ImproperlyConfigured

    from . import sealing

    if not settings.PDF_SEAL_ENABLED:
        return []
    if not sealing.configured():
        if getattr(settings, "PRODUCTION", False):
            return [Warning(
                "No PDF seal is configured: certificates and admission cards are issued without a PAdES seal.",
                hint="Set PDF_SEAL_PKCS12 and PDF_SEAL_PASSPHRASE to the LSP's certificate from BSrE (docs/credentials.md).",
                id="portal.W010",
            )]
        return []
    try:
        sealing.signer()
    except (ImproperlyConfigured, OSError, ValueError) as exc:
        return [Warning(f"The PDF seal cannot be loaded: {exc}", id="portal.W011")]
    return []
