"""The assignment letter (surat tugas) of an assessor's assignment: an A4 PDF made on request with
WeasyPrint (`portal.core.pdf`, the fonts in static/fonts), as the admission card and the certificates
are. It names the application by its reference only — never the applicant, so a blind round stays
blind on paper too."""

from django.conf import settings
from django.utils import timezone

from portal.core import pdf

from . import licences

TEMPLATE = "assessment/pdf/assignment_letter.html"


def letter_number(assignment):
    return f"ST-{timezone.localtime(assignment.assigned_at):%Y}/{assignment.pk:05d}/LSP-KEMENSOS"


def filename(assignment):
    return f"surat-tugas-{assignment.application.reference}-{assignment.pk}.pdf"


def letter_context(assignment):
    from registry.models import AssessorProfile

    application = assignment.application
    profile = licences.with_licences(AssessorProfile.objects.filter(user_id=assignment.assessor_id)).first()
    return {
        "assignment": assignment,
        "application": application,
        "scheme": application.round.scheme,
        "round": application.round,
        "assessor": assignment.assessor,
        "profile": profile,
        "licence": licences.licence_of(profile) if profile else None,
        "number": letter_number(assignment),
        "assigned": timezone.localtime(assignment.assigned_at),
        "due": timezone.localtime(assignment.due_at),
        "issued_by": assignment.assigned_by,
        "site_url": settings.SITE_URL,
    }


def render_pdf(assignment):
    return pdf.render_pdf(TEMPLATE, letter_context(assignment))
