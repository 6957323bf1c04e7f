"""The decisions per unit's part of the data-subject export: for each of the person's exam sittings the
decision per unit once the plenary decided (what the candidate is shown), and the feedback they gave."""

from django.utils.translation import gettext_lazy as _

from portal.privacy.exporters import Section, iso

from .models import AssessmentRecord, CandidateFeedback


def _records(user):
    return AssessmentRecord.objects.filter(application__applicant=user)


def _feedback(user):
    return CandidateFeedback.objects.filter(booking__application__applicant=user)


def export(user):
    rows = []
    for record in _records(user).select_related("application", "booking").prefetch_related("decisions__unit").order_by("created_at"):
        if not record.booking.result:  # shown once the plenary decided, as the result itself
            continue
        rows.append({
            "application": record.application.reference,
            "submitted_at": iso(record.submitted_at),
            "units": [{"unit": d.unit.code, "decision": d.decision, "evidence": d.method_labels()} for d in record.decisions.all()],
        })
    feedback = [
        {"application": f.booking.application.reference, "given_at": iso(f.submitted_at), "answers": f.answers,
         "comments": f.comments, "other": f.other}
        for f in _feedback(user).select_related("booking__application").order_by("submitted_at")
    ]
    return {"decisions": rows, "feedback": feedback}


SECTIONS = [
    Section(
        key="unit_decisions", title=_("Decisions per unit of competency and your feedback"), export=export, order=45,
        records=lambda user: [_records(user)], owner="application__applicant",
        actions={
            "unitdecisions.decisions": _("Recorded the decisions per unit of your assessment"),
            "unitdecisions.submit": _("Submitted the assessment record (FR.AK.02)"),
            "unitdecisions.report": _("Wrote the assessor's report (FR.AK.05)"),
            "unitdecisions.review": _("Reviewed the assessment process (FR.AK.06)"),
        },
        labels={"decisions": _("decisions per unit"), "feedback": _("your feedback (FR.AK.03)")},
    ),
]
