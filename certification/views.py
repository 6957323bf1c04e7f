from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.core.http import wants_json
from portal.core.review import views as checklist
from portal.documents.forms import limit_uploads
from portal.workflow.engine import TransitionError, perform
from portal.workflow.history import timeline_rows

from . import extensions, queries, services
from .choices import ApplicationStatus
from .forms import (
    BulkEligibleForm,
    DecisionForm,
    DocumentUploadForm,
    EssayForm,
    EssayTextForm,
    FundingForm,
    QueueFilterForm,
    ReviewItemForm,
    WithdrawForm,
)
from .models import (
    Application,
    ApplicationDocument,
    EssayAnswer,
    EssayPrompt,
    RequiredDocument,
    Round,
)
from .rules import require_verifier

AREA_STEPS = ("knowledge", "skills", "values")


# --- public announcements ------------------------------------------------------------------------
def round_list(request):
    rounds = (
        Round.objects.announced()
        .select_related("scheme")
        .prefetch_related("regional_offices")
        .order_by("closes_at")[:100]
    )
    return render(request, "certification/round_list.html", {"rounds": rounds, "now": timezone.now()})


def round_detail(request, pk):
    round_ = get_object_or_404(Round.objects.select_related("scheme").filter(is_published=True), pk=pk)
    routes = round_.scheme.routes.filter(is_active=True).prefetch_related("required_documents")
    mine = services.active_application(request.user, round_) if request.user.is_authenticated else None
    return render(request, "certification/round_detail.html", {"round": round_, "routes": routes, "mine": mine})


@login_required
def precheck(request, pk):
    round_ = get_object_or_404(Round.objects.select_related("scheme").filter(is_published=True), pk=pk)
    if not request.user.is_applicant:
        messages.info(request, _("Only applicant accounts can apply for certification."))
        return redirect(round_)
    facts, results = services.precheck(request.user, round_)
    return render(
        request,
        "certification/precheck.html",
        {
            "round": round_,
            "facts": facts,
            "results": results,
            "region_problem": services.region_problem(round_, facts),
            "mine": services.active_application(request.user, round_),
            "previous": Application.objects.filter(applicant=request.user, round__scheme=round_.scheme)
            .exclude(status__in=[ApplicationStatus.DRAFT, ApplicationStatus.WITHDRAWN])
            .order_by("-created_at")
            .first(),
            "closed_message": None if round_.is_open else services.round_closed_message(round_),
        },
    )


@login_required
@require_POST
def start(request, pk, route_pk):
    round_ = get_object_or_404(Round, pk=pk, is_published=True)
    route = get_object_or_404(round_.scheme.routes, pk=route_pk)
    try:
        application = services.start_application(request.user, round_, route)
    except services.ApplicationError as error:
        messages.error(request, str(error))
        return redirect("certification:precheck", pk=round_.pk)
    return redirect("certification:application_step", pk=application.pk, step="funding")


# --- the applicant's applications --------------------------------------------------------------------
@login_required
def my_applications(request):
    applications = (
        Application.objects.filter(applicant=request.user)
        .select_related("round", "round__scheme", "route")
        .order_by("-created_at")
    )
    return render(request, "certification/my_applications.html", {"applications": applications})


def _own_application(request, pk):
    return get_object_or_404(
        Application.objects.filter(applicant=request.user).select_related("round", "round__scheme", "route"), pk=pk
    )


def _wizard_context(application, step):
    done, missing = queries.step_state(application)
    steps = queries.steps_for(application)
    return {
        "application": application,
        "step": step,
        # (name, complete, the sub-app's step or None): a sub-app's step brings its own labels
        "steps": [(name, done[name], extensions.extra_step(name)) for name in steps],
        "next_step": _next_step(application, step),
        "done": done,
        "missing": missing,
        "editable": application.is_editable,
    }


@login_required
def application_detail(request, pk):
    """Applicants land on their wizard (drafts) or status page; staff on the review page."""
    application = get_object_or_404(Application.objects.visible_to(request.user), pk=pk)
    if application.applicant_id != request.user.pk:
        return redirect("certification:review", pk=pk)
    if application.status == ApplicationStatus.DRAFT:
        return redirect("certification:application_step", pk=pk, step="funding")
    return render(request, "certification/application_status.html", _status_context(application, request.user))


def _status_context(application, user):
    return {
        "application": application,
        "timeline": timeline_rows(application),
        "flagged": services.flagged_items(application) if application.status == ApplicationStatus.REVISION_REQUESTED else [],
        "can_withdraw": any(t.name == "withdraw" for t in Application.workflow.available(application, user)),
        "documents": application.documents.select_related("requirement", "document"),
        "essays": application.essays.select_related("prompt"),
    }


@login_required
def application_step(request, pk, step):
    application = _own_application(request, pk)
    if step not in queries.steps_for(application):
        raise Http404
    if application.status not in (ApplicationStatus.DRAFT, ApplicationStatus.REVISION_REQUESTED):
        return redirect(application)
    extra = extensions.extra_step(step)
    if extra is not None:  # a sub-app's step (certification.extensions)
        return extra.view(request, application, _wizard_context(application, step))
    handler = {"funding": _step_funding, "documents": _step_documents, "review": _step_review}.get(step, _step_essays)
    return handler(request, application, step)


def _next_step(application, step):
    steps = queries.steps_for(application)
    index = steps.index(step)
    return steps[min(index + 1, len(steps) - 1)]


def _step_funding(request, application, step):
    editable = services.can_edit_item(application, "funding")
    form = FundingForm(request.POST or None, instance=application)
    if not editable:
        for field in form.fields.values():
            field.disabled = True
    if request.method == "POST" and editable and form.is_valid():
        try:
            services.save_funding(
                request.user, application, form.cleaned_data["funding_source"], form.cleaned_data["funding_note"]
            )
        except services.ApplicationError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Saved."))
            return redirect("certification:application_step", pk=application.pk, step=_next_step(application, step))
    elif request.method == "POST" and not editable:
        return redirect("certification:application_step", pk=application.pk, step=_next_step(application, step))
    return render(request, "certification/step_funding.html", {**_wizard_context(application, step), "form": form})


def _document_rows(application, bound_form=None):
    uploaded = {d.requirement_id: d for d in application.documents.select_related("document")}
    rows = []
    for requirement in application.route.required_documents.all():
        item = uploaded.get(requirement.pk)
        form = bound_form if bound_form is not None and bound_form.requirement.pk == requirement.pk else None
        rows.append(
            {
                "requirement": requirement,
                "item": item,
                "form": form or DocumentUploadForm(requirement=requirement),
                "editable": services.can_edit_item(application, "document", item),
            }
        )
    return rows


def _step_documents(request, application, step):
    return render(
        request, "certification/step_documents.html", {**_wizard_context(application, step), "rows": _document_rows(application)}
    )


@login_required
@require_POST
def upload_document(request, pk, requirement_pk):
    application = _own_application(request, pk)
    requirement = get_object_or_404(RequiredDocument, pk=requirement_pk, route=application.route)
    form = limit_uploads(DocumentUploadForm(request.POST, request.FILES, requirement=requirement), request.user)
    error = None
    if form.is_valid():
        try:
            item = services.attach_document(request.user, application, requirement, form.cleaned_data["file"])
        except (services.ApplicationError, ValidationError) as exc:
            error = exc.messages[0] if isinstance(exc, ValidationError) else str(exc)
            form.add_error("file", error)
        else:
            if wants_json(request):
                return JsonResponse(
                    {"ok": True, "name": item.document.original_name, "url": reverse("documents:download", args=[item.document.pk])}
                )
            messages.success(request, _("“%(name)s” was uploaded.") % {"name": item.document.original_name})
            return redirect("certification:application_step", pk=application.pk, step="documents")
    else:
        error = " ".join(form.errors.get("file", [])) or _("The upload failed.")
    if wants_json(request):
        return JsonResponse({"ok": False, "error": error}, status=400)
    return render(
        request,
        "certification/step_documents.html",
        {**_wizard_context(application, "documents"), "rows": _document_rows(application, form)},
        status=200,
    )


def _step_essays(request, application, step):
    prompts = [p for p in application.route.essay_prompts.all() if p.area == step]
    answers = {a.prompt_id: a for a in application.essays.filter(prompt__in=prompts)}

    def editable(answer):
        return services.can_edit_item(application, "essay", answer)

    form = EssayForm(request.POST or None, prompts=prompts, answers=answers, editable=editable)
    if request.method == "POST" and form.is_valid():
        try:
            for prompt, text in form.answers():
                services.save_essay(request.user, application, prompt, text)
        except (services.ApplicationError, ValidationError) as error:
            messages.error(request, error.messages[0] if isinstance(error, ValidationError) else str(error))
        else:
            problems = services.missing_by_step(application)[step]
            if not problems:
                messages.success(request, _("Saved."))
                return redirect("certification:application_step", pk=application.pk, step=_next_step(application, step))
            # A draft below the minimum is kept, and said at once, beside the field and here.
            messages.warning(
                request,
                _("Saved as a draft. Before the application can be submitted: %(problems)s.")
                % {"problems": "; ".join(problems)},
            )
            return redirect("certification:application_step", pk=application.pk, step=step)
    context = _wizard_context(application, step)
    return render(
        request,
        "certification/step_essays.html",
        {
            **context,
            "form": form,
            "step_missing": context["missing"][step],
            "short_text": _(
                "Below the minimum: %(n)s of at least %(min)s characters. You can save it as a draft; it must be "
                "longer before the application is submitted."
            ),
        },
    )


@login_required
@require_POST
def autosave_essay(request, pk, prompt_pk):
    """Saves one essay as it is typed (called by static/js/certification.js)."""
    application = _own_application(request, pk)
    prompt = get_object_or_404(EssayPrompt, pk=prompt_pk, route=application.route)
    form = EssayTextForm(request.POST)
    if not form.is_valid():
        return JsonResponse({"ok": False, "error": " ".join(form.errors["text"])}, status=400)
    try:
        answer = services.save_essay(request.user, application, prompt, form.cleaned_data["text"])
    except (services.ApplicationError, ValidationError) as error:
        message = error.messages[0] if isinstance(error, ValidationError) else str(error)
        return JsonResponse({"ok": False, "error": message}, status=400)
    return JsonResponse({"ok": True, "length": len(answer.text), "saved_at": timezone.localtime(answer.updated_at).strftime("%H:%M:%S")})


def _step_review(request, application, step):
    context = _wizard_context(application, step)
    context["documents"] = application.documents.select_related("requirement", "document")
    context["essays"] = application.essays.select_related("prompt")
    context["problems"] = services.submission_problems(application)
    if application.status == ApplicationStatus.REVISION_REQUESTED:
        context["unrevised"] = services.unrevised_items(application)
        context["flagged"] = services.flagged_items(application)
    return render(request, "certification/step_review.html", context)


@login_required
@require_POST
def submit(request, pk):
    application = _own_application(request, pk)
    name = "resubmit" if application.status == ApplicationStatus.REVISION_REQUESTED else "submit"
    try:
        perform(application, name, request.user, request=request)
    except TransitionError as error:
        messages.error(request, str(error))
        if application.status in (ApplicationStatus.DRAFT, ApplicationStatus.REVISION_REQUESTED):
            return redirect("certification:application_step", pk=pk, step="review")
        return redirect(application)
    messages.success(request, _("Your application was submitted. The secretariat will check it; you will be notified."))
    return redirect(application)


@login_required
@require_POST
def withdraw(request, pk):
    application = _own_application(request, pk)
    form = WithdrawForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors["note"]))
        return redirect(application)
    try:
        perform(application, "withdraw", request.user, note=form.cleaned_data["note"], request=request)
    except TransitionError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Your application was withdrawn."))
    return redirect("certification:my_applications")


# --- the secretariat ------------------------------------------------------------------------------------


@login_required
def queue(request):
    require_verifier(request.user)
    form = QueueFilterForm(request.GET or None, rounds=queries.rounds_for_queue(request.user))
    filters = form.cleaned_data if form.is_valid() else {}
    qs = queries.verification_queue(request.user, filters)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "certification/queue.html",
        {"form": form, "page": page, "query": query.urlencode(), "status": filters.get("status") or ""},
    )


@login_required
@require_POST
def bulk_eligible(request):
    require_verifier(request.user)
    form = BulkEligibleForm(request.POST, applications=Application.objects.visible_to(request.user))
    if not form.is_valid():
        # A stale page (an application no longer in the queue) or a forged id: nothing is declared.
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect("certification:queue")
    applications = form.cleaned_data["application"]
    if not applications:
        messages.info(request, _("Select at least one application."))
    else:
        done, refused = services.bulk_declare_eligible(request.user, applications, request=request)
        if done:
            messages.success(request, _("%(n)s application(s) declared eligible.") % {"n": done})
        for application, reason in refused:
            messages.warning(request, f"{application.reference}: {reason}")
    query = form.cleaned_data["query"]
    return redirect(reverse("certification:queue") + (f"?{query}" if query else ""))


def _review_application(request, pk):
    require_verifier(request.user)
    return get_object_or_404(
        Application.objects.visible_to(request.user).select_related(
            "applicant", "round", "round__scheme", "route", "province", "regional_office"
        ),
        pk=pk,
    )


@login_required
def review(request, pk, item_form=None, decision_form=None, status=200):
    application = _review_application(request, pk)
    facts = services.eligibility_facts(application.applicant)
    actions = [t.name for t in Application.workflow.available(application, request.user)]
    context = {
        **_status_context(application, request.user),
        "facts": facts,
        "profile": getattr(application.applicant, "worker_profile", None),
        "actions": actions,
        "checking": application.status == ApplicationStatus.SUBMITTED,
        "item_form": item_form,
        "decision_form": decision_form or DecisionForm(actions=actions),
    }
    return render(request, "certification/review.html", context, status=status)


def _item(application, form):
    model = {"doc": ApplicationDocument, "essay": EssayAnswer}[form.item_kind]
    return get_object_or_404(model, application=application, pk=form.item_pk)


@login_required
@require_POST
def review_item(request, pk):
    application = _review_application(request, pk)
    return checklist.post_review_item(
        request, services.DESK_REVIEW, ReviewItemForm, find_item=lambda form: _item(application, form),
        review_url=reverse("certification:review", args=[pk]), invalid=lambda form: review(request, pk, item_form=form),
    )


@login_required
@require_POST
def accept_all(request, pk):
    application = _review_application(request, pk)
    return checklist.post_accept_all(
        request, services.DESK_REVIEW, application, review_url=reverse("certification:review", args=[pk])
    )


@login_required
@require_POST
def decide(request, pk):
    application = _review_application(request, pk)
    form = DecisionForm(request.POST, actions=[t.name for t in Application.workflow.available(application, request.user)])
    if not form.fields["action"].choices:  # decided meanwhile (another tab, a colleague): the page has no form
        messages.error(request, form.fields["action"].error_messages["invalid_choice"])
        return redirect("certification:review", pk)
    return checklist.post_decision(
        request, application, form,
        again=lambda form: review(request, pk, decision_form=form), next_url=reverse("certification:queue"),
    )
