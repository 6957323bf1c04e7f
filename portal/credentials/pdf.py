"""The certificate PDF: an HTML template (A4 landscape, Indonesian with an English second line, fonts
shipped with the project in static/fonts, the signed QR code from segno), sealed.

`render_pdf` is the one entry point. It renders the fixed design once per design with WeasyPrint and stamps
each certificate's own text and QR code onto it (`portal.core.stamping`, about ten times faster); a
certificate that cannot be stamped unchanged (a name too long for its line, a character the shipped fonts
lack) is rendered the old way, `render_pdf_weasyprint`, which is also what the benchmark and the tests
compare the stamped certificates with. Setting CREDENTIAL_PDF_STAMPED=0 renders every certificate the old way.
"""

import logging
from functools import lru_cache
from types import SimpleNamespace
from urllib.parse import urlencode

import segno
from django.conf import settings
from django.template import defaultfilters
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from portal.core import pdf, sealing, stamping
from portal.core.pdf import qr_data_uri

from . import signing

TEMPLATE = "credentials/pdf/certificate.html"
logger = logging.getLogger(__name__)

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


def certificate_context(credential, qr=True):
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
        "qr": qr_data_uri(verification_url(credential)) if qr else BLANK_QR,
        "short_url": f"{settings.SITE_URL}{reverse('credentials:search')}",
        "algorithm": signing.ALGORITHM,
    }


def render_html(credential):
    return pdf.render_html(TEMPLATE, certificate_context(credential))


def _seal_reason(credential):
    with translation.override("id"):
        return _("Issued by %(issuer)s, number %(number)s") % {"issuer": credential.issuer, "number": credential.number}


def render_pdf_weasyprint(credential):
    """The certificate rendered whole by WeasyPrint, sealed: the reference design (about ten times slower)."""
    return sealing.seal(
        pdf.render_pdf(TEMPLATE, certificate_context(credential)), reason=_seal_reason(credential),
        location=settings.CREDENTIAL_SIGNATURE_PLACE,
    )


# ---- the stamped path ---------------------------------------------------------------------------
#: A transparent stand-in for the QR code in the background (its box keeps its place; the code is stamped).
BLANK_QR = "data:image/svg+xml;charset=utf-8,%3Csvg%20xmlns%3D%22http%3A//www.w3.org/2000/svg%22%20viewBox%3D%220%200%201%201%22/%3E"
#: Where each certificate's own values go in the background: tokens that the stamp replaces.
TOKENS = {
    "number": "ZQXNUM",
    "holder_name": "ZQXHOLDER",
    "subject": "ZQXSUBA",
    "subject_en": "ZQXSUBB",
    "province": "ZQXPROV",
    "issued_on.id": "ZQXISSA",
    "issued_on.en": "ZQXISSB",
    "valid_until.id": "ZQXUNTA",
    "valid_until.en": "ZQXUNTB",
}
QR_DARK = (0x0B / 255, 0x25 / 255, 0x40 / 255)  # portal.core.pdf.qr_data_uri's #0b2540


def _design_context(credential):
    """The template's context for the background: the certificate's fixed facts (kind, issuer, signatory,
    key, whether it has an English subject or a province line) and tokens for its own values."""
    stand_in = SimpleNamespace(
        number=TOKENS["number"], holder_name=TOKENS["holder_name"], subject=TOKENS["subject"],
        subject_en=TOKENS["subject_en"] if credential.subject_en else "",
        province=SimpleNamespace(name=TOKENS["province"]) if credential.province_id else None,
        issuer=credential.issuer, signatory_name=credential.signatory_name,
        signatory_title=credential.signatory_title, signatory_title_en=credential.signatory_title_en,
        key_id=credential.key_id, is_worker_certificate=credential.is_worker_certificate,
        issued_on=credential.issued_on, valid_until=credential.valid_until,
    )
    context = certificate_context(stand_in, qr=False)
    context["issued_on"] = {"id": TOKENS["issued_on.id"], "en": TOKENS["issued_on.en"]}
    context["valid_until"] = {"id": TOKENS["valid_until.id"], "en": TOKENS["valid_until.en"]}
    context["credential"] = stand_in
    context["background"] = True
    return context


@lru_cache(maxsize=1)
def _template_source():
    from django.template.loader import get_template

    return get_template(TEMPLATE).template.source


def _design_key(context):
    stand_in = context["credential"]
    fixed = {key: value for key, value in context.items() if key not in ("credential", "fonts", "logo")}
    facts = vars(stand_in) | {"province": bool(stand_in.province), "issued_on": None, "valid_until": None}
    return repr((TEMPLATE, _template_source(), sorted(fixed.items(), key=str), sorted(facts.items())))


def _values(credential):
    dates = {
        "issued_on": _both(lambda: defaultfilters.date(credential.issued_on, "j F Y")),
        "valid_until": _both(lambda: defaultfilters.date(credential.valid_until, "j F Y")),
    }
    return {
        TOKENS["number"]: credential.number,
        TOKENS["holder_name"]: credential.holder_name,
        TOKENS["subject_en"]: credential.subject_en,  # before "subject": its token is not a prefix, but be safe
        TOKENS["subject"]: credential.subject,
        TOKENS["province"]: credential.province.name if credential.province_id else "",
        TOKENS["issued_on.id"]: dates["issued_on"]["id"],
        TOKENS["issued_on.en"]: dates["issued_on"]["en"],
        TOKENS["valid_until.id"]: dates["valid_until"]["id"],
        TOKENS["valid_until.en"]: dates["valid_until"]["en"],
    }


def render_pdf_stamped(credential):
    """The certificate stamped onto its cached design, sealed. Raises `stamping.NotStampable` when it would
    not look the same as `render_pdf_weasyprint`."""
    context = _design_context(credential)
    design = stamping.design(_design_key(context), lambda: pdf.render_html(TEMPLATE, context))
    with translation.override("id"):
        title = str(LABELS[f"title_{context['kind']}"])
    data = stamping.stamp(
        design, _values(credential), qr={"qr": (segno.make(verification_url(credential), error="m"), QR_DARK)},
        title=credential.number, subject=f"{title} {credential.number}",
    )
    return sealing.seal(data, reason=_seal_reason(credential), location=settings.CREDENTIAL_SIGNATURE_PLACE)


def render_pdf(credential):
    """The certificate as PDF bytes, sealed (PAdES) by the issuer (`portal.core.sealing`): stamped onto the
    cached design, or rendered whole when it cannot be stamped unchanged."""
    if settings.CREDENTIAL_PDF_STAMPED:
        try:
            return render_pdf_stamped(credential)
        except stamping.NotStampable as exc:
            logger.info("credential %s rendered by WeasyPrint: %s", credential.number, exc)
    return render_pdf_weasyprint(credential)
