"""Who may open an accreditation's documents. Plain predicates (django-rules), next to the models;
enforced where the files leave: the kernel's `/documents/<id>/`, through the access rule below.

The papers of an accreditation are accreditation's: BALKS admins open them all, LSP admins (certification)
none. The LKS's operators open their LKS's legal documents, evidence and recommendation (not the team's
photos); a secretariat those of its regional office (accreditations once submitted); the visiting team
while its visitation is open (`Accreditation.objects.being_visited_by`) — an assessor who visited an LKS
once does not keep its papers. Whoever uploaded a file keeps it (the kernel's owner rule)."""

import rules
from django.db.models import Q

from .models import Accreditation, Evidence, Institution, VisitPhoto
from .services import DOC_EVIDENCE, DOC_LEGAL, DOC_PHOTO, DOC_RECOMMENDATION

KINDS = (DOC_LEGAL, DOC_EVIDENCE, DOC_RECOMMENDATION, DOC_PHOTO)


def accreditations_for_documents(user):
    """The accreditations whose papers `user` may open: what they may see, but for an assessor only the
    file their team is visiting now."""
    if getattr(user, "role", None) == "assessor":
        return Accreditation.objects.being_visited_by(user)
    return Accreditation.objects.visible_to(user)


def _asked(user, document, kind):
    return document is not None and getattr(user, "is_authenticated", False) and document.kind == kind


@rules.predicate
def legal_document_of_visible_lks(user, document):
    """A legal document (deed, decree, Tanda Daftar, licence, NPWP) of an LKS `Institution.visible_to` the user."""
    if not _asked(user, document, DOC_LEGAL):
        return False
    return (
        Institution.objects.visible_to(user)
        .filter(
            Q(deed_document=document) | Q(decree_document=document) | Q(registration_document=document)
            | Q(licence_document=document) | Q(npwp_document=document)
        )
        .exists()
    )


@rules.predicate
def evidence_of_visible_accreditation(user, document):
    if not _asked(user, document, DOC_EVIDENCE):
        return False
    return Evidence.objects.filter(document=document, answer__accreditation__in=accreditations_for_documents(user)).exists()


@rules.predicate
def recommendation_of_visible_accreditation(user, document):
    if not _asked(user, document, DOC_RECOMMENDATION):
        return False
    return accreditations_for_documents(user).filter(recommendation_document=document).exists()


@rules.predicate
def visitation_photo_for_staff(user, document):
    """The team's photos: for the team (while visiting), the desk and BALKS; not for the LKS."""
    if not _asked(user, document, DOC_PHOTO) or user.role == "lks_operator":
        return False
    return VisitPhoto.objects.filter(
        document=document, score__visitation__accreditation__in=accreditations_for_documents(user)
    ).exists()


may_open_document = (
    legal_document_of_visible_lks
    | evidence_of_visible_accreditation
    | recommendation_of_visible_accreditation
    | visitation_photo_for_staff
)

rules.add_perm("accreditation.open_document", may_open_document)


def can_view_document(user, document):
    """Kernel access rule for `/documents/<id>/`."""
    if document is None or document.kind not in KINDS:
        return False
    return may_open_document(user, document)
