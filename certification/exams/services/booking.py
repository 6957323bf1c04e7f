"""Booking: who may book which session, seats, the waitlist, cancellation and rebooking (the session row locked)."""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from certification.choices import ApplicationStatus
from certification.models import Application
from portal.audit.services import record
from portal.core.tasks import send_after_commit
from portal.notifications.services import notify
from portal.workflow.engine import TransitionError, perform

from ..emails import queue_exam_email
from ..models import (
    Attendance,
    BookingStatus,
    ExamBooking,
    ExamPolicy,
    ExamSession,
    SessionKind,
)
from .common import (
    BRIEFING_BOOKABLE,
    CARD_TASK,
    EXAM_BOOKABLE,
    ExamError,
    SessionFull,
    local,
    lock_session,
    manages,
)
from .sessions import assign_assessor


# ---- rules of booking --------------------------------------------------------------------------------
def attempts_used(application):
    """Exam sittings that count against the round's attempts: attended or missed."""
    return ExamBooking.objects.filter(
        application=application, kind=SessionKind.EXAM, attendance__in=[Attendance.PRESENT, Attendance.ABSENT]
    ).count()


def rebooking_problem(application):
    """Why the application may not book (again) now under its round's exam rules, or None."""
    policy = ExamPolicy.for_round(application.round)
    if application.status == ApplicationStatus.NO_SHOW and not policy.rebook_after_no_show:
        return _("The rules of this round do not allow booking again after a missed exam.")
    if application.status == ApplicationStatus.NOT_YET_COMPETENT and not policy.rebook_after_not_yet_competent:
        return _("The rules of this round do not allow another exam after Belum Kompeten.")
    if attempts_used(application) >= policy.max_attempts:
        return _("All %(count)s exam attempts allowed in this round have been used.") % {"count": policy.max_attempts}
    return None


def region_allowed(application, session):
    if session.regional_office_id == application.regional_office_id:
        return True
    return ExamPolicy.for_round(application.round).allow_other_regions


def session_problem(application, session, *, staff=False):
    """Why `application` cannot take a place in `session` now (translated), or None. Staff may still
    book until the session starts; candidates until the cut-off."""
    if session.scheme_id != application.round.scheme_id:
        return _("This session is for another certification scheme.")
    if session.round_id and session.round_id != application.round_id:
        return _("This session is reserved for another round.")
    if not session.is_published and not staff:
        return _("This session is not open for booking.")
    if session.attendance_closed_at or session.has_started:
        return _("This session has already taken place.")
    if not staff and not session.before_cutoff:
        return _("Booking for this session closed on %(date)s.") % {"date": local(session.cutoff_at)}
    if not region_allowed(application, session):
        return _("This session belongs to another regional office; the rules of your round do not allow booking there.")
    return application_problem(application, session.kind)


def application_problem(application, kind):
    """Why the application cannot book a session of `kind` at all now (translated), or None."""
    if kind == SessionKind.EXAM:
        if application.status not in EXAM_BOOKABLE:
            return _("Only candidates recommended for the competency exam can book it (status now: %(status)s).") % {
                "status": application.get_status_display()
            }
        return rebooking_problem(application)
    if application.status not in BRIEFING_BOOKABLE:
        return _("A technical briefing can be booked once the application is eligible (status now: %(status)s).") % {
            "status": application.get_status_display()
        }
    return None


def can_act_for(actor, application, session):
    """The candidate themself, or staff running the session (their own region's candidates, or
    others when the round allows it — `session_problem` checks that)."""
    return application.applicant_id == actor.pk or manages(actor, session)


def bookable_sessions(application, kind=SessionKind.EXAM):
    """Sessions the candidate may choose from: published, upcoming, of the scheme (and of the round,
    when reserved), of their regional office (or any, when the round allows)."""
    sessions = ExamSession.objects.published().filter(
        kind=kind,
        scheme_id=application.round.scheme_id,
        starts_at__gt=timezone.now(),
        attendance_closed_at__isnull=True,
    )
    sessions = sessions.filter(Q(round__isnull=True) | Q(round_id=application.round_id))
    if not ExamPolicy.for_round(application.round).allow_other_regions:
        sessions = sessions.filter(regional_office_id=application.regional_office_id)
    return sessions


def live_booking(application, kind):
    return ExamBooking.objects.live().filter(application=application, kind=kind).select_related("session").first()


# ---- booking -------------------------------------------------------------------------------------
def _free_seat(session):
    taken = set(session.bookings.confirmed().values_list("seat", flat=True))
    if len(taken) >= session.capacity:
        return None
    return next(seat for seat in range(1, session.capacity + 1) if seat not in taken)


def book_seat(actor, application, session, *, waitlist=False, request=None):
    """Take a seat in `session` for `application` (the candidate, or staff allocating). When the
    session is full, raise `SessionFull`; with `waitlist=True` join its waitlist instead.
    Capacity holds under concurrency: the session's row is locked while seats are counted."""
    with transaction.atomic():
        session = lock_session(session.pk)
        application = Application.objects.select_related("round", "applicant").get(pk=application.pk)
        booking = _book_locked(actor, application, session, waitlist=waitlist, request=request)
    return booking


def _book_locked(actor, application, session, *, waitlist, request, replacing=None):
    staff = manages(actor, session)
    if not can_act_for(actor, application, session):
        raise PermissionDenied
    existing = (
        ExamBooking.objects.live()
        .filter(application=application, kind=session.kind)
        .exclude(pk=getattr(replacing, "pk", None))
        .select_for_update()
        .first()
    )
    if existing is not None and existing.session_id == session.pk and (existing.is_confirmed or waitlist):
        # Asked again for what the application already has (a double click, a second tab): that
        # booking, unchanged, marked `already` for the caller's message.
        return _already(existing)
    problem = session_problem(application, session, staff=staff)
    if problem:
        raise ExamError(problem)
    seat = _free_seat(session)
    if existing is not None and existing.session_id == session.pk:
        if existing.is_waitlisted and seat is not None:
            # A seat is free (after the cut-off nobody is promoted automatically): take it.
            existing.status = BookingStatus.CONFIRMED
            existing.seat = seat
            existing.confirmed_at = timezone.now()
            existing.save(update_fields=["status", "seat", "confirmed_at"])
            _confirm(existing, actor, request=request)
            return existing
        raise ExamError(
            _("You already have a seat in this session.") if existing.is_confirmed else _("You are already on the waitlist of this session.")
        )
    if existing is not None and existing.is_confirmed:
        raise ExamError(_("You already have a seat in another session. Use “Change session” to move."))
    if seat is None:
        if not waitlist:
            raise SessionFull(session)
        if existing is not None:
            raise ExamError(_("You are already on the waitlist of another session. Leave it first."))
        booking = _create(application, session, actor, status=BookingStatus.WAITLISTED)
        record(actor, "exams.waitlist_join", booking, after={"session": session.pk}, request=request)
        notify(
            application.applicant,
            "exams/waitlisted",
            {"booking": booking, "session": session, "position": waitlist_position(booking)},
            url=booking.get_absolute_url(),
        )
        return booking
    if existing is not None:  # a waitlist place elsewhere gives way to a seat here
        close_booking(existing, actor, _("Booked a seat in another session."))
        record(actor, "exams.waitlist_leave", existing, note=existing.cancel_reason, request=request)
    booking = _create(application, session, actor, status=BookingStatus.CONFIRMED, seat=seat)
    _confirm(booking, actor, request=request)
    return booking


def _already(booking):
    """A booking the request asked for that was there already (nothing was changed)."""
    booking.already = True
    return booking


def _create(application, session, actor, *, status, seat=None):
    try:
        with transaction.atomic():
            return ExamBooking.objects.create(
                session=session,
                application=application,
                kind=session.kind,
                status=status,
                seat=seat,
                booked_by=actor if getattr(actor, "is_authenticated", False) else None,
                confirmed_at=timezone.now() if status == BookingStatus.CONFIRMED else None,
            )
    except IntegrityError as error:
        if "exam_booking_one_per_seat" in str(error):  # the seat constraint backs the session lock up
            raise ExamError(_("This seat was just taken. Please try again.")) from None
        # the same candidate booked in another tab a moment ago
        raise ExamError(_("You already have a booking of this type. Reload the page to see it.")) from None


def _confirm(booking, actor, *, request=None, promoted=False):
    """A seat was taken: move the application on, assign an assessor, tell the candidate (in-app,
    and by email with the .ics file), render the admission card after the commit."""
    session = booking.session
    application = booking.application
    if session.is_exam:
        try:
            perform(application, "book_exam", actor, request=request, context={"booking": booking})
        except TransitionError as error:
            raise ExamError(str(error)) from None
        assign_assessor(booking)
    else:
        record(actor, "exams.briefing_booked", booking, after={"session": session.pk, "seat": booking.seat}, request=request)
    template = "exams/promoted" if promoted else "exams/confirmation"
    notify(
        application.applicant, template, {"booking": booking, "session": session}, url=booking.get_absolute_url(), email=False
    )
    queue_exam_email(booking, "confirmation")
    send_after_commit(CARD_TASK, booking.pk)


def close_booking(booking, actor, reason):
    booking.status = BookingStatus.CANCELLED
    booking.seat = None
    booking.cancelled_at = timezone.now()
    booking.cancelled_by = actor if getattr(actor, "is_authenticated", False) else None
    booking.cancel_reason = (reason or "")[:300]
    booking.save(update_fields=["status", "seat", "cancelled_at", "cancelled_by", "cancel_reason"])


def waitlist_position(booking):
    if not booking.is_waitlisted:
        return None
    return (
        ExamBooking.objects.waitlisted()
        .filter(session_id=booking.session_id)
        .filter(created_at__lt=booking.created_at)
        .count()
        + 1
    )


def join_waitlist(actor, application, session, *, request=None):
    return book_seat(actor, application, session, waitlist=True, request=request)


def cancel_booking(actor, booking, *, reason="", request=None):
    """Give up a seat (or a waitlist place). Candidates until the session's cut-off, staff until it
    starts. The first on the waitlist gets the seat."""
    reason = (reason or "").strip()
    with transaction.atomic():
        session = lock_session(booking.session_id)
        booking = ExamBooking.objects.select_for_update().select_related("application", "application__applicant").get(pk=booking.pk)
        staff = manages(actor, session)
        if not staff and booking.application.applicant_id != actor.pk:
            raise PermissionDenied
        if booking.status == BookingStatus.CANCELLED:
            return _already(booking)  # cancelled a moment ago (a double click, a second tab)
        _check_cancellable(booking, session, staff)
        was_confirmed = booking.is_confirmed
        close_booking(booking, actor, reason)
        if was_confirmed and session.is_exam:
            try:
                perform(booking.application, "cancel_exam_booking", actor, note=reason, request=request,
                        context={"booking": booking})
            except TransitionError as error:
                raise ExamError(str(error)) from None
        else:
            record(actor, "exams.booking_cancel", booking, before={"status": "confirmed" if was_confirmed else "waitlisted"},
                   after={"status": "cancelled"}, note=reason, request=request)
            notify(booking.application.applicant, "exams/booking_cancelled",
                   {"booking": booking, "object": booking.application, "note": reason}, url=reverse("exams:mine"))
        if was_confirmed:
            promote_waitlist(session)
    return booking


def _check_cancellable(booking, session, staff):
    if not booking.is_live:
        raise ExamError(_("This booking is already cancelled."))
    if booking.attendance:
        raise ExamError(_("Attendance has been recorded; the booking can no longer be changed."))
    if session.has_started:
        raise ExamError(_("The session has started; the booking can no longer be changed."))
    if not staff and not session.before_cutoff:
        raise ExamError(
            _("Changes closed on %(date)s, %(hours)s hours before the session. Please contact the secretariat of %(office)s.")
            % {"date": local(session.cutoff_at), "hours": session.cancel_cutoff_hours, "office": session.regional_office.name}
        )


def rebook(actor, booking, new_session, *, request=None):
    """Move a seat to another session in one step: if the other session is full, nothing changes."""
    if new_session.pk == booking.session_id:
        raise ExamError(_("You already have a seat in this session."))
    with transaction.atomic():
        first, second = sorted([booking.session_id, new_session.pk])
        locked = {first: lock_session(first), second: lock_session(second)}
        old_session, new_session = locked[booking.session_id], locked[new_session.pk]
        booking = ExamBooking.objects.select_for_update().select_related("application", "application__round", "application__applicant").get(pk=booking.pk)
        staff = manages(actor, old_session)
        if not staff and booking.application.applicant_id != actor.pk:
            raise PermissionDenied
        if not booking.is_confirmed:
            moved = ExamBooking.objects.confirmed().filter(
                application=booking.application, kind=booking.kind, session=new_session, created_at__gte=booking.created_at
            ).first()
            if moved is not None:
                return _already(moved)  # moved here a moment ago (a double click, a second tab)
            raise ExamError(_("Only a booked seat can be moved."))
        _check_cancellable(booking, old_session, staff)
        if _free_seat(new_session) is None:
            raise SessionFull(new_session)
        close_booking(booking, actor, _("Moved to another session."))
        application = booking.application
        if old_session.is_exam:
            try:
                perform(application, "cancel_exam_booking", actor, note=_("Moved to another session."), request=request,
                        context={"booking": booking})
            except TransitionError as error:
                raise ExamError(str(error)) from None
            application.refresh_from_db()
        new_booking = _book_locked(actor, application, new_session, waitlist=False, request=request, replacing=booking)
        promote_waitlist(old_session)
    return new_booking


def promote_waitlist(session):
    """Give free seats to the waitlist, first come first served (the session's row is locked by the
    caller). Only before the cut-off: later, a seat is too short notice for a long journey — the
    secretariat can still allocate it by hand. Returns the promoted bookings."""
    promoted = []
    if not session.before_cutoff or session.attendance_closed_at:
        return promoted
    while True:
        seat = _free_seat(session)
        if seat is None:
            break
        candidate = (
            ExamBooking.objects.waitlisted()
            .filter(session=session)
            .select_for_update()
            .order_by("created_at", "id")
            .first()
        )
        if candidate is None:
            break
        candidate = ExamBooking.objects.select_related("application", "application__round", "application__applicant", "session").get(pk=candidate.pk)
        problem = session_problem(candidate.application, session, staff=True)
        try:
            if problem:
                raise ExamError(problem)
            with transaction.atomic():
                candidate.status = BookingStatus.CONFIRMED
                candidate.seat = seat
                candidate.confirmed_at = timezone.now()
                candidate.save(update_fields=["status", "seat", "confirmed_at"])
                _confirm(candidate, None, promoted=True)
        except ExamError as error:
            candidate.refresh_from_db()
            close_booking(candidate, None, str(error))
            record(None, "exams.waitlist_drop", candidate, note=str(error))
            notify(candidate.application.applicant, "exams/waitlist_dropped", {"booking": candidate, "reason": str(error)},
                   url=reverse("exams:mine"))
            continue
        promoted.append(candidate)
    return promoted


@dataclass
class AllocationReport:
    booked: list
    refused: list  # (application, reason)


def allocate(actor, session, applications, *, request=None):
    """Bulk allocation by the secretariat: seats in order until the session is full; every refusal
    comes back with its reason."""
    if not manages(actor, session):
        raise PermissionDenied
    report = AllocationReport([], [])
    for application in applications:
        try:
            report.booked.append(book_seat(actor, application, session, request=request))
        except ExamError as error:
            report.refused.append((application, str(error)))
    return report


def allocatable_applications(session):
    """Applications the secretariat may allocate to the session: of its scheme (and round), in a
    bookable status, with no live booking of the session's type, oldest recommendation first."""
    statuses = EXAM_BOOKABLE if session.is_exam else BRIEFING_BOOKABLE
    apps = Application.objects.filter(round__scheme_id=session.scheme_id, status__in=statuses)
    if session.round_id:
        apps = apps.filter(round_id=session.round_id)
    same_region = Q(regional_office_id=session.regional_office_id)
    other_allowed = Q(round__exam_policy__allow_other_regions=True)
    apps = apps.filter(same_region | other_allowed)
    live = ExamBooking.objects.live().filter(application=OuterRef("pk"), kind=session.kind)
    return apps.exclude(Exists(live)).select_related("applicant", "round", "province").order_by("updated_at", "id")


#: Session facts whose change the candidates are told about (the card is rendered again on download).
NOTIFIED_FIELDS = {"starts_at", "ends_at", "province", "venue_name", "venue_address", "map_url", "mode", "meeting_url"}


def notify_session_change(actor, session, changed):
    """Tell everyone with a seat or a waitlist place that the time or place changed; their admission
    cards are rendered again. Returns how many were told."""
    if not NOTIFIED_FIELDS & set(changed):
        return 0
    told = 0
    with transaction.atomic():
        for booking in session.bookings.live().select_related("application__applicant"):
            notify(booking.application.applicant, "exams/session_changed", {"booking": booking, "session": session},
                   url=booking.get_absolute_url())
            if booking.is_confirmed:
                send_after_commit(CARD_TASK, booking.pk)
            told += 1
    return told
