"""Pages of the exam stage. Candidates under /exams/, staff and assessors under /secretariat/exams/.
Every view starts from a queryset scoped to the user; what the user may not see answers 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from certification.models import Application, Round
from portal.core.http import wants_json
from portal.core.inputs import parse_id
from portal.workflow.history import timeline

from . import cards, ics, queries, services
from .forms import (
    AllocateForm,
    AssessorsForm,
    CancelForm,
    CheckInForm,
    ComponentsForm,
    ExamPolicyForm,
    ExamSessionForm,
    PlenaryForm,
    ScoreForm,
    StaffCancelForm,
)
from .models import ExamBooking, ExamPolicy, ExamSession, SessionKind
from .workflows import EXAM_ACTIONS


def _int(value):
    """A primary key from the query string or a form, or 404 (never a 500 on garbage)."""
    number = parse_id(value)
    if number is None:
        raise Http404
    return number


def _posted(request):
    """The submitted data, or None for a GET (an empty POST is still a submission)."""
    return request.POST if request.method == "POST" else None


# ==== candidates ==================================================================================
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
            pk=_int(request.GET["move"]),
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
    application = _own_application(request, _int(request.POST.get("application")))
    back = reverse("exams:choose", args=[application.pk]) + f"?kind={session.kind}"
    try:
        if request.POST.get("move"):
            old = get_object_or_404(ExamBooking.objects.filter(application=application), pk=_int(request.POST["move"]))
            booking = services.rebook(request.user, old, session, request=request)
            messages.success(request, _("Your seat was moved. A new admission card is ready."))
        elif request.POST.get("waitlist"):
            booking = services.join_waitlist(request.user, application, session, request=request)
            messages.success(
                request,
                _("You are number %(position)s on the waitlist. You will be told at once if a seat frees up.")
                % {"position": services.waitlist_position(booking)},
            )
        else:
            booking = services.book_seat(request.user, application, session, request=request)
            messages.success(request, _("Your seat is booked. Download your admission card below."))
    except services.SessionFull as error:
        messages.warning(request, str(error))
        return redirect(back + f"&full={session.pk}")
    except services.ExamError as error:
        messages.error(request, str(error))
        return redirect(back)
    return redirect(booking)


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
    labels = {f"application.{t.name}": t.label for t in Application.workflow.transitions}
    events = [(e, labels.get(e.action, e.action)) for e in timeline(booking.application) if e.action in EXAM_ACTIONS]
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


def _card_response(booking):
    if not booking.is_confirmed:
        raise Http404
    booking = cards.ensure_card(booking.pk) if not cards.is_current(booking) else booking
    response = FileResponse(booking.card.open("rb"), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="kartu-peserta-{booking.code.lower()}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def card(request, pk):
    """The admission card: the candidate's own, or any of a session the user runs."""
    visible = ExamBooking.objects.filter(session__in=ExamSession.objects.managed_by(request.user)) | ExamBooking.objects.of_candidate(request.user)
    return _card_response(get_object_or_404(visible.select_related("session", "application"), pk=pk))


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
    try:
        services.cancel_booking(request.user, booking, reason=reason, request=request)
    except services.ExamError as error:
        messages.error(request, str(error))
        return redirect(booking)
    messages.success(request, _("Your booking is cancelled."))
    return redirect("exams:mine")


# ==== staff: sessions ==============================================================================
def _staff_required(request):
    if not request.user.is_authenticated or request.user.role not in ("secretariat", "lsp_admin", "assessor"):
        raise Http404


def _managed(request, pk, queryset=None):
    return get_object_or_404(
        (queryset or ExamSession.objects).managed_by(request.user).select_related(
            "province", "scheme", "regional_office", "round"
        ),
        pk=pk,
    )


@login_required
def session_list(request):
    _staff_required(request)
    sessions = queries.with_seats(ExamSession.objects.staff_visible(request.user)).select_related(
        "province", "scheme", "regional_office"
    )
    show = request.GET.get("show", "upcoming")
    sessions = queries.filter_period(sessions, show)
    return render(
        request,
        "exams/session_list.html",
        {"sessions": sessions[:200], "show": show, "can_create": request.user.is_secretariat},
    )


@login_required
def session_create(request):
    if not request.user.is_secretariat or not request.user.regional_office_id:
        raise Http404
    office = request.user.regional_office
    form = ExamSessionForm(_posted(request), office=office)
    if request.method == "POST" and form.is_valid():
        session = form.save(commit=False)
        session.regional_office = office
        session.created_by = request.user
        session.save()
        services.create_default_components(session)
        from portal.audit.services import record

        record(request.user, "exams.session_create", session, after={"starts_at": session.starts_at.isoformat(), "capacity": session.capacity}, request=request)
        messages.success(request, _("The session is created. Check its components and choose its assessors."))
        return redirect(session)
    return render(request, "exams/session_form.html", {"form": form, "office": office})


@login_required
def session_edit(request, pk):
    session = _managed(request, pk)
    form = ExamSessionForm(_posted(request), instance=session, office=session.regional_office)
    if request.method == "POST" and form.is_valid():
        with_changes = form.changed_data
        session = form.save()
        from portal.audit.services import record

        record(request.user, "exams.session_edit", session, after={"changed": with_changes}, request=request)
        told = services.notify_session_change(request.user, session, with_changes)
        if told:
            messages.info(request, _("%(count)s candidates were told about the change.") % {"count": told})
        if "capacity" in with_changes:
            from django.db import transaction

            with transaction.atomic():
                locked = ExamSession.objects.select_for_update().get(pk=session.pk)
                services.promote_waitlist(locked)
        messages.success(request, _("Saved."))
        return redirect(session)
    return render(request, "exams/session_form.html", {"form": form, "office": session.regional_office, "session": session})


@login_required
def session_detail(request, pk):
    """The secretariat's view of a session: seat map, attendance, scoring progress, waitlist."""
    session = _managed(request, pk)
    return render(request, "exams/session_detail.html", queries.session_overview(session))


@login_required
def attendance_list(request, pk):
    """Printable attendance list (print CSS)."""
    session = _managed(request, pk)
    bookings = queries.seated(session)
    return render(request, "exams/attendance_list.html", {"session": session, "bookings": bookings})


@login_required
def components(request, pk):
    session = _managed(request, pk)
    if not session.is_exam:
        raise Http404
    items = list(session.components.prefetch_related("parts"))
    locked = services.scoring_started(session)
    form = ComponentsForm(_posted(request), components=items)
    if locked:
        for field in form.fields.values():
            field.disabled = True
    if request.method == "POST" and not locked and form.is_valid():
        try:
            services.save_components(request.user, session, form.values(), request=request)
        except services.ExamError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Weights saved."))
            return redirect(session)
    return render(request, "exams/components.html", {"session": session, "form": form, "locked": locked})


@login_required
def assessors(request, pk):
    session = _managed(request, pk)
    if not session.is_exam:
        raise Http404
    form = AssessorsForm(_posted(request), session=session)
    if request.method == "POST" and form.is_valid():
        services.set_assessors(request.user, session, form.cleaned_data["assessors"], request=request)
        unassigned = session.bookings.confirmed().filter(assessor__isnull=True).count()
        if unassigned and form.cleaned_data["assessors"]:
            messages.warning(
                request,
                _("%(count)s candidates have no assessor: every chosen assessor has a conflict of interest with them. Add another assessor.")
                % {"count": unassigned},
            )
        else:
            messages.success(request, _("Assessors saved; candidates are shared among them."))
        return redirect(session)
    return render(request, "exams/assessors.html", {"session": session, "form": form})


@login_required
def allocate(request, pk):
    """Bulk allocation: pick candidates (oldest recommendation first) and give them seats."""
    session = _managed(request, pk)
    queryset = services.allocatable_applications(session)
    form = AllocateForm(_posted(request), queryset=queryset)
    report = None
    if request.method == "POST" and form.is_valid():
        report = services.allocate(request.user, session, form.cleaned_data["applications"], request=request)
        if report.booked:
            messages.success(request, _("%(count)s candidates have a seat.") % {"count": len(report.booked)})
        if not report.refused:
            return redirect(session)
        form = AllocateForm(queryset=services.allocatable_applications(session))
    free = queries.free_seats(session)
    return render(request, "exams/allocate.html", {"session": session, "form": form, "report": report, "free": free})


@login_required
@require_POST
def close_attendance(request, pk):
    session = _managed(request, pk)
    try:
        count = services.close_attendance(request.user, session, request=request)
    except services.ExamError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Attendance closed; %(count)s candidates marked as not attended.") % {"count": count})
    return redirect(session)


@login_required
def check_in(request, pk):
    """Check-in on the day, on a phone: scan the card's QR code (camera) or type its code."""
    session = _managed(request, pk)
    form = CheckInForm(_posted(request), initial={"code": request.GET.get("code", "")})
    result = None
    if request.method == "POST":
        if form.is_valid():
            try:
                result = services.check_in(request.user, session, form.cleaned_data["code"], request=request)
            except services.ExamError as error:
                form.add_error("code", str(error))
        if wants_json(request):
            if result is None:
                return JsonResponse({"outcome": "invalid", "message": " ".join(form.errors.get("code", []))}, status=400)
            return JsonResponse(queries.check_in_json(result, session))
        if result is not None:
            form = CheckInForm()
    counts = queries.attendance_counts(session)
    return render(
        request,
        "exams/check_in.html",
        {
            "session": session,
            "form": form,
            "result": result,
            "result_data": queries.check_in_json(result, session) if result else None,
            "counts": counts,
        },
    )


@login_required
@require_POST
def staff_cancel(request, pk):
    booking = get_object_or_404(
        ExamBooking.objects.filter(session__in=ExamSession.objects.managed_by(request.user)).select_related("session"), pk=pk
    )
    form = StaffCancelForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors["reason"]))
        return redirect(booking.session)
    try:
        services.cancel_booking(request.user, booking, reason=form.cleaned_data["reason"], request=request)
    except services.ExamError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The booking is cancelled."))
    return redirect(booking.session)


@login_required
@require_POST
def reassign(request, pk):
    booking = get_object_or_404(
        ExamBooking.objects.filter(session__in=ExamSession.objects.managed_by(request.user)).select_related(
            "session", "application__applicant"
        ),
        pk=pk,
    )
    chosen = request.POST.get("assessor")
    profile = booking.session.assessors.filter(pk=_int(chosen)).first() if chosen else None
    try:
        services.reassign(request.user, booking, profile, request=request)
    except services.ExamError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Assessor changed."))
    return redirect(booking.session)


# ==== assessors ====================================================================================
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
        _posted(request), components=components, scores=scores, note=booking.assessor_note, disabled=bool(booking.result)
    )
    if request.method == "POST" and not booking.result:
        if form.is_valid():
            try:
                booking, result = services.save_scores(
                    request.user, booking, form.values(), form.cleaned_data.get("note"), request=request
                )
            except services.ExamError as error:
                messages.error(request, str(error))
            else:
                if wants_json(request):
                    return JsonResponse({"ok": True, "total": str(result.total) if result.total is not None else None,
                                         "complete": result.complete})
                messages.success(request, _("Scores saved.") if result.complete else _("Saved; some scores are still empty."))
                next_pk = request.POST.get("next")
                if next_pk:
                    return redirect("exams:score", pk=session.pk, booking_pk=_int(next_pk))
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


# ==== LSP admin: plenary and round rules ===============================================================
@login_required
def plenary(request, pk):
    if request.user.role != "lsp_admin":
        raise Http404
    session = _managed(request, pk)
    if not session.is_exam:
        raise Http404
    rows = queries.plenary_rows(session)
    undecided = [row for row in rows if not row["booking"].result]
    form = PlenaryForm(_posted(request), rows=undecided)
    report = None
    if request.method == "POST" and form.is_valid():
        try:
            report = services.hold_plenary(request.user, session, form.decisions, request=request)
        except services.PlenaryProblems as error:
            for booking_pk, problem in error.problems.items():
                field = f"reason_{booking_pk}"
                if field in form.fields:
                    form.add_error(field, problem)
                else:
                    messages.error(request, problem)
        except services.ExamError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                _("Plenary recorded: %(competent)s Kompeten, %(not_yet)s Belum Kompeten.")
                % {"competent": report.competent, "not_yet": report.not_yet_competent},
            )
            if report.batch is not None:
                return redirect(report.batch.get_absolute_url())
            return redirect("exams:plenary", pk=session.pk)
    decided = [row for row in rows if row["booking"].result]
    return render(
        request,
        "exams/plenary.html",
        {"session": session, "form": form, "decided": decided, "undecided_count": len(undecided)},
    )


@login_required
def policy(request, round_pk):
    if request.user.role != "lsp_admin":
        raise Http404
    round_ = get_object_or_404(Round, pk=round_pk)
    instance = ExamPolicy.for_round(round_)
    form = ExamPolicyForm(_posted(request), instance=instance)
    if request.method == "POST" and form.is_valid():
        saved = form.save()
        from portal.audit.services import record

        record(request.user, "exams.policy", saved, after=form.cleaned_data, request=request)
        messages.success(request, _("Saved."))
        return redirect("exams:policy", round_pk=round_.pk)
    return render(request, "exams/policy.html", {"round": round_, "form": form})

