from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, F, Q, Value
from django.db.models.functions import Coalesce
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from certification.choices import ApplicationStatus
from certification.models import Application, ApplicationDocument, Round
from certification.rules import require_verifier
from portal.audit.services import record
from portal.core.http import wants_json
from portal.documents.services import open_document
from portal.workflow.engine import TransitionError

from . import letters, services
from . import rules as assessment_rules
from .forms import AssessorsForm, ReconcilerForm, ReopenForm, ScoreForm
from .models import Assignment, Recommendation, Reconciliation, RoundAssessment


class DeclarationForm(forms.Form):
    conflict = forms.ChoiceField(
        label=gettext_lazy("Conflict of interest"),
        choices=[
            ("no", gettext_lazy("I declare that I have no conflict of interest with this applicant.")),
            ("yes", gettext_lazy("I have a conflict of interest: hand the file back to the secretariat.")),
        ],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label=gettext_lazy("Conflict (if any)"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def clean(self):
        data = super().clean()
        if data.get("conflict") == "yes" and not (data.get("note") or "").strip():
            self.add_error("note", _("Describe the conflict briefly."))
        return data


class ReasonForm(forms.Form):
    recommendation = forms.ChoiceField(label=gettext_lazy("Decision"), choices=Recommendation.choices, widget=forms.RadioSelect)
    reason = forms.CharField(label=gettext_lazy("Reason"), widget=forms.Textarea(attrs={"rows": 3}))


def _assessor_assignment(request, pk):
    if not request.user.is_assessor:
        raise Http404
    return get_object_or_404(
        Assignment.objects.filter(assessor=request.user).select_related(
            "application", "application__round", "application__round__scheme", "application__route", "rubric",
            "application__applicant",
        ),
        pk=pk,
    )


# --- the assessor ------------------------------------------------------------------------------------------
@login_required
def my_assignments(request):
    if not request.user.is_assessor:
        raise Http404
    assignments = (
        Assignment.objects.filter(assessor=request.user)
        .select_related("application", "application__round__scheme", "application__route")
        .order_by("status", "due_at")
    )
    page = Paginator(assignments, 50).get_page(request.GET.get("page"))
    return render(request, "assessment/my_assignments.html", {"page": page, "now": timezone.now()})


@login_required
def assignment_detail(request, pk):
    assignment = _assessor_assignment(request, pk)
    application = assignment.application
    blind = services.is_blind(application)
    context = {"assignment": assignment, "application": application, "blind": blind}
    if not assignment.declared or assignment.status == Assignment.Status.CONFLICT:
        context["form"] = DeclarationForm()
        return render(request, "assessment/declare.html", context)
    return render(request, "assessment/score.html", {**context, **_scoring_context(assignment)})


def _scoring_context(assignment, errors=None, posted=None, form=None):
    rubric = assignment.rubric
    scores = {s.criterion_id: s for s in assignment.scores.all()}
    areas = []
    for label, criteria in services.criteria_by_area(rubric):
        rows = []
        for criterion in criteria:
            score = scores.get(criterion.pk)
            value = posted.get(criterion.pk) if posted else None
            rows.append(
                {
                    "criterion": criterion,
                    "score": score,
                    "choice": value[0] if value else ("na" if score and score.not_applicable else (score.value if score else None)),
                    "evidence": value[1] if value else (score.evidence if score else ""),
                    "levels": [(level, criterion.descriptor(level)) for level in rubric.levels],
                    "error": (errors or {}).get(criterion.pk),
                }
            )
        areas.append((label, rows))
    application = assignment.application
    blind = assessment_rules.round_is_blind(application.round_id)
    documents, withheld = [], 0
    for item in application.documents.select_related("requirement", "document"):
        if assessment_rules.shown_to_assessors(item.requirement.kind, blind=blind):
            documents.append(item)
        else:
            withheld += 1
    return {
        "areas": areas,
        "total": services.running_total(assignment),
        "total_weight": services.total_weight(rubric),
        "missing": services.missing_scores(assignment),
        # The count of criteria still to score follows the inputs (static/js/assessment.js): its texts.
        "missing_texts": {
            "one": ngettext("%(n)s criterion still to score.", "%(n)s criteria still to score.", 1),
            "other": ngettext("%(n)s criterion still to score.", "%(n)s criteria still to score.", 2),
        },
        "others": services.others_visible(assignment),
        "documents": documents,
        "withheld": withheld,
        "essays": application.essays.select_related("prompt"),
        "recommendations": Recommendation.choices,
        # The submission's part of the form, as typed, with its errors.
        "recommendation_value": form.data.get("recommendation", "") if form is not None else "",
        "recommendation_error": _first_error(form, "recommendation"),
        "feedback_value": form.data.get("feedback", "") if form is not None else "",
        "feedback_error": _first_error(form, "feedback"),
    }


def _first_error(form, name):
    if form is None or name not in form.errors:
        return ""
    return form.errors[name][0]


def _score_page(request, assignment, form, errors):
    context = {"assignment": assignment, "application": assignment.application, "blind": services.is_blind(assignment.application)}
    return render(request, "assessment/score.html", {**context, **_scoring_context(assignment, errors, form.posted(), form)})


@login_required
@require_POST
def declare(request, pk):
    assignment = _assessor_assignment(request, pk)
    form = DeclarationForm(request.POST)
    if not form.is_valid():
        return render(
            request, "assessment/declare.html",
            {"assignment": assignment, "application": assignment.application, "form": form,
             "blind": services.is_blind(assignment.application)},
        )
    try:
        services.declare(request.user, assignment, conflict=form.cleaned_data["conflict"] == "yes",
                         note=form.cleaned_data["note"], request=request)
    except services.AssessmentError as error:
        messages.error(request, str(error))
        return redirect(assignment)
    if form.cleaned_data["conflict"] == "yes":
        messages.info(request, _("Thank you. The file went back to the secretariat to assign another assessor."))
        return redirect("assessment:my_assignments")
    return redirect(assignment)


@login_required
@require_POST
def save_scores(request, pk):
    """Save a draft (also called per change by static/js/assessment.js) or submit."""
    assignment = _assessor_assignment(request, pk)
    form = ScoreForm(request.POST, rubric=assignment.rubric)
    as_json = wants_json(request)
    if not form.is_valid():
        errors = form.criterion_errors()
        if as_json:
            return JsonResponse(
                {"ok": False, "errors": {str(k): v for k, v in errors.items()},
                 "error": " ".join(e for field_errors in form.errors.values() for e in field_errors)},
                status=400,
            )
        return _score_page(request, assignment, form, errors)
    try:
        total = services.save_scores(request.user, assignment, form.entries())
    except ValidationError as error:
        errors = {int(k): v[0] for k, v in error.message_dict.items()}
        if as_json:
            return JsonResponse({"ok": False, "errors": {str(k): v for k, v in errors.items()}}, status=400)
        return _score_page(request, assignment, form, errors)
    except services.AssessmentError as error:
        if as_json:
            return JsonResponse({"ok": False, "error": str(error)}, status=400)
        messages.error(request, str(error))
        return redirect(assignment)
    if as_json:
        return JsonResponse({"ok": True, "total": str(total) if total is not None else None})
    if form.cleaned_data["action"] == "submit":
        try:
            services.submit(request.user, assignment, recommendation=form.cleaned_data["recommendation"],
                            feedback=form.cleaned_data["feedback"], request=request)
        except ValidationError as error:
            for name, messages_list in error.message_dict.items():
                for message in messages_list:
                    if name in form.fields:
                        form.add_error(name, message)
                    else:
                        messages.error(request, message)
            return _score_page(request, assignment, form, {})
        except (services.AssessmentError, TransitionError) as error:
            messages.error(request, str(error))
            return redirect(assignment)
        messages.success(request, _("Your assessment was submitted. Your scores are now locked."))
        return redirect(assignment)
    messages.success(request, _("Draft saved."))
    return redirect(assignment)


@login_required
def document(request, pk, document_pk):
    """A document of an assigned file, named neutrally (blind mode hides file names too). What the
    assessor may not open (`rules.may_open_document`: in a blind round, whatever names the applicant)
    answers 404."""
    assignment = _assessor_assignment(request, pk)
    if not assignment.declared or assignment.status == Assignment.Status.CONFLICT:
        raise Http404
    item = get_object_or_404(
        ApplicationDocument.objects.select_related("document", "requirement", "application"),
        application=assignment.application, pk=document_pk,
    )
    if not assessment_rules.may_open_document(request.user, item):
        raise Http404  # e.g. the photo or the diploma in a blind round
    doc = item.document
    extension = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}.get(doc.content_type, "bin")
    response = FileResponse(
        open_document(doc), content_type=doc.content_type, as_attachment=request.GET.get("inline") != "1",
        filename=f"{item.requirement.kind}.{extension}",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; frame-ancestors 'self'"
    response["X-Frame-Options"] = "SAMEORIGIN"
    record(request.user, "assessment.document_view", assignment.application, after={"document": item.requirement.kind}, request=request)
    return response


# --- reconciliation (LSP admin, or the third assessor) ------------------------------------------------------
@login_required
def reconciliations(request):
    if not request.user.is_lsp_admin:
        raise Http404
    open_items = (
        Reconciliation.objects.filter(status=Reconciliation.Status.OPEN)
        .select_related("application", "application__round__scheme", "application__applicant")
        .order_by("opened_at")
    )
    return render(request, "assessment/reconciliations.html", {"items": open_items})


@login_required
def reconciliation(request, pk):
    if not request.user.is_lsp_admin:
        raise Http404
    application = get_object_or_404(
        Application.objects.select_related("round__scheme", "applicant", "route"), pk=pk, reconciliation__isnull=False
    )
    item = application.reconciliation
    form = ReasonForm(request.POST or None)
    assessor_form_error = None
    if request.method == "POST" and "action" in request.POST:
        reconciler = ReconcilerForm(request.POST)
        try:
            if not reconciler.is_valid():
                raise services.AssessmentError(" ".join(e for errors in reconciler.errors.values() for e in errors))
            services.assign_reconciler(request.user, application, reconciler.cleaned_data["assessor"], request=request)
        except services.AssessmentError as error:
            assessor_form_error = str(error)
        else:
            messages.success(request, _("The third assessor was assigned."))
            return redirect("assessment:reconciliation", pk=pk)
        form = ReasonForm()
    elif request.method == "POST" and form.is_valid():
        try:
            services.reconcile(request.user, application, form.cleaned_data["recommendation"], form.cleaned_data["reason"], request=request)
        except (services.AssessmentError, TransitionError) as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Decided."))
            return redirect("assessment:reconciliations")
    assignments = application.assignments.exclude(status=Assignment.Status.CONFLICT).select_related("assessor").prefetch_related("scores")
    rubric = services.active_rubric(application.round.scheme)
    criteria = list(rubric.criteria.all())
    suggestions, left_out = services.assessor_options(application, limit=8) if item.status == "open" else ([], [])
    table = []
    for criterion in criteria:
        row = []
        for assignment in assignments:
            score = next((s for s in assignment.scores.all() if s.criterion_id == criterion.pk), None)
            row.append(score)
        table.append((criterion, row))
    return render(
        request,
        "assessment/reconciliation.html",
        {
            "application": application,
            "item": item,
            "assignments": assignments,
            "table": table,
            "form": form,
            "suggestions": suggestions,
            "left_out": left_out,
            "assessor_form_error": assessor_form_error,
        },
    )


# --- the secretariat ---------------------------------------------------------------------------------------


@login_required
def progress(request):
    """Progress per round: assigned, in progress, submitted, in reconciliation, waiting for assessors."""
    require_verifier(request.user)
    visible = Application.objects.visible_to(request.user)
    stage = [ApplicationStatus.ELIGIBLE, ApplicationStatus.IN_ASSESSMENT, ApplicationStatus.ASSESSED_PROCEED, ApplicationStatus.ASSESSED_NOT_YET]
    rounds = (
        Round.objects.filter(applications__in=visible.filter(status__in=stage))
        .distinct()
        .select_related("scheme")
        .annotate(
            waiting=Count("applications", filter=Q(applications__in=visible, applications__status=ApplicationStatus.ELIGIBLE), distinct=True),
            in_assessment=Count("applications", filter=Q(applications__in=visible, applications__status=ApplicationStatus.IN_ASSESSMENT), distinct=True),
            done=Count("applications", filter=Q(applications__in=visible, applications__status__in=[ApplicationStatus.ASSESSED_PROCEED, ApplicationStatus.ASSESSED_NOT_YET]), distinct=True),
            assigned=Count("applications__assignments", filter=Q(applications__in=visible, applications__assignments__status=Assignment.Status.ASSIGNED), distinct=True),
            started=Count("applications__assignments", filter=Q(applications__in=visible, applications__assignments__status=Assignment.Status.IN_PROGRESS), distinct=True),
            submitted=Count("applications__assignments", filter=Q(applications__in=visible, applications__assignments__status=Assignment.Status.SUBMITTED), distinct=True),
            reconciling=Count("applications__reconciliation", filter=Q(applications__in=visible, applications__reconciliation__status=Reconciliation.Status.OPEN), distinct=True),
        )
        .order_by("-opens_at")
    )
    default_per_application = RoundAssessment._meta.get_field("assessors_per_application").default
    needing = (
        visible.filter(status__in=[ApplicationStatus.ELIGIBLE, ApplicationStatus.IN_ASSESSMENT])
        .annotate(
            active=Count("assignments", filter=Q(assignments__role=Assignment.Role.ASSESSOR) & ~Q(assignments__status=Assignment.Status.CONFLICT)),
            needed=Coalesce("round__assessment_settings__assessors_per_application", Value(default_per_application)),
        )
        .filter(active__lt=F("needed"))
        .select_related("applicant", "round", "round__scheme")
        .order_by("submitted_at")[:200]
    )
    return render(request, "assessment/progress.html", {"rounds": rounds, "needing": needing})


@login_required
@require_POST
def bulk_assign(request, pk):
    require_verifier(request.user)
    round_ = get_object_or_404(Round, pk=pk)
    done, skipped = services.bulk_assign(request.user, round_, request=request)
    messages.success(request, _("Assessors assigned to %(n)s application(s).") % {"n": done})
    for application, reason in skipped:
        messages.warning(request, f"{application.reference}: {reason}")
    return redirect("assessment:progress")


@login_required
def application_assignments(request, pk):
    require_verifier(request.user)
    application = get_object_or_404(
        Application.objects.visible_to(request.user).select_related("applicant", "round__scheme", "route"), pk=pk
    )
    error = None
    if request.method == "POST":
        form = AssessorsForm(request.POST)
        users = list(form.cleaned_data["assessor"]) if form.is_valid() else []
        try:
            if not form.is_valid():
                raise services.AssessmentError(" ".join(form.errors["assessor"]))
            if not users:
                raise services.AssessmentError(_("Choose at least one assessor."))
            services.assign(request.user, application, users, request=request)
        except (services.AssessmentError, TransitionError) as exc:
            error = str(exc)
        else:
            messages.success(request, _("Assigned."))
            return redirect("assessment:application", pk=pk)
    settings_row = services.settings_for(application.round)
    assignments = application.assignments.select_related("assessor").order_by("assigned_at")
    suggestions, left_out = [], []
    if application.status in (ApplicationStatus.ELIGIBLE, ApplicationStatus.IN_ASSESSMENT):
        suggestions, left_out = services.assessor_options(application)
    return render(
        request,
        "assessment/application_assignments.html",
        {
            "application": application,
            "assignments": assignments,
            "settings": settings_row,
            "suggestions": suggestions,
            "left_out": left_out,
            "error": error,
        },
    )


@login_required
@require_POST
def reopen(request, pk):
    require_verifier(request.user)
    assignment = get_object_or_404(
        Assignment.objects.filter(application__in=Application.objects.visible_to(request.user)).select_related("application"), pk=pk
    )
    form = ReopenForm(request.POST)
    try:
        if not form.is_valid():
            raise services.AssessmentError(" ".join(form.errors["reason"]))
        services.reopen(request.user, assignment, form.cleaned_data["reason"], request=request)
    except ValidationError:
        messages.error(request, _("Please write a reason."))
    except services.AssessmentError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The assessment was reopened."))
    return redirect(reverse("assessment:application", args=[assignment.application_id]))


# --- the assignment letter (surat tugas) -------------------------------------------------------------------
@login_required
def letter(request, pk):
    """The assignment letter as a PDF: the assessor named in it, the application's secretariat and LSP
    admins (`rules.may_download_letter`); 404 for anyone else."""
    assignment = get_object_or_404(
        Assignment.objects.select_related("application", "application__round", "application__round__scheme",
                                          "assessor", "assigned_by"),
        pk=pk,
    )
    if not assessment_rules.may_download_letter(request.user, assignment):
        raise Http404
    response = HttpResponse(letters.render_pdf(assignment), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{letters.filename(assignment)}"'
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    record(request.user, "assessment.letter_download", assignment.application, after={"assignment": assignment.pk}, request=request)
    return response
