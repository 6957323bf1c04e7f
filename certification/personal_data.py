"""Certification's part of the data-subject export (portal.privacy.exporters): the person's
applications with their documents, essays, the secretariat's checks and the status history."""

from django.db.models import Prefetch, Q
from django.utils.translation import gettext_lazy as _

from portal.privacy.exporters import Section, document, iso
from portal.workflow.history import timeline_rows

from .choices import ApplicationStatus
from .models import Application, ApplicationDocument, EssayAnswer


def _mine(user):
    return Application.objects.filter(applicant=user)


def applications(user):
    queryset = _mine(user).select_related("round__scheme", "route").prefetch_related(
        Prefetch("documents", ApplicationDocument.objects.select_related("requirement", "document").order_by("pk")),
        Prefetch("essays", EssayAnswer.objects.select_related("prompt").order_by("prompt__area", "prompt__order")),
    ).order_by("created_at")
    return [
        {
            "reference": a.reference,
            "scheme": a.round.scheme.name,
            "round": a.round.name,
            "route": a.route.get_kind_display(),
            "status": a.get_status_display(),
            "funding": a.get_funding_source_display(),
            "funder": a.funding_note,
            "created_at": iso(a.created_at),
            "submitted_at": iso(a.submitted_at),
            "decided_at": iso(a.decided_at),
            "decision_reason": a.decision_reason,
            "portfolio": [
                {"item": d.requirement.get_kind_display(), "file": document(d.document), "check": d.get_review_status_display(),
                 "note": d.review_note}
                for d in a.documents.all()
            ],
            "essays": [
                {"question": e.prompt.prompt, "answer": e.text, "check": e.get_review_status_display(), "note": e.review_note}
                for e in a.essays.all()
            ],
            "history": [{"at": iso(event.created_at), "what": str(label), "note": event.note} for event, label in timeline_rows(a)],
        }
        for a in queryset
    ]


def _erasable(user):
    """Drafts, and what was withdrawn before it was ever submitted: nobody assessed them."""
    return _mine(user).filter(Q(status=ApplicationStatus.DRAFT) | Q(status=ApplicationStatus.WITHDRAWN, submitted_at=None))


def erase_applications(user):
    erasable = list(_erasable(user))
    for application in erasable:
        application.documents.all().delete()
        application.essays.all().delete()
        application.delete()
    kept = [
        _("Application %(ref)s: submitted applications are the assessment records the certification body keeps "
          "for BNSP's surveillance and for appeals") % {"ref": a.reference}
        for a in _mine(user).order_by("created_at")
    ]
    return ([_("%(n)s applications never submitted") % {"n": len(erasable)}] if erasable else []), kept


SECTIONS = [
    Section(
        key="applications", title=_("Certification applications"), export=applications, order=30,
        records=lambda user: [_mine(user)], erase=erase_applications, owner="applicant",
        accesses={"assessment.document_view": _("An assessor opened a document of an application")},
        actions={
            "application.review_item": _("Checked an item of your application"),
            "application.accept_all": _("Accepted the unchecked items of your application"),
            "assessment.assign": _("Assigned an assessor to your application"),
            "assessment.no_conflict_declared": _("An assessor declared no conflict of interest and opened your file"),
            "assessment.conflict_declared": _("An assessor declared a conflict of interest and handed your file back"),
            "assessment.document_view": _("An assessor opened a document of your application"),
            "assessment.submit": _("An assessor submitted the assessment of your portfolio"),
            "assessment.reconciliation_opened": _("The assessors' results differed: a reconciliation was opened"),
            "assessment.reconcile": _("The assessors' results were reconciled"),
            "assessment.assign_reconciler": _("A third assessor was assigned to your application"),
            "assessment.reopen": _("An assessor's scores were reopened"),
        },
        labels={
            "reference": _("reference"), "scheme": _("scheme"), "round": _("round"), "route": _("route"),
            "status": _("status"), "funding": _("funding"), "funder": _("funder's name"), "created_at": _("started"),
            "submitted_at": _("submitted"), "decided_at": _("decided"), "decision_reason": _("reason"),
            "portfolio": _("portfolio"), "item": _("item"), "file": _("file"), "check": _("secretariat's check"),
            "note": _("note"), "essays": _("essays"), "question": _("question"), "answer": _("answer"),
            "history": _("history"), "at": _("when"), "what": _("what happened"),
        },
    ),
]
