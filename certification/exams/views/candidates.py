"""The candidate's pages: the exam page, choosing and booking a session (or its waitlist, or moving a
seat), the booking with its admission card and calendar file, and cancelling it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from certification.models import Application
from portal.core.http import errors_as_messages
from portal.workflow.history import timeline_rows

from .. import cards, ics, queries, services
from ..forms import CancelForm
from ..models import ExamBooking, ExamSession, SessionKind
from ..workflows import EXAM_ACTIONS
from .common import id_or_404, managed_bookings


@login_required
def mine(request):
    """The candidate's exam page: per application, the booking, the card, the result, what to do next."""
    return render(request, "exams/mine.html", {"rows": queries.candidate_rows(request.user)})


def _own_application(request, pk):
    return get_object_or_404(
        Application.objects.filter(applicant=request.user).select_related("round", "round__scheme", "route"), pk=pk
    )


@login_required
def choose(request, pk):
    """Sessions the candidate may book (or move to), with free seats and the waitlist."""
    application = _own_application(request, pk)
    kind = request.GET.get("kind", SessionKind.EXAM)
    if kind not in SessionKind.values:
        raise Http404
    moving = None
    if request.GET.get("move"):
        moving = get_object_or_404(
            ExamBooking.objects.confirmed().filter(application=application, kind=kind).select_related("session"),
            pk=id_or_404(request.GET["move"]),
        )
    sessions = queries.with_seats(services.bookable_sessions(application, kind)).select_related(
        "province", "scheme", "regional_office"
    )
    current = services.live_booking(application, kind)
    problem = None
    if moving is None:
        if current is not None and current.is_confirmed:
            problem = _("You already have a seat. Use “Change session” on your booking to move.")
        else:
            problem = services.application_problem(application, kind)
    return render(
        request,
        "exams/choose.html",
        {
            "application": application,
            "kind": kind,
            "kind_label": SessionKind(kind).label,
            "sessions": sessions,
            "current": current,
            "moving": moving,
            "problem": problem,
        },
    )


@login_required
@require_POST
def book(request, pk):
    """Book a seat, join the waitlist (waitlist=1) or move a seat here (move=<booking>)."""
    session = get_object_or_404(ExamSession.objects.published(), pk=pk)
    application = _own_application(request, id_or_404(request.POST.get("application")))
    back = reverse("exams:choose", args=[application.pk]) + f"?kind={session.kind}"
    try:
        if request.POST.get("move"):
            old = get_object_or_404(
                ExamBooking.objects.filter(application=application), pk=id_or_404(request.POST["move"])
            )
            booking = services.rebook(request.user, old, session, request=request)
            _tell(request, booking, _("Your seat was moved. A new admission card is ready."),
                  already=_("Your seat was already moved to this session."))
        elif request.POST.get("waitlist"):
            booking = services.join_waitlist(request.user, application, session, request=request)
            _tell(
                request, booking,
                _("You are number %(position)s on the waitlist. You will be told at once if a seat frees up.")
                % {"position": services.waitlist_position(booking)},
                already=_("You are already on the waitlist of this session.") if booking.is_waitlisted
                else _("You already have a seat in this session."),
            )
        else:
            booking = services.book_seat(request.user, application, session, request=request)
            _tell(request, booking, _("Your seat is booked. Download your admission card below."),
                  already=_("You already have a seat in this session."))
    except services.SessionFull as error:
        messages.warning(request, str(error))
        return redirect(back + f"&full={session.pk}")
    except services.ExamError as error:
        messages.error(request, str(error))
        return redirect(back)
    return redirect(booking)


def _tell(request, booking, done, *, already):
    """What a booking request did; asked again for what was there already (a double click): said
    plainly, not as an error, on the same page the first request led to."""
    if getattr(booking, "already", False):
        messages.info(request, already)
    else:
        messages.success(request, done)


def _own_booking(request, pk):
    return get_object_or_404(
        ExamBooking.objects.of_candidate(request.user).select_related(
            "session", "session__province", "session__scheme", "session__regional_office", "application",
            "application__round", "application__route",
        ),
        pk=pk,
    )


@login_required
def booking(request, pk):
    booking = _own_booking(request, pk)
    session = booking.session
    events = timeline_rows(booking.application, actions=EXAM_ACTIONS)
    return render(
        request,
        "exams/booking.html",
        {
            "booking": booking,
            "session": session,
            "position": services.waitlist_position(booking),
            "can_change": booking.is_live and not booking.attendance and session.before_cutoff,
            "form": CancelForm(),
            "timeline": events,
            "outcome": services.outcome_of(booking) if booking.result else None,
        },
    )


@login_required
def card(request, pk):
    """The admission card: the candidate's own, or any of a session the user runs."""
    visible = managed_bookings(request.user) | ExamBooking.objects.of_candidate(request.user)
    booking = get_object_or_404(visible.select_related("session", "application"), pk=pk)
    if not booking.is_confirmed:
        raise Http404
    booking = cards.ensure_card(booking.pk) if not cards.is_current(booking) else booking
    response = FileResponse(booking.card.open("rb"), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="kartu-peserta-{booking.code.lower()}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def calendar(request, pk):
    booking = _own_booking(request, pk)
    if not booking.is_confirmed:
        raise Http404
    response = HttpResponse(ics.calendar_for(booking), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{ics.filename(booking)}"'
    return response


@login_required
@require_POST
def cancel(request, pk):
    booking = _own_booking(request, pk)
    form = CancelForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    with errors_as_messages(request, services.ExamError):
        booking = services.cancel_booking(request.user, booking, reason=reason, request=request)
        _tell(request, booking, _("Your booking is cancelled."), already=_("This booking is already cancelled."))
        return redirect("exams:mine")
    return redirect(booking)
