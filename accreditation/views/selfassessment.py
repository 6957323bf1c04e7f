"""The accreditation's page and the LKS's self-assessment (Formulir A and B)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.documents.forms import limit_uploads
from portal.workflow.engine import TransitionError, perform
from portal.workflow.history import timeline

from .. import services
from ..choices import RECOMMENDATION_KEY
from ..forms import AnswerForm, EvidenceForm, RecommendationForm
from ..instrument import indicators_by_standard
from ..models import Accreditation, Evidence, Indicator, ReviewItem, Visitation
from ..workflows import AccreditationStatus
from .common import message_of, own_accreditation, visible_accreditation, wants_json

S = AccreditationStatus


def timeline_rows(accreditation):
    labels = {f"accreditation.{t.name}": t.label for t in Accreditation.workflow.transitions}
    return [(event, labels.get(event.action, event.action)) for event in timeline(accreditation)]


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
                if accreditation.status == S.REVISION_REQUESTED
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
    if accreditation.status in (S.VISITED, S.DECIDED, S.CERTIFIED) and (is_operator or user.role != "assessor"):
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
                "evidence_form": bound.get(("evidence", indicator.pk)) or EvidenceForm(indicator=indicator),
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
    accreditation = own_accreditation(request, pk)
    indicator = _indicator(accreditation, indicator_pk)
    form = limit_uploads(EvidenceForm(request.POST, request.FILES, indicator=indicator), request.user)
    error = None
    if form.is_valid():
        try:
            evidence = services.add_evidence(request.user, accreditation, indicator, form.cleaned_data["file"])
        except (services.AccreditationError, ValidationError) as exc:
            error = message_of(exc)
            form.add_error("file", error)
        else:
            if wants_json(request):
                return JsonResponse({"ok": True, "name": evidence.document.original_name})
            messages.success(request, _("“%(name)s” was uploaded.") % {"name": evidence.document.original_name})
            return redirect(_standard_url(accreditation, indicator) + f"#indicator-{indicator.pk}")
    else:
        error = " ".join(form.errors.get("file", [])) or _("The upload failed.")
    if wants_json(request):
        return JsonResponse({"ok": False, "error": error}, status=400)
    return standard_page(request, pk, indicator.standard.number, bound={("evidence", indicator.pk): form})


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
    name = "resubmit" if accreditation.status == S.REVISION_REQUESTED else "submit"
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

