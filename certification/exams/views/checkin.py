"""Exam day, for the staff who run the session: the printable attendance list, check-in on a phone
(the admission card's QR code or its typed code) and closing attendance."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.core.http import errors_as_messages, wants_json

from .. import queries, services
from ..forms import CheckInForm
from .common import managed_session, posted


@login_required
def attendance_list(request, pk):
    """Printable attendance list (print CSS)."""
    session = managed_session(request, pk)
    bookings = queries.with_notes(queries.seated(session))
    return render(request, "exams/attendance_list.html", {"session": session, "bookings": bookings})


@login_required
def check_in(request, pk):
    """Check-in on the day, on a phone: scan the card's QR code (camera) or type its code."""
    session = managed_session(request, pk)
    form = CheckInForm(posted(request), initial={"code": request.GET.get("code", "")})
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
def close_attendance(request, pk):
    session = managed_session(request, pk)
    with errors_as_messages(request, services.ExamError):
        count = services.close_attendance(request.user, session, request=request)
        messages.success(request, _("Attendance closed; %(count)s candidates marked as not attended.") % {"count": count})
    return redirect(session)
