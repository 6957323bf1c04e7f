from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CertificationDashboardsConfig(AppConfig):
    """The LSP's dashboard (issue 19, item 1): certification, exams and assessors, from summary rows the
    kernel's `portal.statistics` keeps. Its own app because it reads certification, assessment and exams
    alike, and none of them should import the others' dashboards."""

    name = "certification.dashboards"
    label = "certification_dashboards"
    verbose_name = _("Certification dashboard")

    def ready(self):
        from portal.core import dashboard, navigation
        from portal.statistics import dashboards, summaries

        from . import hooks, panels, summary

        summaries.register(summaries.Summary(key=panels.KEY, build=summary.build))
        dashboards.register(panels.DASHBOARD)
        navigation.register(hooks.nav_links)
        dashboard.register(hooks.home_panels)
