"""Accreditation's kind of record for retention (portal.retention): self-assessments an LKS started
and never submitted. A submitted accreditation is the record of the visitation and the grade: kept."""

from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from portal.accounts.roles import Role
from portal.retention.rules import Kind
from portal.retention.services import delete_documents_of

from .choices import AccreditationStatus
from .hooks import MENU
from .models import Accreditation, Answer, Evidence


def untouched_drafts(cutoff):
    """Self-assessments in draft whose accreditation, answers and evidence all last changed before `cutoff`."""
    return (
        Accreditation.objects.filter(status=AccreditationStatus.DRAFT, updated_at__lt=cutoff)
        .exclude(Exists(Answer.objects.filter(accreditation=OuterRef("pk"), updated_at__gte=cutoff)))
        .exclude(Exists(Evidence.objects.filter(answer__accreditation=OuterRef("pk"), created_at__gte=cutoff)))
    )


def delete_drafts(accreditations):
    """The drafts with their answers and evidence, and the evidence files nothing else refers to (the
    institution and its legal documents stay)."""
    document_ids = list(Evidence.objects.filter(answer__accreditation__in=accreditations).values_list("document_id", flat=True))
    document_ids += [pk for pk in accreditations.values_list("recommendation_document_id", flat=True) if pk]
    accreditations.delete()
    return {"documents": delete_documents_of(document_ids)}


KINDS = [
    Kind(
        key="accreditation.drafts",
        label=_("Self-assessments never submitted"),
        description=_("Accreditations still in the self-assessment and untouched since, with their evidence files; the LKS stays."),
        default_months=12, minimum_months=3, owner_role=Role.BALKS_ADMIN, menu=MENU, order=20,
        due=untouched_drafts, purge=delete_drafts,
    ),
]
