"""The staff's session pages (secretariat, LSP admins; assessors see the list): the list, creating and
editing a session, its overview, its exam components and assessors, bulk allocation of seats, and a
booking cancelled or given another assessor by the staff."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.core.http import errors_as_messages

from .. import queries, services
from ..forms import AllocateForm, AssessorsForm, ComponentsForm, ExamSessionForm, StaffCancelForm
from ..models import ExamSession
from .common import STAFF_ROLES, id_or_404, managed_bookings, managed_session, posted, require_role


@login_required
def session_list(request):
    require_role(request, *STAFF_ROLES)
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
    form = ExamSessionForm(posted(request), office=office)
    if request.method == "POST" and form.is_valid():
        session = form.save(commit=False)
        session.regional_office = office
        try:
            services.save_session(request.user, session, request=request)
        except services.ExamError as error:
            form.add_error("tuk", str(error))
        else:
            messages.success(request, _("The session is created. Check its components and choose its assessors."))
            return redirect(session)
    return render(request, "exams/session_form.html", {"form": form, "office": office})


@login_required
def session_edit(request, pk):
    session = managed_session(request, pk)
    form = ExamSessionForm(posted(request), instance=session, office=session.regional_office)
    if request.method == "POST" and form.is_valid():
        with_changes = form.changed_data
        try:
            session = services.save_session(request.user, form.save(commit=False), changed=with_changes, request=request)
        except services.ExamError as error:
            form.add_error("tuk", str(error))
            return render(
                request, "exams/session_form.html", {"form": form, "office": session.regional_office, "session": session}
            )
        told = services.notify_session_change(request.user, session, with_changes)
        if told:
            messages.info(request, _("%(count)s candidates were told about the change.") % {"count": told})
        if "capacity" in with_changes:
            with transaction.atomic():
                locked = ExamSession.objects.select_for_update().get(pk=session.pk)
                services.promote_waitlist(locked)
        messages.success(request, _("Saved."))
        return redirect(session)
    return render(
        request, "exams/session_form.html", {"form": form, "office": session.regional_office, "session": session}
    )


@login_required
def session_detail(request, pk):
    """The secretariat's view of a session: seat map, attendance, scoring progress, waitlist."""
    session = managed_session(request, pk)
    return render(request, "exams/session_detail.html", queries.session_overview(session))


@login_required
def components(request, pk):
    session = managed_session(request, pk, exam_only=True)
    items = list(session.components.prefetch_related("parts"))
    locked = services.scoring_started(session)
    form = ComponentsForm(posted(request), components=items)
    if locked:
        for field in form.fields.values():
            field.disabled = True
    if request.method == "POST" and not locked and form.is_valid():
        with errors_as_messages(request, services.ExamError):
            services.save_components(request.user, session, form.values(), request=request)
            messages.success(request, _("Weights saved."))
            return redirect(session)
    return render(request, "exams/components.html", {"session": session, "form": form, "locked": locked})


@login_required
def assessors(request, pk):
    session = managed_session(request, pk, exam_only=True)
    form = AssessorsForm(posted(request), session=session)
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
    session = managed_session(request, pk)
    queryset = services.allocatable_applications(session)
    form = AllocateForm(posted(request), queryset=queryset)
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
def staff_cancel(request, pk):
    booking = get_object_or_404(managed_bookings(request.user).select_related("session"), pk=pk)
    form = StaffCancelForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors["reason"]))
        return redirect(booking.session)
    with errors_as_messages(request, services.ExamError):
        services.cancel_booking(request.user, booking, reason=form.cleaned_data["reason"], request=request)
        messages.success(request, _("The booking is cancelled."))
    return redirect(booking.session)


@login_required
@require_POST
def reassign(request, pk):
    booking = get_object_or_404(
        managed_bookings(request.user).select_related("session", "application__applicant"), pk=pk
    )
    chosen = request.POST.get("assessor")
    profile = booking.session.assessors.filter(pk=id_or_404(chosen)).first() if chosen else None
    with errors_as_messages(request, services.ExamError):
        services.reassign(request.user, booking, profile, request=request)
        messages.success(request, _("Assessor changed."))
    return redirect(booking.session)
