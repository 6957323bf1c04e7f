"""How the exam stage plugs into the kernel: navigation, dashboard panels, demo data (document access: rules.py)."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from certification.choices import ApplicationStatus
from certification.hooks import MENU
from certification.models import Application
from portal.core.dashboard import Panel
from portal.core.navigation import NavLink
from portal.core.next_steps import NextStep

from .models import Attendance, ExamBooking, ExamSession, SessionKind


def nav_links(user):
    if user.is_applicant:
        return [NavLink(_("Exams"), reverse("exams:mine"), "mine", order=22, menu=MENU)]
    if user.is_secretariat or user.is_lsp_admin:
        return [
            NavLink(_("Exam sessions"), reverse("exams:session_list"), "session_list", order=22, menu=MENU),
            NavLink(_("Test sites (TUK)"), reverse("exams:tuk_list"), "tuk_list", order=23, menu=MENU),
        ]
    if user.is_assessor:
        return [NavLink(_("Exam scoring"), reverse("exams:session_list"), "session_list", order=22, menu=MENU)]
    return []


def next_steps(user, obj):
    """The candidate's next step on their application at the exam stage: choose a session, open the
    booking (the admission card), the certificate; the LSP admin's: the plenary of the exam sat."""
    from . import services

    if not isinstance(obj, Application):
        return []
    if obj.applicant_id == user.pk:
        booking = ExamBooking.objects.live().filter(application=obj, kind=SessionKind.EXAM).first()
        if booking is not None:
            return [NextStep(
                _("Open my booking"), booking.get_absolute_url(),
                note=_("Download your admission card and bring it to the exam."), order=10,
            )]
        if obj.status in services.EXAM_BOOKABLE and services.rebooking_problem(obj) is None:
            return [NextStep(
                _("Choose an exam session"), reverse("exams:choose", args=[obj.pk]) + f"?kind={SessionKind.EXAM}",
                note=_("Seats in your provincial capital are limited."), order=10,
            )]
        if obj.status == ApplicationStatus.COMPETENT:
            return [NextStep(_("Open my certificates"), reverse("credentials:mine"), order=10)]
        return []
    if user.is_lsp_admin and obj.status == ApplicationStatus.EXAM_ATTENDED:
        booking = (
            ExamBooking.objects.confirmed()
            .filter(application=obj, kind=SessionKind.EXAM, session__attendance_closed_at__isnull=False, session__plenary_at__isnull=True)
            .select_related("session")
            .first()
        )
        if booking is not None:
            return [NextStep(
                _("Open the plenary"), reverse("exams:plenary", args=[booking.session_id]),
                note=_("The exam results wait for the plenary decision."), order=10,
            )]
    return []


def panels(user):
    if user.is_applicant:
        return _candidate_panels(user)
    if user.is_secretariat:
        return _secretariat_panels(user)
    if user.is_assessor:
        return _assessor_panels(user)
    if user.is_lsp_admin:
        return _plenary_panels(user)
    return []


def _candidate_panels(user):
    from . import services

    booking = (
        ExamBooking.objects.of_candidate(user)
        .live()
        .filter(kind=SessionKind.EXAM, session__starts_at__gt=timezone.now() - timedelta(hours=12))
        .select_related("session", "session__province")
        .order_by("session__starts_at")
        .first()
    )
    if booking is not None:
        session = booking.session
        when = date_format(timezone.localtime(session.starts_at), "DATETIME_FORMAT")
        body = (
            _("%(when)s in %(city)s, seat %(seat)s. Bring your admission card.") % {"when": when, "city": session.city, "seat": booking.seat}
            if booking.is_confirmed
            else _("You are on the waitlist for %(when)s in %(city)s.") % {"when": when, "city": session.city}
        )
        return [Panel(title=_("My competency exam"), body=body, url=booking.get_absolute_url(), link_label=_("Open my booking"), tone="primary", order=11)]
    from certification.models import Application

    waiting = [
        a
        for a in Application.objects.filter(applicant=user, status__in=services.EXAM_BOOKABLE).select_related("round")
        if services.rebooking_problem(a) is None and not ExamBooking.objects.live().filter(application=a, kind=SessionKind.EXAM).exists()
    ]
    if waiting:
        return [
            Panel(
                title=_("My competency exam"),
                body=_("Choose your exam session: seats in your provincial capital are limited."),
                url=reverse("exams:choose", args=[waiting[0].pk]),
                link_label=_("Choose a session"),
                tone="warning",
                order=11,
            )
        ]
    return []


def _secretariat_panels(user):
    now = timezone.now()
    sessions = ExamSession.objects.managed_by(user)
    upcoming = sessions.filter(starts_at__gt=now, starts_at__lte=now + timedelta(days=30)).count()
    to_close = sessions.filter(starts_at__lte=now, attendance_closed_at__isnull=True).count()
    body = ngettext("%(n)s session in the next 30 days.", "%(n)s sessions in the next 30 days.", upcoming) % {"n": upcoming}
    if to_close:
        body += " " + ngettext(
            "%(n)s session waits for its attendance to be closed.", "%(n)s sessions wait for their attendance to be closed.", to_close
        ) % {"n": to_close}
    return [
        Panel(
            title=_("Exam sessions"),
            count=upcoming,
            body=body,
            url=reverse("exams:session_list"),
            link_label=_("Open the sessions"),
            tone="warning" if to_close else "primary",
            order=12,
        )
    ]


def _assessor_panels(user):
    pending = (
        ExamBooking.objects.confirmed()
        .filter(assessor__user=user, attendance=Attendance.PRESENT, scores_complete=False, result="")
        .count()
    )
    if not pending and not ExamSession.objects.assessed_by(user).exists():
        return []
    return [
        Panel(
            title=_("Exam scoring"),
            count=pending,
            body=ngettext("%(n)s candidate waits for your scores.", "%(n)s candidates wait for your scores.", pending) % {"n": pending},
            url=reverse("exams:session_list"),
            link_label=_("Open my sessions"),
            tone="warning" if pending else "success",
            order=12,
        )
    ]


def _plenary_panels(user):
    waiting = ExamSession.objects.filter(kind=SessionKind.EXAM, attendance_closed_at__isnull=False, plenary_at__isnull=True).count()
    return [
        Panel(
            title=_("Plenary decisions"),
            count=waiting,
            body=ngettext("%(n)s exam session waits for its plenary.", "%(n)s exam sessions wait for their plenary.", waiting) % {"n": waiting},
            url=reverse("exams:session_list"),
            link_label=_("Open the sessions"),
            tone="warning" if waiting else "success",
            order=12,
        )
    ]


def seed_demo(users, options, log):
    from .demo import seed

    seed(users, options, log)
