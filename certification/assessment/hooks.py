"""Dashboard panels, navigation and demo data of the assessment stage (document access: rules.py)."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from certification.choices import ApplicationStatus
from certification.hooks import MENU
from certification.models import Application
from portal.core.dashboard import Panel
from portal.core.navigation import NavLink
from portal.core.next_steps import NextStep

from .models import Assignment, Reconciliation, RoundAssessment


def nav_links(user):
    if user.is_assessor:
        return [NavLink(_("My assessments"), reverse("assessment:my_assignments"), order=20, menu=MENU)]
    if user.is_secretariat or user.is_lsp_admin:
        links = [NavLink(_("Assessment"), reverse("assessment:progress"), order=21, menu=MENU)]
        if user.is_lsp_admin:
            links.append(NavLink(_("Reconciliation"), reverse("assessment:reconciliations"), order=22, menu=MENU))
        return links
    return []


def next_steps(user, obj):
    """An application waiting for its assessors (the secretariat assigns them), or for the
    reconciliation of assessors who disagree (the LSP admin)."""
    if not isinstance(obj, Application) or not (user.is_secretariat or user.is_lsp_admin):
        return []
    if not Application.objects.visible_to(user).filter(pk=obj.pk).exists():
        return []
    steps = []
    if obj.status in (ApplicationStatus.ELIGIBLE, ApplicationStatus.IN_ASSESSMENT) and _assessors_missing(obj):
        steps.append(NextStep(
            _("Assign assessors"), reverse("assessment:application", args=[obj.pk]),
            note=_("The portfolio waits for its assessors."), order=10,
        ))
    if user.is_lsp_admin:
        if Reconciliation.objects.filter(application=obj, status=Reconciliation.Status.OPEN).exists():
            steps.append(NextStep(
                _("Reconcile the assessments"), reverse("assessment:reconciliation", args=[obj.pk]),
                note=_("The assessors disagree: the decision is yours."), order=10,
            ))
    return steps


def _assessors_missing(application):
    needed = RoundAssessment.objects.filter(round_id=application.round_id).values_list("assessors_per_application", flat=True).first()
    if needed is None:
        needed = RoundAssessment._meta.get_field("assessors_per_application").default
    active = Assignment.objects.filter(application=application, role=Assignment.Role.ASSESSOR).active().count()
    return active < needed


def panels(user):
    if user.is_assessor:
        waiting = list(
            Assignment.objects.filter(assessor=user).open().select_related("application", "application__round__scheme")[:5]
        )
        count = Assignment.objects.filter(assessor=user).open().count()
        now = timezone.now()
        items = [
            (
                f"{a.application.reference} · {a.application.round.scheme.name}",
                a.get_absolute_url(),
                _("due %(date)s") % {"date": timezone.localtime(a.due_at).strftime("%d-%m-%Y")}
                + (" · " + _("overdue") if a.due_at < now else ""),
            )
            for a in waiting
        ]
        return [
            Panel(
                title=_("Portfolios to assess"),
                count=count,
                body=ngettext("%(n)s file is waiting for you.", "%(n)s files are waiting for you.", count) % {"n": count}
                if count
                else _("Nothing waiting."),
                items=items,
                url=reverse("assessment:my_assignments"),
                link_label=_("My assessments"),
                tone="warning" if count else "success",
                order=11,
            )
        ]
    if user.is_lsp_admin:
        count = Reconciliation.objects.filter(status=Reconciliation.Status.OPEN).count()
        return [
            Panel(
                title=_("Reconciliation"),
                count=count,
                body=_("Assessments whose assessors disagree.") if count else _("Nothing waiting."),
                url=reverse("assessment:reconciliations"),
                link_label=_("Open"),
                tone="warning" if count else "success",
                order=12,
            )
        ]
    return []


def seed_demo(users, options, log):
    from .reference import load

    load()
    log("assessment: rubrics ready")
    seed_licences(log)


def seed_licences(log):
    """Every demo assessor holds a No. Reg. MET for every active scheme (idempotent: existing licences are
    kept as they are); the last one's expires in 75 days, so the 90-day reminder can be seen."""
    from datetime import timedelta

    from certification.models import Scheme
    from portal.core.demo import DEMO_DOMAIN
    from registry.models import AssessorProfile

    from .models import AssessorLicence

    today = timezone.localdate()
    schemes = list(Scheme.objects.filter(is_active=True))
    profiles = list(AssessorProfile.objects.filter(user__email__endswith=f"@{DEMO_DOMAIN}").order_by("user__email"))
    for index, profile in enumerate(profiles, start=1):
        until = today + timedelta(days=75) if index == len(profiles) and index > 1 else today + timedelta(days=3 * 365)
        licence, created = AssessorLicence.objects.get_or_create(
            assessor=profile,
            defaults={"met_number": f"MET.000.{index:06d} 2024", "valid_from": today - timedelta(days=365), "valid_until": until},
        )
        if created:
            licence.schemes.set(schemes)
    log(f"assessment: {len(profiles)} demo assessors with a No. Reg. MET")
