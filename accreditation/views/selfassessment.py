"""The accreditation's page and the LKS's self-assessment (Formulir A and B)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from portal.documents.forms import limit_uploads
from portal.workflow.engine import TransitionError, perform
from portal.workflow.history import timeline_rows

from .. import services
from ..choices import RECOMMENDATION_KEY
from ..forms import AnswerForm, EvidenceFilesForm, RecommendationForm
from ..instrument import indicators_by_standard
from ..models import Accreditation, Evidence, Indicator, ReviewItem, Visitation
from ..workflows import AccreditationStatus
from .common import message_of, own_accreditation, visible_accreditation, wants_json


@login_required
def accreditation_detail(request, pk, recommendation_form=None, status=200):
    accreditation = visible_accreditation(request, pk)
    user = request.user
    is_operator = services.is_operator_of(user, accreditation.institution)
    visitation = Visitation.objects.filter(accreditation=accreditation).first()
    context = {
        "accreditation": accreditation,
        "institution": accreditation.institution,
        "is_operator": is_operator,
        "timeline": timeline_rows(accreditation),
        "visitation": visitation,
        "actions": [t.name for t in Accreditation.workflow.available(accreditation, user)],
        "member": services.membership(user, visitation) if visitation else None,
    }
    if is_operator:
        answers = services.answers_of(accreditation)
        standards, percent = services.progress(accreditation, answers)
        context.update(
            {
                "standards": standards,
                "percent": percent,
                "problems": services.submission_problems(accreditation) if accreditation.is_editable else [],
                "flagged": services.flagged_items(accreditation)
                if accreditation.status == AccreditationStatus.REVISION_REQUESTED
                else [],
                "can_edit_recommendation": services.can_edit_item(accreditation, RECOMMENDATION_KEY),
                "recommendation_form": recommendation_form
                or RecommendationForm(
                    initial={
                        "number": accreditation.recommendation_number,
                        "date": accreditation.recommendation_date,
                        "issuer": accreditation.recommendation_issuer,
                    },
                    has_document=bool(accreditation.recommendation_document_id),
                ),
            }
        )
    decided = (AccreditationStatus.VISITED, AccreditationStatus.DECIDED, AccreditationStatus.CERTIFIED)
    if accreditation.status in decided and (is_operator or user.role != "assessor"):
        context["result"] = accreditation.result
    return render(request, "accreditation/accreditation_detail.html", context, status=status)


def _standard_of(accreditation, number):
    for standard in accreditation.snapshot["standards"]:
        if standard["number"] == number:
            return standard
    raise Http404


def _indicator(accreditation, indicator_pk):
    _standard, spec = services.snapshot_indicator(accreditation, indicator_pk)
    if spec is None:
        raise Http404
    return get_object_or_404(Indicator, pk=indicator_pk)


@login_required
def standard_page(request, pk, number, bound=None, status=200):
    """One standard's indicators: score, explanation and evidence, each saved as it is given."""
    accreditation = own_accreditation(request, pk)
    standard = _standard_of(accreditation, number)
    snapshot_scale = [(level["value"], level["label"]) for level in accreditation.snapshot["scale"]]
    groups = dict((s["number"], rows) for s, rows in indicators_by_standard({"standards": [standard]}))
    indicators = groups[number]
    answers = services.answers_of(accreditation)
    items = {
        i.key: i for i in ReviewItem.objects.filter(accreditation=accreditation, key__startswith="indicator:")
    }
    specs = {i["id"]: i for i in standard["indicators"]}
    bound = bound or {}
    cards = []
    for indicator in indicators:
        answer = answers.get(indicator.pk)
        key = services.indicator_key(indicator.pk)
        item = items.get(key)
        editable = services.can_edit_item(accreditation, key, item)
        descriptors = {d.value: d.text for d in indicator.descriptors.all()}
        cards.append(
            {
                "indicator": indicator,
                "answer": answer,
                "item": item,
                "editable": editable,
                "evidence": list(answer.evidence.all()) if answer else [],
                "form": bound.get(("answer", indicator.pk))
                or AnswerForm(
                    indicator=indicator, scale=snapshot_scale, descriptors=descriptors,
                    allows_na=specs[indicator.pk]["allows_na"], answer=answer, disabled=not editable,
                ),
                "evidence_form": bound.get(("evidence", indicator.pk)) or EvidenceFilesForm(indicator=indicator),
            }
        )
    rows, percent = services.progress(accreditation, answers)
    numbers = [s["number"] for s in accreditation.snapshot["standards"]]
    position = numbers.index(number)
    context = {
        "accreditation": accreditation,
        "standard": standard,
        "cards": cards,
        "standards": rows,
        "percent": percent,
        "previous": numbers[position - 1] if position > 0 else None,
        "next": numbers[position + 1] if position + 1 < len(numbers) else None,
    }
    return render(request, "accreditation/standard.html", context, status=status)


@login_required
@require_POST
def save_answer(request, pk, indicator_pk):
    """Autosave (fetch, one field at a time) and the plain form's Save button (`full=1`: an unticked
    "not applicable" box is sent as nothing, and means "applicable")."""
    accreditation = own_accreditation(request, pk)
    indicator = _indicator(accreditation, indicator_pk)
    _standard, spec = services.snapshot_indicator(accreditation, indicator.pk)
    form = AnswerForm(
        request.POST, indicator=indicator, scale=[(level["value"], level["label"]) for level in accreditation.snapshot["scale"]],
        descriptors={d.value: d.text for d in indicator.descriptors.all()}, allows_na=True,
        answer=services.answers_of(accreditation).get(indicator.pk),
    )
    try:
        if not form.is_valid():
            raise ValidationError(next(iter(e for errors in form.errors.values() for e in errors)))
        answer = services.save_answer(request.user, accreditation, indicator, **form.changes(full=request.POST.get("full") == "1"))
    except (services.AccreditationError, ValidationError) as error:
        if wants_json(request):
            return JsonResponse({"ok": False, "error": message_of(error)}, status=400)
        if not form.errors:
            form.add_error(None, message_of(error))
        if not spec["allows_na"]:
            form.fields.pop("not_applicable", None)
        return standard_page(request, pk, indicator.standard.number, bound={("answer", indicator.pk): form})
    if wants_json(request):
        rows, percent = services.progress(accreditation)
        return JsonResponse(
            {
                "ok": True,
                "saved_at": timezone.localtime(answer.updated_at).strftime("%H:%M:%S"),
                "percent": percent,
                "standards": {str(r["number"]): [r["done"], r["total"]] for r in rows},
            }
        )
    messages.success(request, _("Indicator %(code)s saved.") % {"code": indicator.code})
    return redirect(_standard_url(accreditation, indicator) + f"#indicator-{indicator.pk}")


def _standard_url(accreditation, indicator):
    return reverse("accreditation:standard", args=[accreditation.pk, indicator.standard.number])


@login_required
@require_POST
def upload_evidence(request, pk, indicator_pk):
    """One evidence file or several at once (`<input multiple>`; static/js/portal.js sends them one per
    request, with a progress bar each): each is checked and stored on its own, and the answer says per
    file what was stored and what was refused, and why."""
    accreditation = own_accreditation(request, pk)
    indicator = _indicator(accreditation, indicator_pk)
    form = limit_uploads(EvidenceFilesForm(request.POST, request.FILES, indicator=indicator), request.user)
    results = []
    if form.is_valid():
        results = services.add_evidence_files(request.user, accreditation, indicator, form.cleaned_data["file"])
    refused = [*form.rejected, *((name, error) for name, evidence, error in results if evidence is None)]
    stored = [evidence for _name, evidence, _error in results if evidence is not None]
    if wants_json(request):
        return _evidence_json(request, accreditation, form, stored, refused)
    if stored:
        names = ", ".join(f"“{e.document.original_name}”" for e in stored)
        messages.success(
            request, ngettext("%(names)s was uploaded.", "%(names)s were uploaded.", len(stored)) % {"names": names}
        )
    if not refused and form.is_valid():
        return redirect(_standard_url(accreditation, indicator) + f"#indicator-{indicator.pk}")
    for name, error in refused:
        form.add_error("file", _named(name, error))
    return standard_page(request, pk, indicator.standard.number, bound={("evidence", indicator.pk): form})


def _named(name, error):
    """A refusal that says which file it is about (most of the kernel's already do)."""
    return error if name in error else f"{name}: {error}"


def _evidence_json(request, accreditation, form, stored, refused):
    """Per file: stored (with its line for the evidence list) or refused (with the reason); the
    self-assessment's progress when something was stored."""
    if not stored and not refused:  # no file chosen
        error = " ".join(form.errors.get("file", [])) or _("The upload failed.")
        return JsonResponse({"ok": False, "error": error, "files": []}, status=400)
    files = [
        {"name": e.document.original_name, "ok": True,
         "html": render_to_string("accreditation/includes/evidence_item.html",
                                  {"e": e, "accreditation": accreditation, "editable": True}, request=request)}
        for e in stored
    ]
    files += [{"name": name, "ok": False, "error": error} for name, error in refused]
    answer = {"ok": not refused, "files": files}
    if refused:
        answer["error"] = refused[0][1] if len(files) == 1 else " ".join(_named(name, error) for name, error in refused)
    if stored:
        rows, percent = services.progress(accreditation)
        answer["percent"] = percent
        answer["standards"] = {str(r["number"]): [r["done"], r["total"]] for r in rows}
    return JsonResponse(answer, status=200 if stored else 400)


@login_required
@require_POST
def remove_evidence(request, pk, evidence_pk):
    accreditation = own_accreditation(request, pk)
    evidence = get_object_or_404(
        Evidence.objects.select_related("answer__indicator__standard", "document"), pk=evidence_pk,
        answer__accreditation=accreditation,
    )
    indicator = evidence.answer.indicator
    try:
        services.remove_evidence(request.user, evidence)
    except services.AccreditationError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("“%(name)s” was removed.") % {"name": evidence.document.original_name})
    return redirect(_standard_url(accreditation, indicator) + f"#indicator-{indicator.pk}")


@login_required
@require_POST
def save_recommendation(request, pk):
    accreditation = own_accreditation(request, pk)
    form = RecommendationForm(request.POST, request.FILES, has_document=bool(accreditation.recommendation_document_id))
    limit_uploads(form, request.user)
    if form.is_valid():
        try:
            services.save_recommendation(
                request.user, accreditation, number=form.cleaned_data["number"], date=form.cleaned_data["date"],
                issuer=form.cleaned_data["issuer"], upload=form.cleaned_data.get("file") or None,
            )
        except (services.AccreditationError, ValidationError) as error:
            messages.error(request, message_of(error))
        else:
            messages.success(request, _("The recommendation letter was saved."))
            return redirect(reverse("accreditation:detail", args=[pk]) + "#recommendation")
    return accreditation_detail(request, pk, recommendation_form=form)


@login_required
@require_POST
def submit(request, pk):
    accreditation = own_accreditation(request, pk)
    name = "resubmit" if accreditation.status == AccreditationStatus.REVISION_REQUESTED else "submit"
    try:
        perform(accreditation, name, request.user, request=request)
    except TransitionError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, _("The self-assessment was submitted. The secretariat will check it; you will be notified.")
        )
    return redirect(accreditation)


@login_required
def certificate_pdf(request, pk):
    """The accreditation certificate for the LKS's operators and BALKS admins (the credential has no
    holder account, so the credential service's own download does not serve operators)."""
    from portal.credentials.services import ensure_pdf

    accreditation = visible_accreditation(request, pk)
    if accreditation.credential_id is None or not (
        services.is_operator_of(request.user, accreditation.institution) or request.user.role == "balks_admin"
    ):
        raise Http404
    credential = ensure_pdf(accreditation.credential_id)
    response = FileResponse(credential.pdf.open("rb"), content_type="application/pdf", as_attachment=True,
                            filename=f"{credential.number}.pdf")
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response

