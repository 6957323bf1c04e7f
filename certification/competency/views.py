from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from certification.models import Application
from certification.record_views import record_pdf
from portal.core.http import wants_json

from . import rules, services, spreadsheet
from .forms import ImportForm, UnitAnswersForm
from .models import SchemeVersion


def _require_admin(user):
    if not rules.may_manage_content(user):
        raise Http404


# --- the LSP admin: scheme content --------------------------------------------------------------------
@login_required
def schemes(request, form=None, status=200):
    _require_admin(request.user)
    return render(
        request,
        "competency/scheme_list.html",
        {"schemes": services.schemes_overview(), "form": form or ImportForm(), "columns": spreadsheet.COLUMNS},
        status=status,
    )


@login_required
@require_POST
def import_units(request):
    _require_admin(request.user)
    form = ImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return schemes(request, form=form)
    parsed = form.parsed
    if not parsed.ok:
        # Nothing is stored: the rows with their problems, and the form as it was.
        return render(
            request,
            "competency/import_errors.html",
            {"form": form, "parsed": parsed, "file_name": form.cleaned_data["file"].name, "columns": spreadsheet.COLUMNS},
        )
    data = form.cleaned_data
    version = services.create_draft(
        request.user, data["scheme"], parsed, kind=data["kind"], kkni_level=data["kkni_level"],
        scheme_number=data["scheme_number"], source_name=data["file"].name,
    )
    messages.success(request, _("The file was read without errors. Check the units below, then publish them."))
    return redirect("competency:version", pk=version.pk)


@login_required
def template_file(request, fmt):
    _require_admin(request.user)
    if fmt == "xlsx":
        response = HttpResponse(
            spreadsheet.template_xlsx(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
    else:
        response = HttpResponse(spreadsheet.template_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="unit-kompetensi-template.{fmt}"'
    return response


@login_required
def version(request, pk):
    _require_admin(request.user)
    version = get_object_or_404(SchemeVersion.objects.select_related("scheme", "published_by"), pk=pk)
    return render(request, "competency/version_detail.html", {"version": version, "units": services.content(version)})


@login_required
@require_POST
def publish(request, pk):
    _require_admin(request.user)
    version = get_object_or_404(SchemeVersion, pk=pk)
    try:
        version = services.publish(request.user, version)
    except services.CompetencyError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Version %(n)s of %(scheme)s is published. New applications follow it; started ones keep theirs.")
                         % {"n": version.number, "scheme": version.scheme})
    return redirect("competency:version", pk=pk)


@login_required
@require_POST
def discard(request, pk):
    _require_admin(request.user)
    version = get_object_or_404(SchemeVersion, pk=pk)
    try:
        services.discard(request.user, version)
    except services.CompetencyError as error:
        messages.error(request, str(error))
        return redirect("competency:version", pk=pk)
    messages.success(request, _("The draft was discarded."))
    return redirect("competency:schemes")


# --- the candidate's wizard step (certification.extensions) ---------------------------------------------------
def _unit_forms(application, self_assessment, bound=None):
    units = services.covered_content(self_assessment)
    documents = services.documents_of(application)
    answers = services.answers_of(self_assessment)
    disabled = not services.can_edit(application)
    forms = []
    for unit in units:
        if bound is not None and bound.unit.pk == unit.pk:
            forms.append(bound)
        else:
            forms.append(UnitAnswersForm(unit=unit, documents=documents, answers=answers, disabled=disabled))
    return forms, documents, answers


def wizard_step(request, application, context):
    """The step "Self-assessment" (FR.APL.02) of the applicant's wizard: GET shows every unit; a POST
    saves one unit (a plain form, or the page's script on each change, answered in JSON)."""
    self_assessment = services.self_assessment_for(application)
    bound = None
    if request.method == "POST":
        unit_id = request.POST.get("unit", "")
        if not (unit_id.isascii() and unit_id.isdigit() and len(unit_id) < 10):  # the hidden field, changed by hand
            raise Http404
        unit = get_object_or_404(self_assessment.covered_units(), pk=unit_id)
        bound = UnitAnswersForm(
            request.POST, unit=unit, documents=services.documents_of(application),
            answers=services.answers_of(self_assessment), disabled=not services.can_edit(application),
        )
        if bound.is_valid():
            try:
                services.save_unit(request.user, application, unit, bound.answers())
            except services.CompetencyError as error:
                if wants_json(request):
                    return JsonResponse({"ok": False, "error": str(error)}, status=400)
                messages.error(request, str(error))
            else:
                if wants_json(request):
                    counts = services.summary(self_assessment)
                    return JsonResponse({
                        "ok": True,
                        "saved_at": timezone.localtime().strftime("%H:%M:%S"),
                        "missing": len(services.missing(application)),
                        "summary": _("%(answered)s of %(elements)s elements answered.") % counts,
                    })
                messages.success(request, _("Unit %(code)s saved.") % {"code": unit.code})
                url = reverse("certification:application_step", args=[application.pk, context["step"]])
                return redirect(f"{url}#unit-{unit.pk}")
        elif wants_json(request):
            errors = [e for field_errors in bound.errors.values() for e in field_errors]
            return JsonResponse({"ok": False, "error": " ".join(errors)}, status=400)
    forms, documents, answers = _unit_forms(application, self_assessment, bound)
    return render(
        request,
        "competency/step_self_assessment.html",
        {
            **context,
            "self_assessment": self_assessment,
            "version": self_assessment.version,
            "unit_forms": forms,
            "documents": documents,
            "editable": services.can_edit(application),
            "step_missing": context["missing"][context["step"]],
            "summary": services.summary(self_assessment, answers),
        },
    )


# --- the read-only FR.APL.02: applicant, secretariat, assessor, LSP admin -------------------------------------
@login_required
def self_assessment(request, pk):
    application = get_object_or_404(
        Application.objects.select_related("applicant", "round", "round__scheme", "route"), pk=pk
    )
    if not rules.may_view_self_assessment(request.user, application):
        raise Http404
    sa = services.self_assessment_for(application)
    if sa is None:
        raise Http404
    context = section_context(application, request.user, "page", self_assessment=sa)
    return render(request, "competency/self_assessment.html", {**context, "application": application})


@login_required
def self_assessment_pdf(request, pk):
    """The FR.APL.02 laid out as the standard form (`record_context`), for those who may read it."""
    return record_pdf(request, pk, "FR.APL.02")


def record_context(application, user):
    """The FR.APL.02 as a printed record (`certification.extensions.RecordForm`): None where the application
    has no self-assessment or `user` may not read it."""
    context = section_context(application, user, "pdf")
    if context is None:
        return None
    context["assignments"] = list(application.assignments.select_related("assessor").order_by("assigned_at"))
    return context


def section_context(application, user, place, self_assessment=None):
    """The APL.02 per unit, read-only, for the secretariat's review page and the assessor's scoring page
    (`certification.extensions.FileSection`). Assessors see the kinds of the evidence, never file names."""
    if user is None or not rules.may_view_self_assessment(user, application):
        return None
    sa = self_assessment or services.self_assessment_for(application)
    if sa is None:
        return None
    answers = services.answers_of(sa)
    units = services.covered_content(sa)
    rows = [
        (unit, [(element, answers.get(element.pk)) for element in unit.elements.all()]) for unit in units
    ]
    return {
        "self_assessment": sa,
        "version": sa.version,
        "unit_rows": rows,
        "summary": services.summary(sa, answers),
        "show_files": not user.is_assessor,
        "place": place,
    }
