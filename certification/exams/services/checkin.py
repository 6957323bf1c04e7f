"""Exam day: check-in and attendance."""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.audit.services import record
from portal.notifications.services import notify
from portal.workflow.engine import perform

from ..models import (
    Attendance,
    BookingStatus,
    ExamBooking,
    normalise_code,
)
from .. import extensions
from .booking import close_booking
from .common import ExamError, local, lock_session, manages


# ---- admission cards ----------------------------------------------------------------------------------
# ---- check-in and attendance -------------------------------------------------------------------------
@dataclass
class CheckIn:
    outcome: str  # ok, already, unknown, other_session, cancelled, waitlisted, absent, not_today, refused
    message: str
    booking: ExamBooking | None = None

    @property
    def ok(self):
        return self.outcome == "ok"


def check_in(actor, session, code, *, request=None):
    """Mark the card's holder present. Idempotent: a second scan answers "already checked in"."""
    if not manages(actor, session):
        raise PermissionDenied
    code = normalise_code(code)
    if not code:
        raise ExamError(_("Enter the code printed on the admission card."))
    with transaction.atomic():
        booking = (
            ExamBooking.objects.select_for_update(of=("self",))
            .select_related("session", "application", "application__applicant")
            .filter(code=code)
            .first()
        )
        if booking is None:
            return CheckIn("unknown", _("No admission card has the code %(code)s. Check it and try again.") % {"code": code})
        name = booking.application.applicant.get_full_name()
        if booking.session_id != session.pk:
            return CheckIn(
                "other_session",
                _("%(name)s's card is for another session: %(session)s, %(date)s.")
                % {"name": name, "session": booking.session, "date": local(booking.session.starts_at)},
                booking,
            )
        if booking.status == BookingStatus.CANCELLED:
            return CheckIn("cancelled", _("%(name)s's booking was cancelled.") % {"name": name}, booking)
        if booking.status == BookingStatus.WAITLISTED:
            return CheckIn("waitlisted", _("%(name)s is on the waitlist and has no seat.") % {"name": name}, booking)
        if booking.attendance == Attendance.PRESENT:
            return CheckIn(
                "already",
                _("%(name)s is already checked in (at %(time)s, seat %(seat)s).")
                % {"name": name, "time": local(booking.checked_in_at, "TIME_FORMAT"), "seat": booking.seat},
                booking,
            )
        if booking.attendance == Attendance.ABSENT or session.attendance_closed_at:
            return CheckIn("absent", _("Attendance is closed; %(name)s was marked as not attended.") % {"name": name}, booking)
        if not session.is_check_in_day:
            return CheckIn(
                "not_today",
                _("Check-in opens on the day of the session (%(date)s).") % {"date": local(session.starts_at, "DATE_FORMAT")},
                booking,
            )
        if session.is_exam:
            refusal = extensions.check_in_refusal(booking)  # e.g. the assessment agreement (FR.AK.01) not confirmed
            if refusal:
                return CheckIn("refused", refusal, booking)
        booking.attendance = Attendance.PRESENT
        booking.checked_in_at = timezone.now()
        booking.checked_in_by = actor
        booking.save(update_fields=["attendance", "checked_in_at", "checked_in_by"])
        if session.is_exam:
            perform(booking.application, "check_in", actor, request=request, context={"booking": booking})
            extensions.checked_in(booking)
        else:
            record(actor, "exams.briefing_check_in", booking, request=request)
    return CheckIn(
        "ok", _("Checked in: %(name)s, seat %(seat)s.") % {"name": name, "seat": booking.seat}, booking
    )


def close_attendance(actor, session, *, request=None):
    """After the session: everyone with a seat who did not check in is marked as not attended; the
    waitlist is closed. Returns how many were marked absent."""
    if not manages(actor, session):
        raise PermissionDenied
    with transaction.atomic():
        session = lock_session(session.pk)
        if session.attendance_closed_at:
            raise ExamError(_("Attendance is already closed."))
        if not session.has_started:
            raise ExamError(_("Attendance can be closed once the session has started."))
        absent = list(
            session.bookings.confirmed().filter(attendance="").select_related("application", "application__applicant")
        )
        for booking in absent:
            booking.attendance = Attendance.ABSENT
            booking.save(update_fields=["attendance"])
            if session.is_exam:
                perform(booking.application, "mark_no_show", actor, request=request, context={"booking": booking})
            else:
                record(actor, "exams.briefing_absent", booking, request=request)
        for booking in session.bookings.waitlisted().select_related("application__applicant"):
            close_booking(booking, actor, _("The session took place without a free seat."))
            notify(booking.application.applicant, "exams/waitlist_dropped",
                   {"booking": booking, "reason": booking.cancel_reason}, url=reverse("exams:mine"))
        session.attendance_closed_at = timezone.now()
        session.save(update_fields=["attendance_closed_at", "updated_at"])
        record(actor, "exams.attendance_closed", session, after={"absent": len(absent)}, request=request)
    return len(absent)
