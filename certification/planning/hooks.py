"""How planning plugs in: navigation, dashboard panels, next steps on the candidate's application, the
check-in guard and exam-day notes (`certification.exams.extensions`), the printed records
(`certification.extensions.RecordForm`), demo data."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from certification import extensions
from certification.hooks import MENU
from certification.models import Application
from portal.core.dashboard import Panel
from portal.core.navigation import NavLink
from portal.core.next_steps import NextStep

from . import queries, services, views
from .models import Party


def nav_links(user):
    if user.is_assessor or user.is_secretariat:
        return [NavLink(_("Assessment plans"), reverse("planning:index"), order=26, menu=MENU)]
    if user.is_lsp_admin:
        return [
            NavLink(_("Assessment plans"), reverse("planning:index"), order=26, menu=MENU),
            NavLink(_("Default assessment plans"), reverse("planning:defaults"), order=27, menu=MENU),
        ]
    return []


def _upcoming(bookings):
    return bookings.filter(status="confirmed", attendance="", session__attendance_closed_at__isnull=True,
                           session__ends_at__gt=timezone.now())


def next_steps(user, obj):
    """The candidate's next step before the exam: confirm the agreement (FR.AK.01) once the plan is in."""
    if not isinstance(obj, Application) or obj.applicant_id != user.pk:
        return []
    booking = _upcoming(queries.visible_bookings(user).filter(application=obj)).order_by("session__starts_at").first()
    if booking is None or services.plan_of(booking) is None:
        return []
    if Party.CANDIDATE in services.confirmations(booking):
        return []
    return [NextStep(
        _("Confirm the assessment agreement"), reverse("planning:agreement", args=[booking.pk]),
        note=_("Without your confirmation (FR.AK.01) you cannot be checked in on the exam day."), order=5,
    )]


def panels(user):
    if user.is_applicant:
        bookings = _upcoming(queries.visible_bookings(user).filter(application__applicant=user))
        waiting = bookings.filter(assessment_plan__isnull=False).exclude(agreement_confirmations__party=Party.CANDIDATE).first()
        if waiting is not None:
            return [Panel(
                title=_("Assessment agreement (FR.AK.01)"),
                body=_("Your assessor recorded the assessment plan. Read it and confirm the agreement before the exam."),
                url=reverse("planning:agreement", args=[waiting.pk]), link_label=_("Confirm the agreement"),
                tone="warning", order=10,
            )]
        return []
    if user.is_assessor:
        bookings = _upcoming(queries.visible_bookings(user).filter(assessor__user=user))
        to_plan = bookings.filter(assessment_plan__isnull=True).count()
        to_confirm = bookings.filter(assessment_plan__isnull=False).exclude(agreement_confirmations__party=Party.ASSESSOR).count()
        if to_plan or to_confirm:
            parts = []
            if to_plan:
                parts.append(ngettext("%(n)s candidate without an assessment plan", "%(n)s candidates without an assessment plan", to_plan) % {"n": to_plan})
            if to_confirm:
                parts.append(ngettext("%(n)s agreement to confirm", "%(n)s agreements to confirm", to_confirm) % {"n": to_confirm})
            return [Panel(title=_("Assessment plans (FR.MAPA.01)"), body="; ".join(parts) + ".",
                          url=reverse("planning:index"), link_label=_("Open the plans"), tone="warning", order=12)]
    return []


def agreement_guard(booking):
    return services.agreement_refusal(booking)


def agree_for_demo(booking):
    """Demo data: the plan from the scheme's default and both confirmations, as assessor and candidate would."""
    services.agree_as_planned(booking)


def booking_notes(bookings):
    return services.booking_notes(bookings)


def seed_demo(users, options, log):
    from .demo import seed

    seed(users, options, log)


#: The plan, the agreement and the adjustments of the latest exam seat, on the candidate's status page.
STATUS_SECTION = extensions.FileSection(
    template="planning/includes/status_card.html", context=views.status_context, places=("status",),
)

RECORDS = [
    extensions.RecordForm(
        code="FR.MAPA.01", title=gettext_lazy("Planning the assessment activities and process"), order=30,
        template="planning/pdf/mapa01.html", context=views.mapa01_context,
    ),
    extensions.RecordForm(
        code="FR.AK.01", title=gettext_lazy("Assessment agreement and confidentiality"), order=40,
        template="planning/pdf/ak01.html", context=views.ak01_context,
    ),
    extensions.RecordForm(
        code="FR.AK.07", title=gettext_lazy("Checklist of reasonable and justified adjustments"), order=45,
        template="planning/pdf/ak07.html", context=views.ak07_context,
    ),
]
