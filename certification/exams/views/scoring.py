"""The assessors' pages of an exam session: their candidates with the scoring progress, and the score
form of one candidate (saved by the page's script as JSON, or as a plain form)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from portal.core.http import errors_as_messages, wants_json

from .. import queries, services
from ..forms import ScoreForm
from ..models import ExamSession
from .common import id_or_404, posted


def _assessed(request, pk):
    session = get_object_or_404(
        ExamSession.objects.assessed_by(request.user).select_related("province", "scheme", "regional_office"), pk=pk
    )
    if not session.is_exam:
        raise Http404
    return session


@login_required
def scoring(request, pk):
    """The assessor's list of candidates with their progress; their own candidates first."""
    session = _assessed(request, pk)
    profile = services.assessor_profile(request.user, session)
    return render(request, "exams/scoring.html", queries.scoring_overview(session, profile))


@login_required
def score(request, pk, booking_pk):
    session = _assessed(request, pk)
    booking = get_object_or_404(
        session.bookings.confirmed()
        .filter(attendance="present")
        .select_related("session", "application", "application__route", "application__applicant", "assessor__user"),
        pk=booking_pk,
    )
    if not services.may_score(request.user, booking):
        messages.error(request, _("You have a conflict of interest with this candidate; another assessor scores them."))
        return redirect("exams:scoring", pk=session.pk)
    components = services.applicable_components(list(session.components.prefetch_related("parts")), booking.application)
    scores = {s.part_id: s.value for s in booking.scores.all()}
    form = ScoreForm(
        posted(request), components=components, scores=scores, note=booking.assessor_note, disabled=bool(booking.result)
    )
    if request.method == "POST" and not booking.result:
        if form.is_valid():
            with errors_as_messages(request, services.ExamError):
                booking, result = services.save_scores(
                    request.user, booking, form.values(), form.cleaned_data.get("note"), request=request
                )
                if wants_json(request):
                    total = str(result.total) if result.total is not None else None
                    return JsonResponse({"ok": True, "total": total, "complete": result.complete})
                messages.success(request, _("Scores saved.") if result.complete else _("Saved; some scores are still empty."))
                next_pk = request.POST.get("next")
                if next_pk:
                    return redirect("exams:score", pk=session.pk, booking_pk=id_or_404(next_pk))
                return redirect("exams:scoring", pk=session.pk)
        elif wants_json(request):
            return JsonResponse({"ok": False, "errors": {k: [str(e) for e in v] for k, v in form.errors.items()}}, status=400)
    neighbours = queries.next_for_assessor(session, booking, request.user)
    return render(
        request,
        "exams/score.html",
        {
            "session": session,
            "booking": booking,
            "form": form,
            "outcome": services.outcome_of(booking, list(session.components.prefetch_related("parts"))),
            "next_booking": neighbours,
        },
    )
