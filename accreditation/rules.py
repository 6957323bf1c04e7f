"""Who may do what in accreditation (the workflow's predicates, who is told of a move) and who may
open an accreditation's documents. Plain predicates (django-rules), next to the models;
enforced where the files leave: the kernel's `/documents/<id>/`, through the access rule below.

The papers of an accreditation are accreditation's: BALKS admins open them all, LSP admins (certification)
none. The LKS's operators open their LKS's legal documents, evidence and recommendation (not the team's
photos); a secretariat those of its regional office (accreditations once submitted); the visiting team
while its visitation is open (`Accreditation.objects.being_visited_by`) — an assessor who visited an LKS
once does not keep its papers. Whoever uploaded a file keeps it (the kernel's owner rule)."""

import rules
from django.db.models import Q

from portal.accounts.models import User
from portal.accounts.roles import Role

from .choices import DOC_EVIDENCE, DOC_LEGAL, DOC_PHOTO, DOC_RECOMMENDATION
from .models import (
    Accreditation,
    Evidence,
    Institution,
    InstitutionOperator,
    TeamMember,
    VisitPhoto,
)

KINDS = (DOC_LEGAL, DOC_EVIDENCE, DOC_RECOMMENDATION, DOC_PHOTO)


def accreditations_for_documents(user):
    """The accreditations whose papers `user` may open: what they may see, but for an assessor only the
    file their team is visiting now."""
    if getattr(user, "is_assessor", False):
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
    if not _asked(user, document, DOC_PHOTO) or user.is_lks_operator:
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


# --- who may -------------------------------------------------------------------------------------
@rules.predicate
def is_operator(user, accreditation):
    return (
        accreditation is not None
        and getattr(user, "is_authenticated", False)
        and user.is_lks_operator
        and InstitutionOperator.objects.filter(user=user, institution_id=accreditation.institution_id).exists()
    )


@rules.predicate
def is_region_secretariat(user, accreditation):
    return (
        accreditation is not None
        and getattr(user, "is_authenticated", False)
        and user.is_secretariat
        and user.regional_office_id is not None
        and accreditation.regional_office_id == user.regional_office_id
    )


@rules.predicate
def is_balks_admin(user, accreditation=None):
    return getattr(user, "is_authenticated", False) and user.is_balks_admin


@rules.predicate
def is_team_lead(user, accreditation):
    return (
        accreditation is not None
        and getattr(user, "is_authenticated", False)
        and user.is_assessor
        and TeamMember.objects.filter(
            visitation__accreditation_id=accreditation.pk, assessor__user=user, is_lead=True
        ).exists()
    )


is_desk_reviewer = is_region_secretariat | is_balks_admin

rules.set_perm("accreditation.review", is_desk_reviewer)
rules.set_perm("accreditation.decide", is_balks_admin)


# --- who is told ---------------------------------------------------------------------------------
def operators(accreditation):
    return list(accreditation.institution.operators.filter(is_active=True))


def desk(accreditation):
    return list(
        User.objects.filter(role=Role.SECRETARIAT, regional_office_id=accreditation.regional_office_id, is_active=True)
    )


def team(accreditation):
    return list(User.objects.filter(assessor_profile__visitation_memberships__visitation__accreditation=accreditation))


def balks_admins(accreditation):
    return list(User.objects.filter(role=Role.BALKS_ADMIN, is_active=True))


def operators_and_desk(accreditation):
    return [*operators(accreditation), *desk(accreditation)]


def operators_and_team(accreditation):
    return [*operators(accreditation), *team(accreditation), *desk(accreditation)]


def operators_and_plenary(accreditation):
    return [*operators(accreditation), *balks_admins(accreditation)]
