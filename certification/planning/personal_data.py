"""Planning's part of the data-subject export: the person's confirmations of the assessment agreement
(FR.AK.01) and the reasonable adjustments recorded for them (FR.AK.07, which may say something about
their health: it is theirs to see)."""

from django.utils.translation import gettext_lazy as _

from portal.privacy.exporters import Section, iso

from .models import Adjustments, AgreementConfirmation


def _confirmations(user):
    return AgreementConfirmation.objects.filter(booking__application__applicant=user)


def _adjustments(user):
    return Adjustments.objects.filter(application__applicant=user)


def export(user):
    return {
        "agreements": [
            {"application": c.booking.application.reference, "session": c.booking.session.display_title,
             "party": c.get_party_display(), "confirmed_at": iso(c.confirmed_at)}
            for c in _confirmations(user).select_related("booking__application", "booking__session__scheme",
                                                         "booking__session__province")
        ],
        "adjustments": [
            {"application": a.application.reference, "adjustments": ", ".join(a.items()), "note": a.note,
             "updated_at": iso(a.updated_at)}
            for a in _adjustments(user).select_related("application")
        ],
    }


SECTIONS = [
    Section(
        key="assessment_planning", title=_("Assessment agreement and reasonable adjustments"), export=export, order=41,
        records=lambda user: [_adjustments(user)], owner="application__applicant",  # the agreement audits the booking (exams)
        actions={
            "planning.plan": _("Recorded the assessment plan of your exam (FR.MAPA.01)"),
            "planning.agree": _("Recorded a confirmation of the assessment agreement (FR.AK.01)"),
            "planning.agreement_withdrawn": _("Withdrew the agreement's confirmations: the assessment plan changed"),
            "planning.adjustments": _("Recorded your reasonable adjustments (FR.AK.07)"),
        },
        labels={
            "agreements": _("assessment agreements"), "adjustments": _("reasonable adjustments"),
            "application": _("application"), "session": _("session"), "party": _("party"),
            "confirmed_at": _("confirmed"), "note": _("note"), "updated_at": _("updated"),
        },
    ),
]
