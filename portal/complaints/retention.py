"""Complaints' kind of record for retention (portal.retention): the evidence files of complaints decided
long ago. The complaint itself (what happened, the decision, the answers) is the record of complaints
handling the certification body keeps (ISO/IEC 17024 §9.9)."""

from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from portal.retention.rules import Kind
from portal.retention.services import delete_documents_of

from .choices import ComplaintStatus
from .models import Complaint

DECIDED = (ComplaintStatus.RESOLVED, ComplaintStatus.REJECTED, ComplaintStatus.CLOSED)


def decided_with_evidence(cutoff):
    """Complaints decided before `cutoff` that still hold evidence, except those that suspended or
    revoked a credential: their evidence is the ground of a credential's status, kept with it."""
    evidence = Complaint.evidence.through.objects.filter(complaint_id=OuterRef("pk"))
    return Complaint.objects.filter(status__in=DECIDED, decided_at__lt=cutoff, credential_action="").filter(Exists(evidence))


def remove_evidence(complaints):
    links = Complaint.evidence.through.objects.filter(complaint__in=complaints)
    document_ids = list(links.values_list("document_id", flat=True))
    links.delete()
    return {"documents": delete_documents_of(document_ids)}


KINDS = [
    Kind(
        key="complaints.evidence",
        label=_("Evidence of decided complaints"),
        description=_("The files sent with a complaint, once it was resolved or rejected; the complaint and its decision are kept."),
        default_months=60, minimum_months=24, order=30,
        due=decided_with_evidence, purge=remove_evidence,
    ),
]
