"""LKS registration by operators, staff and operators of an LKS, and the public register."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from django_ratelimit import UNSAFE

from portal.core.ratelimit import ratelimit

from .. import queries, services
from ..forms import ImportedAccreditationForm, InstitutionForm, OperatorForm, PublicFilterForm, StaffForm
from ..models import Accreditation, ImportedAccreditation, Institution, InstitutionOperator, Staff
from ..workflows import AccreditationStatus
from .common import message_of, own_institution, raise_404, visible_institution


@login_required
def my_institutions(request):
    if not request.user.is_lks_operator:
        raise_404()
    institutions = list(queries.my_institutions(request.user))
    for institution in institutions:
        institution.latest_label = AccreditationStatus(institution.latest_status).label if institution.latest_status else ""
    return render(request, "accreditation/institution_list.html", {"institutions": institutions})


def _form_page(request, form, institution=None, status=200):
    return render(
        request,
        "accreditation/institution_form.html",
        {"form": form, "institution": institution, "locked": form.locked},
        status=status,
    )


@login_required
def institution_create(request):
    if not request.user.is_lks_operator:
        raise_404()
    form = InstitutionForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST":
        if form.is_valid():
            institution = services.save_institution(request.user, form, request=request)
            messages.success(
                request, _("%(name)s is registered. Add its staff, then start the self-assessment. Accredited by BALKS "
                           "before the portal? Add those certificates under “Accreditations from before the portal”.")
                % {"name": institution.name}
            )
            return redirect(institution)
    return _form_page(request, form)


@login_required
def institution_edit(request, pk):
    institution = own_institution(request, pk)
    locked = services.locked_fields(institution)
    form = InstitutionForm(request.POST or None, request.FILES or None, instance=institution, user=request.user, locked=locked)
    if request.method == "POST":
        if form.is_valid():
            services.save_institution(request.user, form, request=request)
            messages.success(request, _("Saved."))
            return redirect(institution)
    return _form_page(request, form, institution)


@login_required
def institution_detail(request, pk):
    institution = visible_institution(request, pk)
    is_operator = services.is_operator_of(request.user, institution)
    accreditations = list(
        Accreditation.objects.visible_to(request.user)
        .filter(institution=institution)
        .select_related("credential", "instrument")
        .order_by("-created_at")
    )
    staff = list(institution.staff.select_related("worker").all())
    context = {
        "institution": institution,
        "is_operator": is_operator,
        "services": institution.service_labels(),
        "legal_items": institution.legal_items(),
        "staff": staff,
        "accreditations": accreditations,
        "imported": services.imported_of(institution),
        "open": services.open_accreditation(institution) if is_operator else None,
        "memberships": list(
            InstitutionOperator.objects.filter(institution=institution).select_related("user")
        ) if is_operator else [],
        "operator_form": OperatorForm(),
    }
    return render(request, "accreditation/institution_detail.html", context)


@login_required
def staff(request, pk):
    institution = own_institution(request, pk)
    form = StaffForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        member = services.add_staff(request.user, institution, request=request, **form.cleaned_data)
        if member.worker_id:
            messages.success(request, _("%(name)s was added and linked to their registry profile.") % {"name": member.full_name})
        elif form.cleaned_data["nik"]:
            messages.info(request, _("%(name)s was added. The NIK is not in the registry, so no profile was linked.") % {"name": member.full_name})
        else:
            messages.success(request, _("%(name)s was added.") % {"name": member.full_name})
        return redirect("accreditation:staff", pk=institution.pk)
    members = list(institution.staff.select_related("worker").all())
    return render(request, "accreditation/staff.html", {"institution": institution, "form": form, "members": members})


@login_required
@require_POST
def staff_remove(request, pk, staff_pk):
    institution = own_institution(request, pk)
    member = get_object_or_404(Staff, pk=staff_pk, institution=institution)
    services.remove_staff(request.user, member, request=request)
    messages.success(request, _("%(name)s was removed.") % {"name": member.full_name})
    return redirect("accreditation:staff", pk=institution.pk)


@login_required
@require_POST
def operator_add(request, pk):
    institution = own_institution(request, pk)
    form = OperatorForm(request.POST)
    if form.is_valid():
        try:
            other = services.add_operator(request.user, institution, form.cleaned_data["email"], request=request)
        except services.AccreditationError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("%(email)s can now manage this LKS.") % {"email": other.email})
    else:
        messages.error(request, " ".join(form.errors.get("email", [])))
    return redirect(institution.get_absolute_url() + "#operators")


@login_required
@require_POST
def operator_remove(request, pk, user_pk):
    institution = own_institution(request, pk)
    try:
        services.remove_operator(request.user, institution, user_pk, request=request)
    except services.AccreditationError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The operator was removed."))
    if user_pk == request.user.pk and not services.is_operator_of(request.user, institution):
        return redirect("accreditation:my_institutions")
    return redirect(institution.get_absolute_url() + "#operators")


@login_required
@require_POST
def accreditation_start(request, pk):
    institution = own_institution(request, pk)
    try:
        accreditation = services.start_accreditation(request.user, institution, request=request)
    except services.AccreditationError as error:
        messages.error(request, message_of(error))
        return redirect(institution)
    return redirect(accreditation)


@login_required
@ratelimit("accreditation-imported", rate="ACCREDITATION_IMPORTED_ATTACH_RATE", method=UNSAFE)
def imported_attach(request, pk):
    """An operator attaches an accreditation certificate from before the portal to their LKS: its number and the
    Tanda Daftar number the old register recorded (rate-limited: the POSTs of each client address)."""
    institution = own_institution(request, pk)
    form = ImportedAccreditationForm(
        request.POST or None, initial={"registration_number": institution.registration_number}
    )
    if request.method == "POST" and form.is_valid():
        try:
            link = services.attach_imported(request.user, institution, request=request, **form.cleaned_data)
        except services.AccreditationError as error:
            form.add_error(None, message_of(error))
        else:
            messages.success(request, _("Certificate %(number)s is now listed for this LKS.") % {"number": link.credential.number})
            return redirect(institution.get_absolute_url() + "#imported")
    return render(
        request, "accreditation/imported_attach.html", {"institution": institution, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def imported_detach(request, pk, link_pk):
    """A BALKS admin detaches a certificate attached to the wrong LKS."""
    if not request.user.is_balks_admin:
        raise_404()
    institution = get_object_or_404(Institution, pk=pk)
    link = get_object_or_404(ImportedAccreditation.objects.select_related("credential"), pk=link_pk, institution=institution)
    services.detach_imported(request.user, link, request=request)
    messages.success(request, _("Certificate %(number)s is no longer listed for this LKS.") % {"number": link.credential.number})
    return redirect(institution.get_absolute_url() + "#imported")


@require_GET
@ratelimit("accreditation-register")
def public_register(request):
    """Accredited LKS by province and service field: public, no login, nothing private."""
    form = PublicFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    page = Paginator(queries.public_register(filters), 25).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request, "accreditation/public_list.html", {"form": form, "page": page, "query": query.urlencode()}
    )

