"""Queries of the exam pages. Each page runs a fixed number of queries, whatever the number of
bookings (tested): rows come with their relations and scores, counts are made in Python."""


from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from certification import extensions as file_extensions
from certification.choices import ApplicationStatus
from certification.models import Application

from . import extensions, services
from .models import Attendance, BookingStatus, ExamBooking, SessionKind

EXAM_STAGE = (
    ApplicationStatus.ELIGIBLE, ApplicationStatus.IN_ASSESSMENT, ApplicationStatus.ASSESSED_PROCEED, ApplicationStatus.EXAM_BOOKED, ApplicationStatus.EXAM_ATTENDED, ApplicationStatus.NO_SHOW, ApplicationStatus.COMPETENT,
    ApplicationStatus.NOT_YET_COMPETENT,
)


def with_seats(sessions):
    return sessions.annotate(
        booked=Count("bookings", filter=Q(bookings__status=BookingStatus.CONFIRMED)),
        waiting=Count("bookings", filter=Q(bookings__status=BookingStatus.WAITLISTED)),
    )


def filter_period(sessions, show):
    """"upcoming": sessions still ahead or still at work (an exam until its plenary, a briefing
    until its attendance is closed); "past": the others; "all"."""
    now = timezone.now()
    open_ = (
        Q(starts_at__gte=now)
        | Q(kind=SessionKind.EXAM, plenary_at__isnull=True)
        | Q(kind=SessionKind.BRIEFING, attendance_closed_at__isnull=True)
    )
    if show == "past":
        return sessions.exclude(open_).order_by("-starts_at")
    if show == "all":
        return sessions.order_by("-starts_at")
    return sessions.filter(open_).order_by("starts_at")


def free_seats(session):
    return session.capacity - session.bookings.confirmed().count()


# ---- candidates ---------------------------------------------------------------------------------
def candidate_rows(user):
    applications = list(
        Application.objects.filter(applicant=user, status__in=EXAM_STAGE)
        .select_related("round", "round__scheme", "route")
        .order_by("-created_at")
    )
    bookings = list(
        ExamBooking.objects.filter(application__in=applications)
        .select_related("session", "session__province", "session__scheme", "session__regional_office")
        .order_by("-created_at")
    )
    rows = []
    for application in applications:
        mine = [b for b in bookings if b.application_id == application.pk]
        live = {b.kind: b for b in mine if b.is_live}
        exam = live.get(SessionKind.EXAM)
        history = [b for b in mine if b.kind == SessionKind.EXAM and (b.attendance or b.result)]
        exam_problem = None
        can_book_exam = application.status in services.EXAM_BOOKABLE and (exam is None or exam.is_waitlisted)
        if can_book_exam:
            exam_problem = services.rebooking_problem(application)
            can_book_exam = exam_problem is None
        rows.append(
            {
                "application": application,
                "exam": exam,
                "briefing": live.get(SessionKind.BRIEFING),
                "history": history,
                "can_book_exam": can_book_exam,
                "exam_problem": exam_problem,
                "can_book_briefing": application.status in services.BRIEFING_BOOKABLE and SessionKind.BRIEFING not in live,
                "result": next((b for b in history if b.result), None),
            }
        )
    return rows


# ---- the secretariat's session page -------------------------------------------------------------------
def _bookings(session):
    return list(
        session.bookings.exclude(status=BookingStatus.CANCELLED)
        .select_related("application", "application__applicant", "application__route", "application__province", "assessor__user")
        .prefetch_related("scores")
        .order_by("status", "seat", "created_at", "id")
    )


def _scores(booking):
    return {s.part_id: s.value for s in booking.scores.all()}


def session_overview(session):
    components = list(session.components.prefetch_related("parts"))
    bookings = _bookings(session)
    confirmed = [b for b in bookings if b.status == BookingStatus.CONFIRMED]
    waitlist = sorted((b for b in bookings if b.status == BookingStatus.WAITLISTED), key=lambda b: (b.created_at, b.pk))
    by_seat = {b.seat: b for b in confirmed}
    seats = [{"number": n, "booking": by_seat.get(n)} for n in range(1, session.capacity + 1)]
    assessors = list(session.assessors.select_related("user"))
    progress = {a.pk: {"assessor": a, "assigned": 0, "complete": 0} for a in assessors}
    outcomes = {}
    for booking in confirmed:
        if session.is_exam and booking.attendance == Attendance.PRESENT:
            outcomes[booking.pk] = services.outcome_of(booking, components, _scores(booking))
        if booking.assessor_id in progress and booking.attendance != Attendance.ABSENT:
            progress[booking.assessor_id]["assigned"] += 1
            if booking.scores_complete:
                progress[booking.assessor_id]["complete"] += 1
    present = [b for b in confirmed if b.attendance == Attendance.PRESENT]
    counts = {
        "booked": len(confirmed),
        "free": session.capacity - len(confirmed),
        "waitlisted": len(waitlist),
        "present": len(present),
        "absent": sum(1 for b in confirmed if b.attendance == Attendance.ABSENT),
        "expected": sum(1 for b in confirmed if not b.attendance),
        "complete": sum(1 for b in present if b.scores_complete),
        "partial": sum(1 for b in present if not b.scores_complete and b.scores.all() and any(s.value is not None for s in b.scores.all())),
        "decided": sum(1 for b in present if b.result),
        "no_assessor": sum(1 for b in confirmed if b.assessor_id is None and b.attendance != Attendance.ABSENT),
    }
    counts["percent_booked"] = round(100 * counts["booked"] / session.capacity) if session.capacity else 0
    counts["percent_scored"] = round(100 * counts["complete"] / counts["present"]) if counts["present"] else 0
    rows = [
        {
            "booking": b,
            "outcome": outcomes.get(b.pk),
        }
        for b in confirmed
    ]
    return {
        "session": session,
        "components": components,
        "seats": seats,
        "rows": rows,
        "waitlist": waitlist,
        "counts": counts,
        "progress": list(progress.values()),
        "assessors": assessors,
    }


def seated(session):
    return list(
        session.bookings.confirmed()
        .select_related("application", "application__applicant", "application__province")
        .order_by("seat")
    )


def with_notes(bookings):
    """The bookings, each with `notes`: what the other sub-apps say about the candidate for the exam day
    (`extensions.booking_notes`: reasonable adjustments, missing confirmations)."""
    notes = extensions.booking_notes(bookings)
    for booking in bookings:
        booking.notes = notes.get(booking.pk, [])
    return bookings


def attendance_counts(session):
    return session.bookings.confirmed().aggregate(
        booked=Count("pk"),
        present=Count("pk", filter=Q(attendance=Attendance.PRESENT)),
        absent=Count("pk", filter=Q(attendance=Attendance.ABSENT)),
    )


def check_in_json(result, session):
    booking = result.booking
    data = {"outcome": result.outcome, "message": result.message, "counts": attendance_counts(session)}
    if booking is not None and booking.session_id == session.pk:
        from .cards import photo_document

        photo = photo_document(booking)
        data.update(
            {
                "name": booking.application.applicant.get_full_name(),
                "seat": booking.seat,
                "code": booking.display_code,
                "reference": booking.application.reference,
                "photo": reverse("documents:download", args=[photo.pk]) + "?inline=1" if photo else "",
                "notes": extensions.booking_notes([booking]).get(booking.pk, []),
            }
        )
    return data


# ---- assessors ----------------------------------------------------------------------------------------
def scoring_overview(session, profile):
    components = list(session.components.prefetch_related("parts"))
    bookings = [b for b in _bookings(session) if b.status == BookingStatus.CONFIRMED and b.attendance == Attendance.PRESENT]
    rows = []
    for booking in bookings:
        scores = _scores(booking)
        rows.append(
            {
                "booking": booking,
                "outcome": services.outcome_of(booking, components, scores),
                "entered": sum(1 for v in scores.values() if v is not None),
                "mine": profile is not None and booking.assessor_id == profile.pk,
            }
        )
    mine = [r for r in rows if r["mine"]]
    others = [r for r in rows if not r["mine"]]
    return {
        "session": session,
        "mine": mine,
        "others": others,
        "complete": sum(1 for r in mine if r["booking"].scores_complete),
        "profile": profile,
    }


def next_for_assessor(session, booking, user):
    """The next of the assessor's candidates (by seat) whose scores are not complete."""
    return (
        session.bookings.confirmed()
        .filter(attendance=Attendance.PRESENT, assessor__user=user, scores_complete=False, result="")
        .exclude(pk=booking.pk)
        .order_by("seat")
        .values_list("pk", flat=True)
        .first()
    )


# ---- plenary ------------------------------------------------------------------------------------------
def plenary_rows(session):
    components = list(session.components.prefetch_related("parts"))
    rows = []
    for booking in _bookings(session):
        if booking.status != BookingStatus.CONFIRMED or booking.attendance != Attendance.PRESENT:
            continue
        outcome = services.outcome_of(booking, components, _scores(booking))
        scores = dict(outcome.components)
        applicable = {c.kind for c in services.applicable_components(components, booking.application)}
        rows.append(
            {
                "booking": booking,
                "outcome": outcome,
                "cells": [
                    {"component": c, "applies": c.kind in applicable, "score": scores.get(c.kind),
                     "below": c.kind in outcome.below_minimum}
                    for c in components
                ],
                "suggestion": outcome.suggestion,
                "feedback": "",
                "extra": None,
            }
        )
    # Sub-apps that take part (the units of competency: the decision per unit): their summary in the row,
    # their suggestion for the decision.
    extras = file_extensions.plenary_summaries([row["booking"].application for row in rows])
    for row in rows:
        extra = extras.get(row["booking"].application_id)
        if extra is not None:
            rule, summary = extra
            row["extra"] = extra
            row["extra_template"] = rule.template
            row["extra_summary"] = summary
            row["suggestion"] = rule.suggestion(summary)
            row["feedback"] = rule.feedback(summary)
    return rows
