"""The admission card (kartu peserta): an A5 landscape PDF (portal.core.pdf) with the candidate's
photo, the session's details and a QR code for check-in."""

import base64
import hashlib
import json
import logging

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from portal.core import pdf, sealing
from portal.core.pdf import qr_data_uri

from .models import ExamBooking

logger = logging.getLogger(__name__)

TEMPLATE = "exams/pdf/admission_card.html"
PHOTO_TYPES = ("image/jpeg", "image/png")


def check_in_url(booking):
    """What the card's QR code carries: the session's check-in page with the code filled in, so a
    phone's own camera app also leads staff to the right place."""
    return f"{settings.SITE_URL}{reverse('exams:check_in', args=[booking.session_id])}?code={booking.code}"


def photo_document(booking):
    """The applicant's photo: the one in the application's portfolio, else the registry profile's."""
    from certification.models import ApplicationDocument
    from registry.models import WorkerProfile

    item = (
        ApplicationDocument.objects.filter(application_id=booking.application_id, requirement__kind="photo")
        .select_related("document")
        .first()
    )
    if item is not None and item.document.content_type in PHOTO_TYPES:
        return item.document
    profile = WorkerProfile.objects.filter(user_id=booking.application.applicant_id).select_related("photo").first()
    if profile is not None and profile.photo is not None and profile.photo.content_type in PHOTO_TYPES:
        return profile.photo
    return None


def photo_data_uri(document):
    from portal.documents.services import open_document

    if document is None:
        return ""
    try:
        with open_document(document) as handle:
            data = handle.read()
    except OSError:
        logger.warning("Photo %s of an admission card is missing from storage", document.pk)
        return ""
    return f"data:{document.content_type};base64,{base64.b64encode(data).decode()}"


def holder_name(booking):
    from registry.models import WorkerProfile

    profile = WorkerProfile.objects.filter(user_id=booking.application.applicant_id).only("full_name").first()
    return (profile.full_name if profile and profile.full_name else "") or booking.application.applicant.get_full_name()


def facts(booking, photo):
    """What the card shows; its hash tells whether a stored card is still current."""
    session = booking.session
    return {
        "name": holder_name(booking),
        "reference": booking.application.reference,
        "code": booking.code,
        "seat": booking.seat,
        "status": booking.status,
        "session": [
            session.kind, session.scheme.name, session.display_title, session.mode, session.venue_name,
            session.venue_address, session.city, session.province.name, session.map_url, session.meeting_url,
            session.starts_at.isoformat(), session.ends_at.isoformat(), session.instructions,
        ],
        "photo": photo.sha256 if photo else "",
        "template": 3,
    }


def fingerprint(data):
    return hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()


def card_context(booking, photo):
    session = booking.session
    return {
        "booking": booking,
        "session": session,
        "name": holder_name(booking),
        "application": booking.application,
        "photo": photo_data_uri(photo),
        "qr": qr_data_uri(check_in_url(booking)),
        "starts": timezone.localtime(session.starts_at),
        "ends": timezone.localtime(session.ends_at),
        "site_url": settings.SITE_URL,
    }


def render_html(booking, photo=None):
    return pdf.render_html(TEMPLATE, card_context(booking, photo))


def render_pdf(booking, photo=None):
    """The admission card as PDF bytes, sealed (PAdES) by the LSP (`portal.core.sealing`)."""
    with translation.override("id"):
        reason = _("Admission card %(code)s issued by LSP Kemensos") % {"code": booking.display_code}
    return sealing.seal(pdf.render_pdf(TEMPLATE, card_context(booking, photo)), reason=reason)


def _load(booking_id):
    return (
        ExamBooking.objects.select_for_update(of=("self",))
        .select_related(
            "session", "session__scheme", "session__province", "session__regional_office",
            "application", "application__applicant", "application__round",
        )
        .filter(pk=booking_id)
        .first()
    )


def is_current(booking):
    photo = photo_document(booking)
    return bool(booking.card) and booking.card_fingerprint == fingerprint(facts(booking, photo)) and booking.card.storage.exists(booking.card.name)


def ensure_card(booking_id, *, force=False):
    """Render and store the booking's card unless the stored one is current. Idempotent: the row is
    locked while rendering and the file is named after the code, so a retried or duplicate task
    leaves one file. A card whose session changed (time, venue) is rendered again."""
    with transaction.atomic():
        booking = _load(booking_id)
        if booking is None or booking.status != "confirmed":
            return booking
        photo = photo_document(booking)
        current = fingerprint(facts(booking, photo))
        if not force and booking.card and booking.card_fingerprint == current and booking.card.storage.exists(booking.card.name):
            return booking
        data = render_pdf(booking, photo)
        booking.card.save(f"{booking.code}.pdf", ContentFile(data), save=False)
        booking.card_sha256 = hashlib.sha256(data).hexdigest()
        booking.card_fingerprint = current
        booking.card_rendered_at = timezone.now()
        booking.save(update_fields=["card", "card_sha256", "card_fingerprint", "card_rendered_at"])
    return booking
