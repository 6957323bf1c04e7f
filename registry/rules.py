"""Who may open a worker's registry documents. Plain predicates (django-rules), next to the models;
enforced where the files leave: the kernel's `/documents/<id>/`, through the access rule below.

The register of social workers is certification's (LSP Kemensos certifies the workers in it): LSP
admins open every profile's documents, a secretariat those of its regional office's workers. BALKS
admins (accreditation) see the profile's facts in the staff pages, not the worker's photo and papers."""

import rules
from django.db.models import Q

from portal.accounts.roles import Role

from .models import WorkerProfile


def profile_documents(document):
    """Profiles that carry `document`: as their photo, a diploma, a work-experience letter or a training
    certificate (what the profile page shows)."""
    return WorkerProfile.objects.filter(
        Q(photo=document)
        | Q(educations__diploma=document)
        | Q(employments__letter=document)
        | Q(trainings__certificate=document)
    )


def _signed_in(user, document):
    return document is not None and getattr(user, "is_authenticated", False)


@rules.predicate
def secretariat_of_profile_document(user, document):
    """A secretariat user opens the documents of the registry profiles of the workers living in their
    regional office's provinces. Not everything such a worker owns: their applications' papers follow
    the application's regional office (certification), their own library stays theirs."""
    if not _signed_in(user, document) or not user.is_secretariat:
        return False
    visible = WorkerProfile.objects.visible_to(user).filter(user_id=document.owner_id)
    return profile_documents(document).filter(pk__in=visible.values("pk")).exists()


@rules.predicate
def lsp_admin_of_profile_document(user, document):
    """An LSP admin opens the documents of any registry profile (not the rest of what a worker owns)."""
    if not _signed_in(user, document) or user.role != Role.LSP_ADMIN:
        return False
    return profile_documents(document).filter(user_id=document.owner_id).exists()


may_open_profile_document = secretariat_of_profile_document | lsp_admin_of_profile_document

rules.add_perm("registry.open_profile_document", may_open_profile_document)


def can_view_document(user, document):
    """Kernel access rule for `/documents/<id>/`."""
    return may_open_profile_document(user, document)
