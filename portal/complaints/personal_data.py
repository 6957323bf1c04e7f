"""Complaints' part of the data-subject export: the complaints the person filed (signed in, or with
their account's e-mail address) as the tracking page shows them — what they wrote, the status, the
stage dates and the public answers, never the internal notes of the handlers."""

from django.db.models import Prefetch, Q
from django.utils.translation import gettext_lazy as _

from portal.privacy.exporters import Section, iso

from .models import Complaint, ComplaintResponse


def _filed_by(user):
    return Complaint.objects.filter(Q(complainant=user) | Q(contact_email__iexact=user.email))


def complaints(user):
    rows = _filed_by(user).prefetch_related(
        Prefetch("responses", ComplaintResponse.objects.filter(is_public=True).order_by("created_at"), to_attr="public")
    ).order_by("created_at")
    return [
        {
            "reference": c.reference, "about": str(c.subject_label), "subject_name": c.subject_name,
            "credential_number": c.credential_number, "description": c.description, "contact_name": c.contact_name,
            "contact_email": c.contact_email, "contact_phone": c.contact_phone, "status": c.get_status_display(),
            "received": iso(c.created_at), "decided": iso(c.decided_at), "decision": c.decision,
            "answers": [{"at": iso(r.created_at), "answer": r.text} for r in c.public],
        }
        for c in rows
    ]


def erase_complaints(user):
    kept = [
        _("Complaint %(ref)s: the certification body keeps the record of each complaint and how it was handled "
          "(ISO/IEC 17024 §9.9)") % {"ref": c.reference}
        for c in _filed_by(user).order_by("created_at")
    ]
    return [], kept


SECTIONS = [
    Section(
        key="complaints", title=_("Complaints you filed"), export=complaints, order=60, erase=erase_complaints,
        records=lambda user: [_filed_by(user)], owner="complainant",
        actions={
            "complaint.respond_public": _("Answered your complaint"),
            "complaint.respond_internal": _("Wrote a note on your complaint for the handlers"),
            "complaint.reassign": _("Handed your complaint to another handler"),
        },
        labels={
            "reference": _("reference"), "about": _("about"), "subject_name": _("who or what"),
            "credential_number": _("certificate or accreditation number"), "description": _("what happened"),
            "contact_name": _("your name"), "contact_email": _("your e-mail address"),
            "contact_phone": _("your phone number"), "status": _("status"), "received": _("received"),
            "decided": _("decided"), "decision": _("decision"), "answers": _("answers"), "at": _("when"),
            "answer": _("answer"),
        },
    ),
]
