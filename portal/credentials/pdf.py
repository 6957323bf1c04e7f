"""The certificate PDF: an HTML template rendered by WeasyPrint, A4 landscape, Indonesian with an
English second line, fonts shipped with the project (static/fonts), the signed QR code (segno)."""

from pathlib import Path
from urllib.parse import urlencode

import segno
from django.conf import settings
from django.contrib.staticfiles import finders
from django.template import defaultfilters
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

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

#: Font files in static/fonts, by (family, weight, style).
FONTS = [
    ("Noto Sans", 400, "normal", "noto-sans/noto-sans-latin{ext}-400-normal.woff"),
    ("Noto Sans", 400, "italic", "noto-sans/noto-sans-latin{ext}-400-italic.woff"),
    ("Noto Sans", 700, "normal", "noto-sans/noto-sans-latin{ext}-700-normal.woff"),
    ("Noto Serif", 400, "normal", "noto-serif/noto-serif-latin{ext}-400-normal.woff"),
    ("Noto Serif", 400, "italic", "noto-serif/noto-serif-latin{ext}-400-italic.woff"),
    ("Noto Serif", 700, "normal", "noto-serif/noto-serif-latin{ext}-700-normal.woff"),
]
LATIN = "U+0000-00FF,U+0131,U+0152-0153,U+02BB-02BC,U+02C6,U+02DA,U+02DC,U+2000-206F,U+20AC,U+2122,U+2212,U+FEFF,U+FFFD"
LATIN_EXT = "U+0100-02BA,U+02BD-02C5,U+02C7-02CC,U+02CE-02D7,U+02DD-02FF,U+0304,U+0308,U+0329,U+1E00-1E9F,U+1EF2-1EFF,U+2C60-2C7F,U+A720-A7FF"


def static_path(name):
    path = finders.find(name)
    if not path:
        raise FileNotFoundError(f"static/{name} is missing")
    return Path(path)


def font_faces():
    faces = []
    for family, weight, style, pattern in FONTS:
        for ext, unicode_range in (("", LATIN), ("-ext", LATIN_EXT)):
            faces.append(
                {
                    "family": family,
                    "weight": weight,
                    "style": style,
                    "url": static_path("fonts/" + pattern.format(ext=ext)).as_uri(),
                    "unicode_range": unicode_range,
                }
            )
    return faces


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


def qr_data_uri(text):
    return segno.make(text, error="m").svg_data_uri(scale=4, border=0, dark="#0b2540")


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
        "fonts": font_faces(),
        "logo": static_path("img/logo.svg").as_uri(),
        "qr": qr_data_uri(verification_url(credential)),
        "short_url": f"{settings.SITE_URL}{reverse('credentials:search')}",
        "algorithm": signing.ALGORITHM,
    }


def render_html(credential):
    with translation.override("id"):
        return render_to_string(TEMPLATE, certificate_context(credential))


def render_pdf(credential):
    """The certificate as PDF bytes."""
    from weasyprint import HTML  # heavy import: only where PDFs are made

    html = render_html(credential)
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()
