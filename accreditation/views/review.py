"""The secretariat's desk review and visitation planning; the BALKS plenary's decision."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.core.review import views as checklist
from portal.core.review.services import counts as checklist_counts
from portal.workflow.engine import TransitionError, perform

from .. import queries, services
from ..conflicts import eligible_assessors
from ..forms import DecisionForm, DeskDecisionForm, QueueFilterForm, ReviewItemForm, VisitationForm
from ..instrument import indicators_by_standard
from ..models import Accreditation, ReviewItem, TeamMember, Visitation
from ..workflows import AccreditationStatus
from .common import message_of, raise_404, staff_accreditation
from .selfassessment import timeline_rows


def _require_desk(user):
    if user.role not in ("secretariat", "balks_admin"):
        raise_404()


@login_required
def queue(request):
    _require_desk(request.user)
    form = QueueFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    page = Paginator(queries.desk_queue(request.user, filters), 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request, "accreditation/queue.html", {"form": form, "page": page, "query": query.urlencode()}
    )


@login_required
def review(request, pk, decision_form=None, status=200):
    accreditation = staff_accreditation(request, pk)
    answers = services.answers_of(accreditation)
    items = services.review_items(accreditation)
    by_key = {i.key: i for i in items}
    groups = []
    for standard, indicators in indicators_by_standard(accreditation.snapshot):
        rows = []
        for indicator in indicators:
            rows.append(
                {
                    "indicator": indicator,
                    "answer": answers.get(indicator.pk),
                    "item": by_key.get(services.indicator_key(indicator.pk)),
                }
            )
        groups.append((standard, rows))
    institution = accreditation.institution
    legal = [
        {"key": key, "label": label, "number": number, "date": date, "document": document,
         "item": by_key.get(f"legal:{key}")}
        for key, label, number, date, document in institution.legal_items()
    ]
    context = {
        "accreditation": accreditation,
        "institution": institution,
        "groups": groups,
        "legal": legal,
        "recommendation_item": by_key.get("recommendation"),
        "checking": accreditation.status == AccreditationStatus.SUBMITTED,
        "actions": [t.name for t in Accreditation.workflow.available(accreditation, request.user)],
        "decision_form": decision_form or DeskDecisionForm(),
        "timeline": timeline_rows(accreditation),
        "counts": checklist_counts(items),
        "staff": list(institution.staff.select_related("worker")),
    }
    return render(request, "accreditation/review.html", context, status=status)


@login_required
@require_POST
def review_item(request, pk):
    accreditation = staff_accreditation(request, pk)
    review_url = reverse("accreditation:review", args=[pk])
    items = ReviewItem.objects.select_related("indicator").filter(accreditation=accreditation)
    return checklist.post_review_item(
        request, services.DESK_REVIEW, ReviewItemForm, review_url=review_url,
        find_item=lambda form: get_object_or_404(items, key=form.cleaned_data["item"]),
        invalid=lambda form: redirect(review_url + checklist.anchor(form.cleaned_data.get("item", ""))),
    )


@login_required
@require_POST
def accept_all(request, pk):
    accreditation = staff_accreditation(request, pk)
    return checklist.post_accept_all(
        request, services.DESK_REVIEW, accreditation, review_url=reverse("accreditation:review", args=[pk])
    )


def _after_desk_decision(accreditation):
    if accreditation.status == AccreditationStatus.DESK_ACCEPTED:
        return reverse("accreditation:schedule", args=[accreditation.pk])
    return reverse("accreditation:queue")


@login_required
@require_POST
def desk_decide(request, pk):
    accreditation = staff_accreditation(request, pk)
    return checklist.post_decision(
        request, accreditation, DeskDecisionForm(request.POST),
        again=lambda form: review(request, pk, decision_form=form), next_url=_after_desk_decision,
    )


@login_required
def schedule(request, pk):
    """Date and team of the visitation: active assessors, conflicts shown and refused."""
    accreditation = staff_accreditation(request, pk)
    if accreditation.status not in (AccreditationStatus.DESK_ACCEPTED, AccreditationStatus.VISITATION_SCHEDULED):
        raise Http404
    candidates = eligible_assessors(accreditation.institution)
    visitation = Visitation.objects.filter(accreditation=accreditation).first()
    initial = {}
    if visitation is not None:
        team = list(TeamMember.objects.filter(visitation=visitation).select_related("assessor"))
        initial = {
            "date": visitation.date, "start_time": visitation.start_time, "duration_hours": visitation.duration_hours,
            "notes": visitation.notes, "assessors": [m.assessor for m in team],
            "lead": next((m.assessor for m in team if m.is_lead), None),
        }
    form = VisitationForm(request.POST or None, initial=initial, candidates=candidates, minimum=services.minimum_team_size())
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            visitation = services.schedule_visitation(
                request.user, accreditation, date=data["date"], start_time=data["start_time"],
                duration_hours=data["duration_hours"], notes=data["notes"], assessors=list(data["assessors"]),
                lead=data["lead"], request=request,
            )
        except (services.AccreditationError, ValidationError, TransitionError) as error:
            form.add_error(None, message_of(error))
        else:
            messages.success(request, _("The visitation is scheduled; the team and the LKS were notified."))
            return redirect(visitation)
    return render(
        request, "accreditation/visitation_form.html",
        {"accreditation": accreditation, "form": form, "visitation": visitation,
         "conflicted": [(a, r) for a, r in candidates if r]},
    )


@login_required
def plenary_queue(request):
    if request.user.role != "balks_admin":
        raise_404()
    return render(request, "accreditation/plenary_queue.html", {"accreditations": list(queries.plenary_queue(request.user))})


@login_required
def decision(request, pk):
    accreditation = staff_accreditation(request, pk)
    if request.user.role != "balks_admin" or accreditation.status not in (AccreditationStatus.VISITED, AccreditationStatus.DECIDED, AccreditationStatus.CERTIFIED):
        raise Http404
    form = DecisionForm(request.POST or None, suggested=accreditation.suggested_grade)
    if request.method == "POST":
        if accreditation.status != AccreditationStatus.VISITED:
            messages.error(request, _("This accreditation is already decided."))
            return redirect("accreditation:decision", pk=pk)
        if form.is_valid():
            try:
                services.decide(request.user, accreditation, form.cleaned_data["grade"], form.cleaned_data["reason"], request=request)
            except (services.AccreditationError, ValidationError, TransitionError) as error:
                form.add_error(None, message_of(error))
            else:
                messages.success(request, _("Decided: %(grade)s.") % {"grade": accreditation.get_grade_display()})
                return redirect("accreditation:decision", pk=pk)
    visitation = Visitation.objects.filter(accreditation=accreditation).first()
    team, groups = services.reconciliation_rows(visitation) if visitation else ([], [])
    context = {
        "accreditation": accreditation,
        "institution": accreditation.institution,
        "form": form,
        "result": accreditation.result,
        "grades": accreditation.snapshot.get("grades", []),
        "team": team,
        "groups": groups,
        "actions": [t.name for t in Accreditation.workflow.available(accreditation, request.user)],
        "timeline": timeline_rows(accreditation),
    }
    return render(request, "accreditation/decision.html", context)


@login_required
@require_POST
def certify(request, pk):
    accreditation = staff_accreditation(request, pk)
    try:
        perform(accreditation, "certify", request.user, request=request)
    except TransitionError as error:
        messages.error(request, str(error))
    else:
        accreditation.refresh_from_db()
        messages.success(
            request, _("Certificate %(number)s issued.") % {"number": accreditation.credential.number}
        )
    return redirect("accreditation:decision", pk=pk)
