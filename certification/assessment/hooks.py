"""Dashboard panels, navigation and demo data of the assessment stage (document access: rules.py)."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from portal.core.dashboard import Panel
from portal.core.navigation import NavLink

from .models import Assignment, Reconciliation


def nav_links(user):
    if user.is_assessor:
        return [NavLink(_("My assessments"), reverse("assessment:my_assignments"), order=20)]
    if user.is_secretariat or user.is_lsp_admin:
        links = [NavLink(_("Assessment"), reverse("assessment:progress"), order=21)]
        if user.is_lsp_admin:
            links.append(NavLink(_("Reconciliation"), reverse("assessment:reconciliations"), order=22))
        return links
    return []


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
