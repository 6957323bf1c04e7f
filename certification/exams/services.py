"""Business rules of the exam stage. Views and tasks call these; application states change only
through `portal.workflow.engine.perform`, always while the session's row is locked.

Lock order, everywhere: session row(s) (by primary key) → booking row → application row (in `perform`).
"""

import logging
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from certification.models import Application
from certification.workflows import ApplicationStatus
from portal.audit.services import record
from portal.core.tasks import send_after_commit
from portal.notifications.services import notify
from portal.workflow.engine import TransitionError, perform

from . import scoring
from .emails import queue_exam_email
from .models import (
    Attendance,
    BookingStatus,
    ComponentPart,
    ExamBooking,
    ExamComponent,
    ExamPolicy,
    ExamScore,
    ExamSession,
    PartKind,
    Result,
    SessionKind,
    normalise_code,
)

CARD_TASK = "certification.exams.tasks.render_admission_card"

logger = logging.getLogger(__name__)

EXAM_BOOKABLE = (ApplicationStatus.ASSESSED_PROCEED, ApplicationStatus.NO_SHOW, ApplicationStatus.NOT_YET_COMPETENT)
BRIEFING_BOOKABLE = (ApplicationStatus.ELIGIBLE, ApplicationStatus.IN_ASSESSMENT, ApplicationStatus.ASSESSED_PROCEED, ApplicationStatus.EXAM_BOOKED)


class ExamError(Exception):
    """A refusal with a translated, user-facing message."""


class SessionFull(ExamError):
    """No seat is left; the candidate may join the waitlist."""

    def __init__(self, session):
        self.session = session
        super().__init__(
            _("This session is full. You can join its waitlist: when someone cancels, the first on the waitlist gets the seat automatically.")
        )


def local(dt, fmt="DATETIME_FORMAT"):
    return date_format(timezone.localtime(dt), fmt)


# ---- who may do what -----------------------------------------------------------------------------
def manages(user, session):
    """The secretariat of the session's regional office, or an LSP admin."""
    if user is None or not user.is_authenticated:
        return False
    if user.role == "lsp_admin":
        return True
    return user.role == "secretariat" and user.regional_office_id == session.regional_office_id


def assessor_profile(user, session):
    """The user's assessor profile when they assess this session, else None."""
    if user is None or not user.is_authenticated or user.role != "assessor":
        return None
    return session.assessors.filter(user=user, is_active=True).first()


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
def _lock_session(session_id):
    return ExamSession.objects.select_for_update().select_related("province", "scheme").get(pk=session_id)


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
        session = _lock_session(session.pk)
        application = Application.objects.select_related("round", "applicant").get(pk=application.pk)
        booking = _book_locked(actor, application, session, waitlist=waitlist, request=request)
    return booking


def _book_locked(actor, application, session, *, waitlist, request, replacing=None):
    staff = manages(actor, session)
    if not can_act_for(actor, application, session):
        raise PermissionDenied
    problem = session_problem(application, session, staff=staff)
    if problem:
        raise ExamError(problem)
    existing = (
        ExamBooking.objects.live()
        .filter(application=application, kind=session.kind)
        .exclude(pk=getattr(replacing, "pk", None))
        .select_for_update()
        .first()
    )
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
        _close(existing, actor, _("Booked a seat in another session."))
        record(actor, "exams.waitlist_leave", existing, note=existing.cancel_reason, request=request)
    booking = _create(application, session, actor, status=BookingStatus.CONFIRMED, seat=seat)
    _confirm(booking, actor, request=request)
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


def _close(booking, actor, reason):
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
        session = _lock_session(booking.session_id)
        booking = ExamBooking.objects.select_for_update().select_related("application", "application__applicant").get(pk=booking.pk)
        staff = manages(actor, session)
        if not staff and booking.application.applicant_id != actor.pk:
            raise PermissionDenied
        _check_cancellable(booking, session, staff)
        was_confirmed = booking.is_confirmed
        _close(booking, actor, reason)
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
        locked = {first: _lock_session(first), second: _lock_session(second)}
        old_session, new_session = locked[booking.session_id], locked[new_session.pk]
        booking = ExamBooking.objects.select_for_update().select_related("application", "application__round", "application__applicant").get(pk=booking.pk)
        staff = manages(actor, old_session)
        if not staff and booking.application.applicant_id != actor.pk:
            raise PermissionDenied
        if not booking.is_confirmed:
            raise ExamError(_("Only a booked seat can be moved."))
        _check_cancellable(booking, old_session, staff)
        if _free_seat(new_session) is None:
            raise SessionFull(new_session)
        _close(booking, actor, _("Moved to another session."))
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
            _close(candidate, None, str(error))
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


# ---- assessors ---------------------------------------------------------------------------------------
def set_assessors(actor, session, profiles, *, request=None):
    """Choose the session's assessors; candidates are then distributed among them (no conflicts)."""
    if not manages(actor, session):
        raise PermissionDenied
    profiles = list(profiles)
    with transaction.atomic():
        session = _lock_session(session.pk)
        before = sorted(session.assessors.values_list("pk", flat=True))
        session.assessors.set(profiles)
        removed = ExamBooking.objects.filter(session=session, assessor__isnull=False).exclude(assessor__in=profiles)
        removed.update(assessor=None)
        record(actor, "exams.assessors", session, before={"assessors": before},
               after={"assessors": sorted(p.pk for p in profiles)}, request=request)
        unassigned = session.bookings.confirmed().filter(assessor__isnull=True).select_related("application__applicant")
        for booking in unassigned:
            assign_assessor(booking)
    return session


def assign_assessor(booking):
    """Give the booking to the session's assessor with the fewest candidates who has no conflict of
    interest with the candidate (`AssessorProfile.conflicts_with`). None when every one conflicts."""
    from registry.models import ConflictFacts

    session = booking.session
    candidate = ConflictFacts.of(booking.application.applicant)  # read once for every assessor
    profiles = (
        session.assessors.filter(is_active=True)
        .select_related("user")
        .annotate(load=Count("exam_bookings", filter=Q(exam_bookings__session=session, exam_bookings__status="confirmed")))
        .order_by("load", "pk")
    )
    for profile in profiles:
        if not profile.conflicts_with(candidate):
            booking.assessor = profile
            booking.save(update_fields=["assessor"])
            return profile
    return None


def reassign(actor, booking, profile, *, request=None):
    """The secretariat gives a candidate to another assessor of the session (never a conflicting one)."""
    if not manages(actor, booking.session):
        raise PermissionDenied
    if profile is not None:
        if not booking.session.assessors.filter(pk=profile.pk).exists():
            raise ExamError(_("Choose one of the session's assessors."))
        if profile.conflicts_with(booking.application.applicant):
            raise ExamError(_("%(assessor)s has a conflict of interest with this candidate.") % {"assessor": profile})
    before = booking.assessor_id
    booking.assessor = profile
    booking.save(update_fields=["assessor"])
    record(actor, "exams.reassign", booking, before={"assessor": before}, after={"assessor": getattr(profile, "pk", None)}, request=request)
    return booking


# ---- components -------------------------------------------------------------------------------------
def default_components(session):
    """The exam components of the session's scheme (the union of its active routes'), with the
    default weights; the cognitive test split into knowledge, values and skills."""
    if not session.is_exam:
        return []
    kinds = []
    for route in session.scheme.routes.filter(is_active=True).order_by("id"):
        for kind in route.components:
            if kind not in kinds:
                kinds.append(kind)
    weights = settings.EXAM_COMPONENT_WEIGHTS
    order = ["portfolio", "cognitive", "practical", "interview", "practice_evidence"]
    kinds.sort(key=lambda k: order.index(k) if k in order else len(order))
    return [(kind, Decimal(weights.get(kind, 20))) for kind in kinds]


def create_default_components(session):
    for index, (kind, weight) in enumerate(default_components(session)):
        component = ExamComponent.objects.create(session=session, kind=kind, weight=weight, order=index)
        if kind == "cognitive":
            for part_index, (part, part_weight) in enumerate(settings.EXAM_COGNITIVE_PARTS.items()):
                ComponentPart.objects.create(component=component, kind=part, weight=Decimal(part_weight), order=part_index)
        else:
            ComponentPart.objects.create(component=component, kind=PartKind.SCORE, weight=Decimal(100))


def scoring_started(session):
    return ExamScore.objects.filter(booking__session=session, value__isnull=False).exists()


def save_components(actor, session, rows, *, request=None):
    """`rows`: {component: {"weight", "min_score", "parts": {part: weight}}}. Locked once scoring starts."""
    if not manages(actor, session):
        raise PermissionDenied
    with transaction.atomic():
        session = _lock_session(session.pk)
        if scoring_started(session):
            raise ExamError(_("Scoring has started; the weights can no longer be changed."))
        before, after = {}, {}
        for component, values in rows.items():
            before[component.kind] = {"weight": str(component.weight), "min_score": str(component.min_score)}
            component.weight = values["weight"]
            component.min_score = values["min_score"]
            component.save(update_fields=["weight", "min_score"])
            after[component.kind] = {"weight": str(component.weight), "min_score": str(component.min_score)}
            for part, weight in values.get("parts", {}).items():
                part.weight = weight
                part.save(update_fields=["weight"])
                after[component.kind][part.kind] = str(weight)
        record(actor, "exams.components", session, before=before, after=after, request=request)


# ---- admission cards ----------------------------------------------------------------------------------
# ---- check-in and attendance -------------------------------------------------------------------------
@dataclass
class CheckIn:
    outcome: str  # ok, already, unknown, other_session, cancelled, waitlisted, absent, not_today
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
        booking.attendance = Attendance.PRESENT
        booking.checked_in_at = timezone.now()
        booking.checked_in_by = actor
        booking.save(update_fields=["attendance", "checked_in_at", "checked_in_by"])
        if session.is_exam:
            perform(booking.application, "check_in", actor, request=request, context={"booking": booking})
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
        session = _lock_session(session.pk)
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
            _close(booking, actor, _("The session took place without a free seat."))
            notify(booking.application.applicant, "exams/waitlist_dropped",
                   {"booking": booking, "reason": booking.cancel_reason}, url=reverse("exams:mine"))
        session.attendance_closed_at = timezone.now()
        session.save(update_fields=["attendance_closed_at", "updated_at"])
        record(actor, "exams.attendance_closed", session, after={"absent": len(absent)}, request=request)
    return len(absent)


# ---- scores ---------------------------------------------------------------------------------------------
def applicable_components(session_components, application):
    """The session's components that the candidate's route includes (all, when the route lists none)."""
    route_components = set(application.route.components or [])
    if not route_components:
        return list(session_components)
    return [c for c in session_components if c.kind in route_components]


def outcome_of(booking, components=None, scores=None):
    """The computed result of one candidate. `components` (with parts) and `scores` ({part_id:
    value}) may be given to avoid queries on list pages."""
    if components is None:
        components = list(booking.session.components.prefetch_related("parts"))
    if scores is None:
        scores = {s.part_id: s.value for s in booking.scores.all()}
    applicable = applicable_components(components, booking.application)
    return scoring.outcome(
        [
            (c.kind, c.weight, c.min_score, [(p.weight, scores.get(p.pk)) for p in c.parts.all()])
            for c in applicable
        ],
        booking.session.pass_mark,
    )


def may_score(user, booking):
    """An assessor of the session without a conflict of interest with the candidate, before the plenary."""
    profile = assessor_profile(user, booking.session)
    if profile is None:
        return False
    return not profile.conflicts_with(booking.application.applicant)


def save_scores(actor, booking, values, note=None, *, request=None):
    """Save what the assessor entered (partial saves: an empty field stays empty). `values`:
    {part_id: Decimal or None}. Recomputes the total; audits the changed values."""
    with transaction.atomic():
        booking = (
            ExamBooking.objects.select_for_update(of=("self",))
            .select_related("session", "session__province", "application", "application__route", "application__applicant")
            .get(pk=booking.pk)
        )
        session = booking.session
        if not session.is_exam:
            raise ExamError(_("A technical briefing has no scores."))
        if not may_score(actor, booking):
            raise PermissionDenied
        if booking.attendance != Attendance.PRESENT:
            raise ExamError(_("Only candidates who attended can be scored."))
        if booking.result:
            raise ExamError(_("The plenary has decided; the scores can no longer be changed."))
        components = list(session.components.prefetch_related("parts"))
        allowed = {p.pk: p for c in applicable_components(components, booking.application) for p in c.parts.all()}
        existing = {s.part_id: s for s in booking.scores.all()}
        changed = {}
        for part_id, value in values.items():
            if part_id not in allowed:
                continue
            if value is not None and not (Decimal(0) <= value <= Decimal(100)):
                raise ExamError(_("Scores are from 0 to 100."))
            score = existing.get(part_id)
            if score is None:
                if value is None:
                    continue
                ExamScore.objects.create(booking=booking, part_id=part_id, value=value, scored_by=actor)
            elif score.value != value:
                score.value = value
                score.scored_by = actor
                score.save(update_fields=["value", "scored_by", "updated_at"])
            else:
                continue
            changed[str(allowed[part_id])] = None if value is None else str(value)
        fields = []
        if note is not None and note.strip() != booking.assessor_note:
            booking.assessor_note = note.strip()
            fields.append("assessor_note")
        result = outcome_of(booking, components)
        booking.total = result.total
        booking.scores_complete = result.complete
        booking.save(update_fields=["total", "scores_complete", *fields])
        if changed or fields:
            record(actor, "exams.scores", booking, after=changed or None, note=booking.assessor_note if fields else "", request=request)
    return booking, result


# ---- plenary ------------------------------------------------------------------------------------------
@dataclass
class Decision:
    booking: ExamBooking
    result: str
    reason: str = ""
    feedback: str = ""


@dataclass
class PlenaryReport:
    competent: int
    not_yet_competent: int
    batch: object = None


def decision_problem(decision, outcome):
    """A reason is required where the decision differs from the computed suggestion (or where no
    suggestion exists because a score is missing)."""
    if decision.result not in (Result.COMPETENT, Result.NOT_YET_COMPETENT):
        return _("Choose Kompeten or Belum Kompeten.")
    if decision.result != outcome.suggestion and not decision.reason.strip():
        if outcome.suggestion is None:
            return _("Some scores are missing: give the reason for this decision.")
        return _("The decision differs from the computed suggestion: give the reason.")
    return None


def hold_plenary(actor, session, decisions, *, request=None):
    """The LSP admin decides *Kompeten* / *Belum Kompeten* for the session's candidates in one go:
    one workflow transition (one audit event, one notification) per candidate. Certificates for
    the *Kompeten* are issued in one background batch (`portal.credentials`)."""
    if getattr(actor, "role", None) != "lsp_admin":
        raise PermissionDenied
    with transaction.atomic():
        session = _lock_session(session.pk)
        if not session.is_exam:
            raise ExamError(_("A technical briefing has no plenary."))
        if not session.attendance_closed_at:
            raise ExamError(_("Close the attendance first: every candidate must be present or marked absent."))
        components = list(session.components.prefetch_related("parts"))
        ids = [d.booking.pk for d in decisions]
        locked = {
            b.pk: b
            for b in ExamBooking.objects.select_for_update(of=("self",))
            .filter(pk__in=ids, session=session)
            .select_related("application", "application__route", "application__round", "application__applicant", "session")
            .prefetch_related("scores")
        }
        problems = {}
        for decision in decisions:
            booking = locked.get(decision.booking.pk)
            if booking is None or booking.attendance != Attendance.PRESENT:
                problems[decision.booking.pk] = _("This candidate did not attend this session.")
                continue
            if booking.result:
                problems[decision.booking.pk] = _("Already decided.")
                continue
            problem = decision_problem(decision, outcome_of(booking, components))
            if problem:
                problems[decision.booking.pk] = problem
        if problems:
            raise PlenaryProblems(problems)
        report = PlenaryReport(0, 0)
        competent = []
        now = timezone.now()
        for decision in decisions:
            booking = locked[decision.booking.pk]
            booking.result = decision.result
            booking.result_reason = decision.reason.strip()
            booking.feedback = decision.feedback.strip()
            booking.decided_by = actor
            booking.decided_at = now
            booking.save(update_fields=["result", "result_reason", "feedback", "decided_by", "decided_at"])
            transition = "declare_competent" if decision.result == Result.COMPETENT else "declare_not_yet_competent"
            perform(
                booking.application, transition, actor, note=booking.result_reason, request=request,
                context={"booking": booking, "feedback": booking.feedback},
            )
            if decision.result == Result.COMPETENT:
                report.competent += 1
                competent.append(booking)
            else:
                report.not_yet_competent += 1
        undecided = session.bookings.filter(attendance=Attendance.PRESENT, result="").exists()
        if not undecided:
            session.plenary_at = now
            session.save(update_fields=["plenary_at", "updated_at"])
        record(actor, "exams.plenary", session,
               after={"competent": report.competent, "not_yet_competent": report.not_yet_competent}, request=request)
        if competent:
            report.batch = issue_certificates(actor, session, competent, request=request)
    return report


class PlenaryProblems(ExamError):
    def __init__(self, problems):
        self.problems = problems
        super().__init__(_("Some decisions need attention; see the marked rows."))


def credential_item(application):
    """The arguments of `portal.credentials.services.issue_credential` for a *Kompeten* application."""
    from registry.models import WorkerProfile

    profile = WorkerProfile.objects.filter(user_id=application.applicant_id).only("full_name").first()
    scheme = application.round.scheme
    return {
        "source": f"certification.application:{application.pk}",
        "holder": application.applicant,
        "holder_name": (profile.full_name if profile and profile.full_name else application.applicant.get_full_name()),
        "subject": scheme.name,
        "subject_code": scheme.credential_code,
        "issuer": "LSP Kemensos",
        "province": application.province,
    }


def issue_certificates(actor, session, bookings, *, request=None):
    """One background batch for the plenary's *Kompeten* candidates; each certificate is idempotent
    on its application, so a retry never issues twice."""
    from portal.credentials.models import Credential
    from portal.credentials.services import start_bulk_issuance

    items = [credential_item(b.application) for b in bookings]
    return start_bulk_issuance(
        kind=Credential.Kind.WORKER_CERTIFICATE,
        items=items,
        actor=actor,
        title=_("Plenary of %(session)s") % {"session": session},
        request=request,
    )


def issue_missing_certificates(limit=200):
    """A safety net run by beat: a *Kompeten* application without its certificate (a batch lost to
    a broker outage) gets it now. Returns how many were issued."""
    from django.db.models import CharField, Value
    from django.db.models.functions import Cast, Concat

    from portal.credentials.models import Credential
    from portal.credentials.services import issue_credential

    source = Concat(Value("certification.application:"), Cast("pk", CharField()), output_field=CharField())
    missing = (
        Application.objects.filter(status=ApplicationStatus.COMPETENT)
        .annotate(source=source)
        .exclude(Exists(Credential.objects.filter(kind=Credential.Kind.WORKER_CERTIFICATE, source=OuterRef("source"))))
        .select_related("applicant", "round__scheme", "province")
        .order_by("pk")[:limit]
    )
    count = 0
    for application in missing:
        decided = application.exam_bookings.filter(result=Result.COMPETENT).select_related("decided_by").order_by("-decided_at").first()
        issue_credential(
            kind=Credential.Kind.WORKER_CERTIFICATE, actor=decided.decided_by if decided else None, **credential_item(application)
        )
        count += 1
    return count


def on_competent(application, actor):
    """Effect of *Kompeten*: the registry shows the worker as certified."""
    from registry.models import WorkerProfile

    WorkerProfile.objects.filter(user_id=application.applicant_id).update(certification_status="certified")
