"""The visitation: the team's list, the calendar file, scoring on a phone, reconciliation."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.documents.forms import limit_uploads
from portal.workflow.engine import TransitionError, perform

from .. import scoring, services
from ..forms import EvidenceForm, ReconcileForm, VisitScoreForm
from ..ics import visitation_event
from ..instrument import indicators_by_standard
from ..models import Accreditation, Answer, Indicator, TeamMember, Visitation
from ..workflows import AccreditationStatus
from .common import message_of, raise_404, wants_json


def _visible_visitation(request, pk):
    return get_object_or_404(
        Visitation.objects.filter(accreditation__in=Accreditation.objects.visible_to(request.user)).select_related(
            "accreditation", "accreditation__institution", "accreditation__institution__province", "scheduled_by"
        ),
        pk=pk,
    )


def _team_visitation(request, pk):
    """Only the team's assessors; anyone else gets 404."""
    if request.user.role != "assessor":
        raise_404()
    visitation = get_object_or_404(
        Visitation.objects.filter(team__assessor__user=request.user).select_related(
            "accreditation", "accreditation__institution", "accreditation__institution__province"
        ),
        pk=pk,
    )
    member = TeamMember.objects.select_related("assessor").get(visitation=visitation, assessor__user=request.user)
    return visitation, member


@login_required
def my_visitations(request):
    from .. import queries

    if request.user.role != "assessor":
        raise_404()
    return render(
        request,
        "accreditation/visitation_list.html",
        {
            "upcoming": list(queries.assessor_visitations(request.user)),
            "past": list(queries.assessor_visitations(request.user, past=True)[:50]),
        },
    )


@login_required
def visitation_detail(request, pk):
    visitation = _visible_visitation(request, pk)
    accreditation = visitation.accreditation
    team = list(TeamMember.objects.filter(visitation=visitation).select_related("assessor__user", "assessor__regional_office"))
    member = next((m for m in team if m.assessor.user_id == request.user.pk), None)
    is_open = accreditation.status == AccreditationStatus.VISITATION_SCHEDULED
    return render(
        request,
        "accreditation/visitation_detail.html",
        {
            "visitation": visitation,
            "accreditation": accreditation,
            "institution": accreditation.institution,
            "team": team,
            "member": member,
            "is_open": is_open,
            "can_reschedule": is_open and request.user.role in ("secretariat", "balks_admin"),
            "can_complete": "complete_visitation" in [t.name for t in Accreditation.workflow.available(accreditation, request.user)],
            "problems": services.completion_problems(accreditation) if member and member.is_lead else [],
        },
    )


@login_required
def visitation_ics(request, pk):
    visitation = _visible_visitation(request, pk)
    response = HttpResponse(visitation_event(visitation), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="visitasi-{visitation.accreditation.reference}.ics"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def score_page(request, pk, bound=None):
    """Formulir C on a phone: one card per indicator, each answer saved as it is given. `bound`: the
    indicator whose plain-form answer was refused → (what was sent, the error), shown on its card."""
    visitation, member = _team_visitation(request, pk)
    accreditation = visitation.accreditation
    rows = services.scores_of(visitation, member.assessor)
    self_answers = {a.indicator_id: a for a in Answer.objects.filter(accreditation=accreditation)}
    specs = {i["id"]: i for s in accreditation.snapshot["standards"] for i in s["indicators"]}
    scale = [(level["value"], level["label"]) for level in accreditation.snapshot["scale"]]
    groups = []
    done = total = 0
    for standard, indicators in indicators_by_standard(accreditation.snapshot):
        cards = []
        for indicator in indicators:
            row = rows.get(indicator.pk)
            total += 1
            answered = row is not None and row.is_answered
            done += answered
            sent, error = (bound or {}).get(indicator.pk, ({}, ""))
            value = ("na" if row.not_applicable else (str(row.score) if row.score is not None else "")) if row else ""
            cards.append(
                {
                    "indicator": indicator,
                    "row": row,
                    "value": sent.get("score", value),
                    "note": sent.get("note", row.note if row else ""),
                    "error": error,
                    "allows_na": specs[indicator.pk]["allows_na"],
                    "self": self_answers.get(indicator.pk),
                    "photos": list(row.photos.all()) if row else [],
                    "descriptors": {d.value: d.text for d in indicator.descriptors.all()},
                    "photo_form": EvidenceForm(indicator=indicator),
                }
            )
        groups.append((standard, cards))
    return render(
        request,
        "accreditation/visitation_score.html",
        {
            "visitation": visitation,
            "accreditation": accreditation,
            "institution": accreditation.institution,
            "member": member,
            "groups": groups,
            "scale": scale,
            "done": done,
            "total": total,
            "is_open": accreditation.status == AccreditationStatus.VISITATION_SCHEDULED,
        },
    )


@login_required
@require_POST
def save_score(request, pk, indicator_pk):
    """One answer, as it is given (fetch; the plain form's Save button without JavaScript)."""
    visitation, member = _team_visitation(request, pk)
    accreditation = visitation.accreditation
    _standard, spec = services.snapshot_indicator(accreditation, indicator_pk)
    if spec is None:
        raise Http404
    indicator = get_object_or_404(Indicator, pk=indicator_pk)
    scale = [(level["value"], level["label"]) for level in accreditation.snapshot["scale"]]
    form = VisitScoreForm(request.POST, scale=scale)
    try:
        if not form.is_valid():
            raise ValidationError(form.first_error())
        row, applied = services.save_visit_score(
            request.user, visitation, indicator, at=form.cleaned_data["at"], **form.changes()
        )
    except (services.AccreditationError, ValidationError) as error:
        if wants_json(request):
            return JsonResponse({"ok": False, "error": message_of(error)}, status=400)
        sent = {name: request.POST[name] for name in ("score", "note") if name in request.POST}
        return score_page(request, pk, bound={indicator.pk: (sent, message_of(error))})
    if wants_json(request):
        rows = services.scores_of(visitation, member.assessor)
        total = len(scoring.indicator_ids(accreditation.snapshot))
        done = sum(1 for r in rows.values() if r.is_answered)
        return JsonResponse(
            {"ok": True, "applied": applied, "saved_at": timezone.localtime(row.updated_at).strftime("%H:%M:%S"),
             "done": done, "total": total}
        )
    messages.success(request, _("Indicator %(code)s saved.") % {"code": indicator.code})
    return redirect(reverse("accreditation:score", args=[pk]) + f"#indicator-{indicator.pk}")


@login_required
@require_POST
def upload_photo(request, pk, indicator_pk):
    visitation, _member = _team_visitation(request, pk)
    _standard, spec = services.snapshot_indicator(visitation.accreditation, indicator_pk)
    if spec is None:
        raise Http404
    indicator = get_object_or_404(Indicator, pk=indicator_pk)
    form = limit_uploads(EvidenceForm(request.POST, request.FILES, indicator=indicator), request.user)
    form.fields["file"].images_only = True
    if form.is_valid():
        try:
            photo = services.add_visit_photo(request.user, visitation, indicator, form.cleaned_data["file"])
        except (services.AccreditationError, ValidationError) as error:
            message = message_of(error)
        else:
            url = reverse("documents:download", args=[photo.document.pk]) + "?inline=1"
            if wants_json(request):
                return JsonResponse({"ok": True, "name": photo.document.original_name, "url": url})
            messages.success(request, _("“%(name)s” was uploaded.") % {"name": photo.document.original_name})
            return redirect(reverse("accreditation:score", args=[pk]) + f"#indicator-{indicator.pk}")
    else:
        message = " ".join(form.errors.get("file", [])) or _("The upload failed.")
    if wants_json(request):
        return JsonResponse({"ok": False, "error": message}, status=400)
    messages.error(request, f"{indicator.code}: {message}")
    return redirect(reverse("accreditation:score", args=[pk]) + f"#indicator-{indicator.pk}")


@login_required
@require_POST
def submit_scores(request, pk):
    visitation, _member = _team_visitation(request, pk)
    try:
        services.submit_scores(request.user, visitation, request=request)
    except services.AccreditationError as error:
        messages.error(request, str(error))
        return redirect("accreditation:score", pk=pk)
    messages.success(request, _("Your scores were submitted to the team lead."))
    return redirect(visitation)


@login_required
def reconcile(request, pk):
    """The team lead settles the scores: the members' answers side by side, one team score each."""
    visitation, member = _team_visitation(request, pk)
    if not member.is_lead:
        raise PermissionDenied
    accreditation = visitation.accreditation
    team, groups = services.reconciliation_rows(visitation)
    scale = [(level["value"], level["label"]) for level in accreditation.snapshot["scale"]]
    form = ReconcileForm(request.POST or None, groups=groups, scale=scale)
    waiting = [m for m in team if m.submitted_at is None]
    if request.method == "POST" and form.is_valid():
        try:
            complete = services.reconcile(request.user, visitation, form.decisions(), request=request)
        except (services.AccreditationError, ValidationError) as error:
            form.add_error(None, message_of(error))
        else:
            messages.success(
                request,
                _("The team's scores are settled. Complete the visitation to send them to the plenary.")
                if complete
                else _("Saved."),
            )
            return redirect(visitation)
    result = scoring.compute(accreditation.snapshot, services.reconciled_answers(accreditation))
    return render(
        request,
        "accreditation/reconcile.html",
        {
            "visitation": visitation,
            "accreditation": accreditation,
            "institution": accreditation.institution,
            "team": team,
            "groups": groups,
            "form": form,
            "waiting": waiting,
            "differences": sum(1 for _s, rows in groups for r in rows if not r["agreed"]),
            "result": result,
            "grade": scoring.grade_for(result.score, accreditation.snapshot) if result.complete else None,
        },
    )


@login_required
@require_POST
def complete(request, pk):
    visitation, member = _team_visitation(request, pk)
    try:
        perform(visitation.accreditation, "complete_visitation", request.user, request=request)
    except TransitionError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The visitation is complete; the BALKS plenary will decide the grade."))
    return redirect(visitation)
