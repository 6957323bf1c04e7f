"""Appeals' part of the data-subject export: the appeals the person made, with their FR.AK.04 answers,
reasons, documents and the panel's decision."""

from django.utils.translation import gettext_lazy as _

from portal.privacy.exporters import Section, document, iso

from .models import Appeal


def _made_by(user):
    return Appeal.objects.filter(appellant=user)


def appeals(user):
    return [
        {
            "reference": a.reference, "decision_appealed": a.decision_label, "file": a.subject_title,
            "decided": iso(a.decision_at), "submitted": iso(a.created_at),
            "process_explained": a.process_explained, "discussed_with_assessor": a.discussed_with_assessor,
            "wants_help": a.wants_help, "helper_name": a.helper_name, "reasons": a.reasons,
            "documents": [document(d) for d in a.documents.all()],
            "status": a.get_status_display(), "outcome": a.get_outcome_display() if a.outcome else "",
            "panel_reasons": a.decision_reason, "panel_decided": iso(a.decided_at),
        }
        for a in _made_by(user).prefetch_related("documents").order_by("created_at")
    ]


def erase_appeals(user):
    kept = [
        _("Appeal %(ref)s: the certification body keeps each appeal and its decision with the assessment record "
          "(ISO/IEC 17024 §9.8)") % {"ref": a.reference}
        for a in _made_by(user).order_by("created_at")
    ]
    return [], kept


SECTIONS = [
    Section(
        key="appeals", title=_("Your appeals"), export=appeals, order=55, erase=erase_appeals,
        records=lambda user: [_made_by(user)],
        actions={
            "appeal.add_member": _("Added a member to the panel of your appeal"),
            "appeal.remove_member": _("Removed a member from the panel of your appeal"),
        },
        labels={
            "reference": _("reference"), "decision_appealed": _("decision appealed"), "file": _("file"),
            "decided": _("decided"), "submitted": _("submitted"),
            "process_explained": _("The appeal process was explained to me"),
            "discussed_with_assessor": _("I discussed the appeal with the assessor"),
            "wants_help": _("I want someone to help me in the appeal process"), "helper_name": _("who helps me"),
            "reasons": _("reasons for the appeal"), "documents": _("documents"), "status": _("status"),
            "outcome": _("outcome"), "panel_reasons": _("the panel's reasons"), "panel_decided": _("decided by the panel"),
        },
    ),
]
