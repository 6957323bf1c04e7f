"""Helpers shared by the accreditation views."""

from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404

from portal.core.http import wants_json  # noqa: F401 (the views take it from here)

from ..models import Accreditation, Institution


def message_of(error):
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error)


def visible_institution(request, pk):
    return get_object_or_404(
        Institution.objects.visible_to(request.user).select_related("province", "province__regional_office"), pk=pk
    )


def own_institution(request, pk):
    """An LKS the user operates; anyone else gets 404."""
    if not request.user.is_lks_operator:
        raise_404()
    return get_object_or_404(
        Institution.objects.filter(operators=request.user).select_related("province"), pk=pk
    )


def visible_accreditation(request, pk):
    return get_object_or_404(
        Accreditation.objects.visible_to(request.user).select_related(
            "institution", "institution__province", "instrument", "regional_office", "credential"
        ),
        pk=pk,
    )


def own_accreditation(request, pk):
    if not request.user.is_lks_operator:
        raise_404()
    return get_object_or_404(
        Accreditation.objects.filter(institution__operators=request.user).select_related(
            "institution", "institution__province", "instrument", "credential"
        ),
        pk=pk,
    )


LEGAL_DOCUMENTS = [
    f"institution__{name}"
    for name in ("deed_document", "decree_document", "registration_document", "licence_document", "npwp_document")
]


def staff_accreditation(request, pk):
    """For the desk review and the plenary: secretariat (its region) and BALKS admins."""
    if not (request.user.is_secretariat or request.user.is_balks_admin):
        raise_404()
    return get_object_or_404(
        Accreditation.objects.visible_to(request.user).select_related(
            "institution", "institution__province", "instrument", "regional_office", "credential",
            "recommendation_document", "decided_by", *LEGAL_DOCUMENTS,
        ),
        pk=pk,
    )


def require_role(user, *roles):
    """A page for other roles answers 404, as an object the user may not see."""
    if user.role not in roles:
        raise Http404


def raise_404():
    from django.http import Http404

    raise Http404
