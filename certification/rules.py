"""Who may open an application's portfolio documents. Plain predicates (django-rules), next to the
models; enforced where the files leave: the kernel's `/documents/<id>/`, through the access rule below.

The portfolio is certification's: LSP admins open every application's papers (drafts included), a
secretariat those of its regional office's submitted applications. BALKS admins (accreditation) open
none. Assessors (certification/assessment/rules.py) and exam staff (certification/exams/rules.py) have
rules of their own.

The application workflow's predicates (`is_owner`, `is_verifier`) live here too, so that the workflow
and the services import them without importing each other."""

import rules
from django.http import Http404

from .models import Application, ApplicationDocument


# --- who may ------------------------------------------------------------------------------------
@rules.predicate
def is_owner(user, application):
    return application is not None and application.applicant_id == user.pk


@rules.predicate
def is_region_secretariat(user, application):
    return (
        application is not None
        and user.is_secretariat
        and user.regional_office_id is not None
        and application.regional_office_id == user.regional_office_id
    )


@rules.predicate
def is_lsp_admin(user, application=None):
    return user.is_lsp_admin


is_verifier = is_region_secretariat | is_lsp_admin


@rules.predicate
def verifier_of_application_document(user, document):
    """`document` is attached to an application the user verifies (`Application.objects.visible_to`)."""
    if document is None or not getattr(user, "is_authenticated", False):
        return False
    if not (user.is_secretariat or user.is_lsp_admin):
        return False
    return ApplicationDocument.objects.filter(
        document=document, application__in=Application.objects.visible_to(user)
    ).exists()


rules.add_perm("certification.open_application_document", verifier_of_application_document)


def require_verifier(user):
    """The verification pages are the secretariat's and the LSP admin's: anyone else gets 404, as for
    an object they may not see."""
    if not (user.is_secretariat or user.is_lsp_admin):
        raise Http404


def can_view_document(user, document):
    """Kernel access rule for `/documents/<id>/`."""
    return verifier_of_application_document(user, document)
