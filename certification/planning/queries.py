"""Querysets scoped to the user, before any filtering: a forgotten filter cannot leak a booking."""

from django.db.models import Q

from certification.exams.models import BookingStatus, ExamBooking, ExamSession, SessionKind


def visible_bookings(user):
    """Exam bookings (not cancelled) the user has a part in: their own as candidate, those assigned to them
    as assessor, those of the sessions they run (secretariat of the office, LSP admins)."""
    if not getattr(user, "is_authenticated", False):
        return ExamBooking.objects.none()
    scope = Q(application__applicant=user)
    if user.is_assessor:
        scope |= Q(assessor__user=user)
    if user.is_secretariat or user.is_lsp_admin:
        scope |= Q(session__in=ExamSession.objects.managed_by(user))
    return (
        ExamBooking.objects.filter(scope, kind=SessionKind.EXAM)
        .exclude(status=BookingStatus.CANCELLED)
        .select_related("session", "session__scheme", "session__province", "session__tuk", "application",
                        "application__applicant", "application__route", "application__round__scheme", "assessor__user")
    )


def visible_sessions(user):
    """Exam sessions whose plans the user follows: assessed by them, or run by them."""
    if not getattr(user, "is_authenticated", False):
        return ExamSession.objects.none()
    if user.is_assessor:
        sessions = ExamSession.objects.assessed_by(user)
    else:
        sessions = ExamSession.objects.managed_by(user)
    return sessions.filter(kind=SessionKind.EXAM).select_related("scheme", "province", "tuk", "regional_office")


def latest_booking(application):
    """The application's latest exam booking with a seat (the sitting its records describe), or None."""
    return (
        ExamBooking.objects.filter(application_id=application.pk, kind=SessionKind.EXAM, status=BookingStatus.CONFIRMED)
        .select_related("session", "session__scheme", "session__tuk", "session__province", "assessor__user", "application")
        .order_by("-session__starts_at", "-pk")
        .first()
    )
