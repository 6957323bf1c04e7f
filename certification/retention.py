"""Certification's kinds of record for retention (portal.retention): drafts nobody finished, and the
uploaded portfolio of withdrawn and ineligible applications. Submitted applications that went on
(assessment, exam, plenary) are the assessment records kept for BNSP's surveillance: no kind names them."""

from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from portal.accounts.roles import Role
from portal.retention.rules import Kind
from portal.retention.services import delete_documents_of

from .choices import ApplicationStatus
from .hooks import MENU
from .models import Application, ApplicationDocument, EssayAnswer


def untouched_drafts(cutoff):
    """Drafts whose application, documents, essays and FR.APL.02 answers all last changed before `cutoff`."""
    return (
        Application.objects.filter(status=ApplicationStatus.DRAFT, updated_at__lt=cutoff)
        .exclude(Exists(ApplicationDocument.objects.filter(application=OuterRef("pk"), updated_at__gte=cutoff)))
        .exclude(Exists(EssayAnswer.objects.filter(application=OuterRef("pk"), updated_at__gte=cutoff)))
        .exclude(Exists(
            Application.objects.filter(pk=OuterRef("pk"), self_assessment__answers__updated_at__gte=cutoff)
        ))
    )


def delete_drafts(applications):
    """The drafts with their portfolio (links, essays, FR.APL.02) and the files nothing else refers to."""
    links = ApplicationDocument.objects.filter(application__in=applications)
    document_ids = list(links.values_list("document_id", flat=True))
    links.delete()
    applications.delete()
    return {"documents": delete_documents_of(document_ids)}


def _with_documents(applications):
    return applications.filter(Exists(ApplicationDocument.objects.filter(application=OuterRef("pk"))))


def withdrawn(cutoff):
    """Withdrawn applications (a withdrawn file changes no more: its last change is the withdrawal)
    that still hold uploaded documents."""
    return _with_documents(Application.objects.filter(status=ApplicationStatus.WITHDRAWN, updated_at__lt=cutoff))


def ineligible(cutoff):
    """Applications declared not eligible before `cutoff` that still hold uploaded documents. Not
    eligible is final: no assessment, exam or certificate follows it."""
    return _with_documents(Application.objects.filter(status=ApplicationStatus.INELIGIBLE, decided_at__lt=cutoff))


def remove_documents(applications):
    """The application rows stay (reference, status, decision, history); their portfolio documents go,
    and their files unless another kept record (another application, the profile) uses them."""
    links = ApplicationDocument.objects.filter(application__in=applications)
    document_ids = list(links.values_list("document_id", flat=True))
    links.delete()
    return {"documents": delete_documents_of(document_ids)}


KINDS = [
    Kind(
        key="certification.drafts",
        label=_("Draft applications for certification"),
        description=_("Applications never submitted and untouched since, with their uploaded documents and essays."),
        default_months=12, minimum_months=3, owner_role=Role.LSP_ADMIN, menu=MENU, order=10,
        due=untouched_drafts, purge=delete_drafts,
    ),
    Kind(
        key="certification.withdrawn_documents",
        label=_("Documents of withdrawn applications"),
        description=_("The uploaded documents of applications withdrawn by the applicant; the application itself is kept."),
        default_months=6, minimum_months=1, owner_role=Role.LSP_ADMIN, menu=MENU, order=11,
        due=withdrawn, purge=remove_documents,
    ),
    Kind(
        key="certification.ineligible_documents",
        label=_("Documents of applications declared not eligible"),
        description=_("The uploaded documents of applications declared not eligible; the application and the decision are kept."),
        default_months=24, minimum_months=12, owner_role=Role.LSP_ADMIN, menu=MENU, order=12,
        due=ineligible, purge=remove_documents,
    ),
]
