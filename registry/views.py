import csv
import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch, Q
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.audit.services import record
from portal.core.ratelimit import ratelimit
from portal.credentials.models import Credential
from portal.documents.forms import limit_uploads

from . import nik as nik_rules
from . import queries, services
from .choices import CertificationStatus, EducationLevel, RoleType
from .filters import WorkerFilter
from .forms import (
    ClaimForm,
    AssessorCreateForm,
    AssessorForm,
    DeclarationForm,
    EducationForm,
    EmploymentForm,
    ProfileForm,
    PublicRegisterForm,
    TrainingForm,
)
from .models import AssessorProfile, ConflictDeclaration, Education, Employment, Training, WorkerProfile, has_field

HISTORY = {
    "education": (Education, EducationForm),
    "employment": (Employment, EmploymentForm),
    "training": (Training, TrainingForm),
}


def _history_titles():
    return {
        "education": (_("Add education"), _("Edit education")),
        "employment": (_("Add a job"), _("Edit a job")),
        "training": (_("Add a training"), _("Edit a training")),
    }


# ---- the owner's profile ---------------------------------------------------------------------------
def _own_profile(request):
    """Applicants keep a worker profile; any other role has none here (404)."""
    if not request.user.is_applicant:
        raise Http404
    return services.profile_for(request.user)


def _histories(profile):
    return {
        "educations": profile.educations.select_related("diploma"),
        "employments": profile.employments.select_related("letter"),
        "trainings": profile.trainings.select_related("certificate"),
    }


@login_required
def profile_detail(request):
    profile = _own_profile(request)
    percent, missing = services.missing_items(profile)
    context = {
        "profile": profile,
        "is_owner": True,
        "nik": profile.nik or "",
        "percent": percent,
        "missing": missing,
        **_histories(profile),
    }
    return render(request, "registry/workerprofile_detail.html", context)


@login_required
def profile_edit(request):
    profile = _own_profile(request)
    form = limit_uploads(ProfileForm(request.POST or None, request.FILES or None, instance=profile), request.user)
    if request.method == "POST":
        if form.is_valid():
            services.save_profile(form, actor=request.user, request=request)
            messages.success(request, _("Your personal data was saved."))
            return redirect("registry:profile")
        messages.error(request, _("Please correct the fields marked below."))
    return render(request, "registry/workerprofile_form.html", {"form": form, "profile": profile})


@login_required
def history_edit(request, kind, pk=None):
    if kind not in HISTORY:
        raise Http404
    profile = _own_profile(request)
    model, form_class = HISTORY[kind]
    item = get_object_or_404(model, pk=pk, profile=profile) if pk is not None else None
    form = limit_uploads(form_class(request.POST or None, request.FILES or None, instance=item, profile=profile), request.user)
    if request.method == "POST":
        if form.is_valid():
            services.save_history_item(form, profile=profile, actor=request.user, request=request)
            messages.success(request, _("Saved. Your totals were recalculated."))
            return redirect(reverse("registry:profile") + f"#{kind}")
        messages.error(request, _("Please correct the fields marked below."))
    add_title, edit_title = _history_titles()[kind]
    return render(
        request,
        "registry/history_form.html",
        {"form": form, "kind": kind, "item": item, "title": edit_title if item else add_title, "profile": profile},
    )


@login_required
@require_POST
def history_delete(request, kind, pk):
    if kind not in HISTORY:
        raise Http404
    profile = _own_profile(request)
    model, _form = HISTORY[kind]
    item = get_object_or_404(model, pk=pk, profile=profile)
    services.delete_history_item(item, actor=request.user, request=request)
    messages.success(request, _("Removed. Your totals were recalculated."))
    return redirect(reverse("registry:profile") + f"#{kind}")


# ---- staff: search, export, full profile ----------------------------------------------------------
def _staff_only(request):
    """The worker register: a secretariat (its region) and the LSP admin; nobody else."""
    if not (request.user.is_secretariat or request.user.is_lsp_admin):
        raise Http404


def _search(request):
    """The search's form, its cleaned values, and the matching workers (scoped to the user first)."""
    filterset = WorkerFilter(request.GET or None, user=request.user)
    form = filterset.form
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    return form, filters, filterset.qs


@login_required
def worker_search(request):
    _staff_only(request)
    form, filters, queryset = _search(request)
    page = None
    if not form.is_bound or form.is_valid():
        page = queries.keyset_page(
            queryset,
            sort=filters.get("sort") or queries.DEFAULT_SORT,
            after=request.GET.get("after"),
            before=request.GET.get("before"),
            opaque_order=bool(filters.get("q")),
        )
        labels = {
            "role_type": dict(RoleType.choices),
            "education": dict(EducationLevel.choices),
            "status": dict(CertificationStatus.choices),
        }
        full_nik = request.user.is_lsp_admin
        for row in page.rows:
            row["nik_display"] = (row["nik"] or "") if full_nik else nik_rules.mask(row["nik"])
            row["role_label"] = labels["role_type"].get(row["role_type"], "")
            row["status_label"] = labels["status"].get(row["certification_status"], "")
    params = request.GET.copy()
    for name in ("after", "before"):
        params.pop(name, None)
    return render(
        request,
        "registry/worker_search.html",
        {
            "form": form,
            "page": page,
            "query": params.urlencode(),
            "filtered": bool(queries_filters_set(filters)),
        },
    )


def queries_filters_set(filters):
    return {key: value for key, value in filters.items() if value and key != "sort"}


CSV_DANGEROUS = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value):
    """Neutralise spreadsheet formulas: a cell starting with = + - @ tab or CR gets a leading quote."""
    if value is None:
        return ""
    if isinstance(value, bool):
        value = _("yes") if value else _("no")
    text = str(value)
    return "'" + text if text.startswith(CSV_DANGEROUS) else text


class _Echo:
    def write(self, value):
        return value


def _csv_lines(rows, *, full_nik, labels):
    writer = csv.writer(_Echo())
    yield "\ufeff"  # so spreadsheet programs read UTF-8
    yield writer.writerow(
        [
            _("ID"), _("Full name"), _("NIK"), _("Province"), _("Regency / city"), _("Current role"),
            _("Current employer"), _("Highest education"), _("Social-work education"), _("Years of practice"),
            _("Hours of practice"), _("Training hours"), _("Certification status"),
        ]
    )
    for (pk, name, nik, _user_id, province, regency, role_type, employer, education, social_work, years, hours,
         training, status) in rows:
        yield writer.writerow(
            [
                csv_safe(value)
                for value in (
                    pk, name, nik if full_nik else nik_rules.mask(nik), province, regency,
                    labels["role_type"].get(role_type, role_type), employer, education, social_work, years, hours,
                    training, labels["status"].get(status, status),
                )
            ]
        )


@login_required
def worker_export(request):
    """The filtered search as CSV, streamed row by row from a server-side cursor (constant memory)."""
    _staff_only(request)
    form, _filters, queryset = _search(request)
    if form.is_bound and not form.is_valid():
        messages.error(request, _("Please correct the search before exporting."))
        return redirect(reverse("registry:worker_search") + "?" + request.GET.urlencode())
    audit_filters = form.filters() if form.is_bound else {}
    record(request.user, "registry.workers.export", None, after={"filters": audit_filters}, request=request)
    labels = {"role_type": dict(RoleType.choices), "status": dict(CertificationStatus.choices)}
    response = StreamingHttpResponse(
        _csv_lines(queries.export_rows(queryset), full_nik=request.user.is_lsp_admin, labels=labels),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="workers-{timezone.localdate():%Y%m%d}.csv"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def worker_detail(request, pk):
    _staff_only(request)
    profile = get_object_or_404(
        WorkerProfile.objects.visible_to(request.user).select_related("user", "province", "photo"), pk=pk
    )
    services.record_profile_view(request.user, profile, request=request)
    percent, missing = services.missing_items(profile)
    return render(
        request,
        "registry/workerprofile_detail.html",
        {
            "profile": profile,
            "is_owner": False,
            "nik": profile.nik_for(request.user),
            "percent": percent,
            "missing": missing,
            **_histories(profile),
        },
    )


# ---- the public register --------------------------------------------------------------------------
@ratelimit("registry-public-register")
def public_register(request):
    """Certified workers, found by name or certificate number. Public facts only: name, scheme,
    number, province, status, validity. Never NIK, birth date, contact or address."""
    form = PublicRegisterForm(request.GET)
    q, error, results = "", "", None
    if not form.is_valid():
        q, error = " ".join(request.GET.get("q", "").split())[:100], form.errors["q"][0]
    elif form.cleaned_data["q"]:
        q = form.cleaned_data["q"]
        match = Q(number__iexact=q) | Q(holder_name__icontains=q)
        compact = re.sub(r"[^0-9A-Z]", "", q.upper())
        if compact and has_field(Credential, "lookup"):
            match |= Q(lookup=compact)  # a number typed without dashes or in lower case
        results = list(
            Credential.objects.public()
            .workers()
            .filter(match)
            .select_related("province")
            .only(
                "number", "holder_name", "subject", "issuer", "issued_on", "valid_until", "status", "province__name"
            )
            .order_by("holder_name", "id")[:50]
        )
    return render(request, "registry/public_register.html", {"q": q, "error": error, "results": results})


# ---- assessors --------------------------------------------------------------------------------------
def _admin_only(request):
    if not request.user.is_portal_admin:
        raise Http404


@login_required
def assessor_list(request):
    _admin_only(request)
    assessors = (
        AssessorProfile.objects.select_related("user", "regional_office")
        .prefetch_related(Prefetch("declarations", queryset=ConflictDeclaration.objects.only("id", "assessor_id")))
        .order_by("-is_active", "user__full_name", "id")
    )
    return render(request, "registry/assessor_list.html", {"assessors": assessors})


@login_required
def assessor_create(request):
    _admin_only(request)
    form = AssessorCreateForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            profile = services.create_assessor(form, actor=request.user, request=request)
            messages.success(
                request,
                _("The assessor account for %(email)s was created; they were told how to set a password.")
                % {"email": profile.user.email},
            )
            return redirect("registry:assessor_list")
        messages.error(request, _("Please correct the fields marked below."))
    return render(request, "registry/assessor_form.html", {"form": form, "title": _("New assessor")})


@login_required
def assessor_edit(request, pk):
    _admin_only(request)
    profile = get_object_or_404(AssessorProfile.objects.select_related("user"), pk=pk)
    form = AssessorForm(request.POST or None, instance=profile)
    if request.method == "POST":
        if form.is_valid():
            services.update_assessor(form, actor=request.user, request=request)
            messages.success(request, _("The assessor profile was saved."))
            return redirect("registry:assessor_list")
        messages.error(request, _("Please correct the fields marked below."))
    return render(
        request,
        "registry/assessor_form.html",
        {"form": form, "title": _("Edit assessor: %(name)s") % {"name": profile.user}, "assessor": profile},
    )


def _own_assessor_profile(request):
    if not request.user.is_assessor:
        raise Http404
    return get_object_or_404(AssessorProfile.objects.select_related("regional_office"), user=request.user)


@login_required
def assessor_me(request):
    profile = _own_assessor_profile(request)
    form = DeclarationForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            services.add_declaration(form, assessor=profile, actor=request.user, request=request)
            messages.success(request, _("Your declaration was added."))
            return redirect("registry:assessor_me")
        messages.error(request, _("Please correct the fields marked below."))
    return render(
        request,
        "registry/assessor_me.html",
        {"assessor": profile, "form": form, "declarations": profile.declarations.all()},
    )


@login_required
@require_POST
def declaration_delete(request, pk):
    profile = _own_assessor_profile(request)
    declaration = get_object_or_404(ConflictDeclaration, pk=pk, assessor=profile)
    services.remove_declaration(declaration, actor=request.user, request=request)
    messages.success(request, _("The declaration was removed."))
    return redirect("registry:assessor_me")


@login_required
@require_POST
def declarations_confirm(request):
    profile = _own_assessor_profile(request)
    services.confirm_declarations(profile, actor=request.user, request=request)
    messages.success(request, _("Thank you: your declarations are confirmed as current."))
    return redirect("registry:assessor_me")


@login_required
def profile_claim(request):
    """An applicant claims the profile imported with their NIK from the register kept before the portal."""
    _own_profile(request)
    form = ClaimForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.claim_imported_profile(
                request.user, nik=form.cleaned_data["nik"], number=form.cleaned_data["number"], request=request
            )
        except services.ClaimRefused as refused:
            form.add_error(None, refused.message)
        else:
            messages.success(request, _("The record is yours now: your certificates are under “My certificates”."))
            return redirect("registry:profile")
    return render(request, "registry/profile_claim.html", {"form": form}, status=400 if form.errors else 200)
