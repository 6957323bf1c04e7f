"""The exams' part of the data-subject export: the person's seats (exam and mentoring sessions),
attendance and, once the plenary decided, the result and feedback they are shown."""

from django.utils.translation import gettext_lazy as _

from portal.privacy.exporters import Section, iso

from .models import ExamBooking


def _mine(user):
    return ExamBooking.objects.filter(application__applicant=user)


def bookings(user):
    rows = _mine(user).select_related("session", "application").order_by("created_at")
    return [
        {
            "application": b.application.reference,
            "session": b.session.display_title,
            "starts_at": iso(b.session.starts_at),
            "status": b.get_status_display(),
            "seat": b.seat,
            "booked_at": iso(b.created_at),
            "cancelled_at": iso(b.cancelled_at),
            "cancel_reason": b.cancel_reason,
            "attendance": b.get_attendance_display(),
            "checked_in_at": iso(b.checked_in_at),
            # What the candidate is shown once the plenary decided, not before.
            "result": b.get_result_display() if b.result else None,
            "total": float(b.total) if b.result and b.total is not None else None,
            "feedback": b.feedback if b.result else "",
            "decided_at": iso(b.decided_at) if b.result else None,
        }
        for b in rows
    ]


SECTIONS = [
    Section(
        key="exam_bookings", title=_("Competency exams and mentoring sessions"), export=bookings, order=40,
        records=lambda user: [_mine(user)], owner="application__applicant",
        accesses={"exams.bnsp_export": _("Exported the BNSP spreadsheet of a session (with NIK)")},
        actions={
            "exams.booking_cancel": _("Cancelled your seat"),
            "exams.waitlist_join": _("Put you on the waiting list"),
            "exams.waitlist_leave": _("Took you off the waiting list"),
            "exams.waitlist_drop": _("Took you off the waiting list: you could no longer take the seat"),
            "exams.briefing_booked": _("Booked your mentoring seat"),
            "exams.briefing_check_in": _("Recorded your attendance at the mentoring session"),
            "exams.briefing_absent": _("Recorded you as absent from the mentoring session"),
            "exams.scores": _("Recorded your exam scores"),
            "exams.test_scores": _("Recorded the scores of your computer-based test"),
            "exams.reassign": _("Assigned the assessor of your exam"),
        },
        labels={
            "application": _("application"), "session": _("session"), "starts_at": _("starts"), "status": _("status"),
            "seat": _("seat"), "booked_at": _("booked"), "cancelled_at": _("cancelled"), "cancel_reason": _("reason"),
            "attendance": _("attendance"), "checked_in_at": _("checked in"), "result": _("result"), "total": _("total"),
            "feedback": _("feedback"), "decided_at": _("decided"),
        },
    ),
]
