"""Accreditation's part of the data-subject export: the LKS the person operates (their role, not
the institution's own data), the accreditations they started, and, for an assessor, the visitations
they took part in."""

from django.utils.translation import gettext_lazy as _

from portal.privacy.exporters import Section, iso

from .models import Accreditation, InstitutionOperator, TeamMember


def roles(user):
    memberships = InstitutionOperator.objects.filter(user=user).select_related("institution", "added_by").order_by("added_at")
    return {
        "operator_of": [
            {"institution": m.institution.name, "since": iso(m.added_at), "added_by": m.added_by.get_full_name() if m.added_by else None}
            for m in memberships
        ],
        "accreditations_started": [
            {"reference": a.reference, "institution": a.institution.name, "status": a.get_status_display(), "started": iso(a.created_at)}
            for a in Accreditation.objects.filter(created_by=user).select_related("institution").order_by("created_at")
        ],
        "visitations": [
            {
                "accreditation": t.visitation.accreditation.reference, "date": iso(t.visitation.date), "lead": t.is_lead,
                "scores_submitted": iso(t.submitted_at),
            }
            for t in TeamMember.objects.filter(assessor__user=user)
            .select_related("visitation__accreditation").order_by("visitation__date")
        ],
    }


def erase_roles(user):
    count = InstitutionOperator.objects.filter(user=user).delete()[0]
    kept = [
        _("Accreditation %(ref)s that you started: an accreditation's record names who submitted it") % {"ref": a.reference}
        for a in Accreditation.objects.filter(created_by=user).order_by("created_at")
    ]
    return ([_("Your operator role at %(n)s LKS") % {"n": count}] if count else []), kept


SECTIONS = [
    Section(
        key="accreditation", title=_("LKS accreditation"), export=roles, order=50, erase=erase_roles,
        records=lambda user: [Accreditation.objects.filter(created_by=user)], owner="created_by",
        actions={"accreditation.recommendation": _("Recorded the Dinas Sosial recommendation of your accreditation")},
        labels={
            "operator_of": _("operator of"), "institution": _("LKS"), "since": _("since"), "added_by": _("added by"),
            "accreditations_started": _("accreditations you started"), "reference": _("reference"), "status": _("status"),
            "started": _("started"), "visitations": _("visitations (as an assessor)"), "accreditation": _("accreditation"),
            "date": _("date"), "lead": _("team lead"), "scores_submitted": _("scores submitted"),
        },
    ),
]
