"""The certificate PDF: an HTML template rendered by WeasyPrint, A4 landscape, Indonesian with an
English second line, fonts shipped with the project (static/fonts), the signed QR code (segno)."""

from urllib.parse import urlencode

from django.conf import settings
from django.template import defaultfilters
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from portal.core import pdf, sealing
from portal.core.pdf import qr_data_uri

from . import signing

TEMPLATE = "credentials/pdf/certificate.html"

#: Labels printed twice: Indonesian first, English below.
LABELS = {
    "ministry": _("Ministry of Social Affairs of the Republic of Indonesia"),
    "title_worker": _("Certificate of Competence"),
    "title_lks": _("Certificate of Accreditation"),
    "number": _("Number"),
    "given_to": _("This certifies that"),
    "statement_worker": _("has been declared COMPETENT in the certification scheme"),
    "statement_lks": _("is accredited as a social welfare institution with the grade"),
    "issued_on": _("Date of issue"),
    "valid_until": _("Valid until"),
    "province": _("Province"),
    "scan": _("Scan to verify this certificate, or enter its number at"),
    "signed": _("Signed electronically"),
}

def verification_url(credential):
    """The QR code's content: the public page with the signed facts, so a verifier can check the
    signature offline (`signing.canonical_payload` rebuilt from the query) or online."""
    query = urlencode(
        {
            "h": credential.holder_name,
            "s": credential.subject,
            "i": credential.issued_on.isoformat(),
            "u": credential.valid_until.isoformat(),
            "k": credential.key_id,
            "sig": credential.signature,
        }
    )
    return f"{settings.SITE_URL}{reverse('credentials:verify', args=[credential.number])}?{query}"


def _both(render):
    """{"id": ..., "en": ...}: `render()` evaluated in Indonesian and in English."""
    out = {}
    for language in ("id", "en"):
        with translation.override(language):
            out[language] = render()
    return out


def certificate_context(credential):
    labels = {key: _both(lambda label=label: str(label)) for key, label in LABELS.items()}
    kind = "worker" if credential.is_worker_certificate else "lks"
    return {
        "credential": credential,
        "kind": kind,
        "title": labels[f"title_{kind}"],
        "statement": labels[f"statement_{kind}"],
        "labels": labels,
        "issued_on": _both(lambda: defaultfilters.date(credential.issued_on, "j F Y")),
        "valid_until": _both(lambda: defaultfilters.date(credential.valid_until, "j F Y")),
        "place": settings.CREDENTIAL_SIGNATURE_PLACE,
        "qr": qr_data_uri(verification_url(credential)),
        "short_url": f"{settings.SITE_URL}{reverse('credentials:search')}",
        "algorithm": signing.ALGORITHM,
    }


def render_html(credential):
    return pdf.render_html(TEMPLATE, certificate_context(credential))


def render_pdf(credential):
    """The certificate as PDF bytes, sealed (PAdES) by the issuer (`portal.core.sealing`)."""
    with translation.override("id"):
        reason = _("Issued by %(issuer)s, number %(number)s") % {"issuer": credential.issuer, "number": credential.number}
    return sealing.seal(
        pdf.render_pdf(TEMPLATE, certificate_context(credential)), reason=reason,
        location=settings.CREDENTIAL_SIGNATURE_PLACE,
    )
