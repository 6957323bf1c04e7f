"""The certification dashboard in the top bar (the Certification menu) and on the home page."""

from django.urls import reverse
from django.utils.translation import gettext as _

from certification.hooks import MENU
from portal.core.dashboard import Panel
from portal.core.navigation import NavLink

from .panels import KEY, may_view


def nav_links(user):
    if may_view(user):
        return [NavLink(_("Certification dashboard"), reverse("dashboards:page", args=[KEY]), order=29, menu=MENU)]
    return []


def home_panels(user):
    if not may_view(user):
        return []
    return [Panel(
        title=_("Certification dashboard"),
        body=_("The funnel with the days spent in each stage, outcomes, certified workers against the need, exams and assessors."),
        url=reverse("dashboards:page", args=[KEY]), link_label=_("Open the dashboard"), tone="secondary", order=80,
    )]
