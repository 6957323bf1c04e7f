"""How appeals plug into the kernel: navigation for the handlers, dashboard panels, the next step on a
decided file (appeal it, or open the appeal)."""

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from portal.core.dashboard import Panel
from portal.core.navigation import NavLink
from portal.core.next_steps import NextStep

from . import kinds, services
from .models import Appeal, AppealStatus


def navigation_links(user):
    if not user.is_authenticated:
        return []
    for kind in kinds.kinds():
        if kind.handler_role == user.role:
            return [NavLink(_("Appeals"), reverse("appeals:list"), "appeals:list", order=71, menu=kind.menu)]
    return []


def dashboard_panels(user):
    if not user.is_authenticated:
        return []
    panels = []
    if user.role in kinds.handler_roles():
        counts = Appeal.objects.filter(handler_role=user.role).aggregate(
            waiting=Count("pk", filter=Q(status=AppealStatus.SUBMITTED)),
            review=Count("pk", filter=Q(status=AppealStatus.IN_REVIEW)),
        )
        if counts["waiting"] or counts["review"]:
            panels.append(Panel(
                title=_("Appeals"), count=counts["waiting"] + counts["review"],
                body=_("%(waiting)s waiting for a panel, %(review)s with a panel.") % counts,
                url=reverse("appeals:list"), link_label=_("Open the appeals"),
                tone="warning" if counts["waiting"] else "primary", order=46,
            ))
    elif user.role in kinds.panel_roles():
        count = Appeal.objects.filter(status=AppealStatus.IN_REVIEW, panel__member=user).count()
        if count:
            panels.append(Panel(
                title=_("Appeals panels"), count=count,
                body=ngettext("%(count)s appeal waits for your panel's decision.",
                              "%(count)s appeals wait for your panels' decisions.", count) % {"count": count},
                url=reverse("appeals:list"), link_label=_("Open the appeals"), tone="warning", order=46,
            ))
    return panels


def next_steps(user, obj):
    kind = kinds.for_object(obj)
    if kind is None or not user.is_authenticated or user.role in kinds.handler_roles():
        return []
    appeal = services.existing_appeal(obj)
    if appeal is not None and appeal.appellant_id == user.pk and appeal.is_open:
        return [NextStep(_("Open my appeal"), appeal.get_absolute_url(), note=appeal.get_status_display(), order=5)]
    decided = kind.decision(obj)
    if decided is None or (appeal is not None and appeal.decision_at == decided.at):
        return []
    if services.appeal_problem(user, obj, decided=decided) is not None:
        return []
    return [NextStep(
        _("Appeal this decision"), reverse("appeals:new", args=[kind.key, obj.pk]),
        note=_("If you disagree with the decision, you may appeal until %(date)s.")
        % {"date": date_format(services.last_day(decided.at), "j F Y")},
        order=90,
    )]
