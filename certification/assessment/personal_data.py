"""Portfolio assessment's part of the data-subject export: what the applicant may see of the
assessment of their applications (the feedback, as the status page shows it, never who scored what
in a blind round), and, for an assessor, the assessments they made."""

from django.utils.translation import gettext_lazy as _

from portal.privacy.exporters import Section, iso

from .models import Assignment


def feedback_received(user):
    rows = (
        Assignment.objects.filter(application__applicant=user, submitted_at__isnull=False).exclude(feedback="")
        .select_related("application").order_by("submitted_at")
    )
    return [{"application": a.application.reference, "feedback": a.feedback, "at": iso(a.submitted_at)} for a in rows]


def assessments_made(user):
    rows = Assignment.objects.filter(assessor=user).select_related("application").order_by("assigned_at")
    return [
        {
            "application": a.application.reference, "status": a.get_status_display(), "assigned_at": iso(a.assigned_at),
            "submitted_at": iso(a.submitted_at), "total": float(a.total) if a.total is not None else None,
            "recommendation": a.get_recommendation_display(),
        }
        for a in rows
    ]


SECTIONS = [
    Section(
        key="portfolio_assessment", title=_("Feedback on your portfolio"), export=feedback_received, order=35,
        labels={"application": _("application"), "feedback": _("feedback"), "at": _("when")},
    ),
    Section(
        key="assessments_made", title=_("Assessments you made (as an assessor)"), export=assessments_made, order=36,
        labels={
            "assigned_at": _("assigned"), "submitted_at": _("submitted"), "total": _("total"),
            "recommendation": _("recommendation"),
        },
    ),
]
