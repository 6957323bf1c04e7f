from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "portal.privacy"
    label = "privacy"
    verbose_name = _("Personal data")

    def ready(self):
        from portal.core import dashboard, navigation

        from . import exporters, hooks
        from .kernel_sections import SECTIONS
        from .models import DataRequest
        from .workflows import DATA_REQUEST_WORKFLOW

        DataRequest.workflow = DATA_REQUEST_WORKFLOW
        for section in SECTIONS:
            exporters.register(section)
        dashboard.register(hooks.dashboard_panels)
        navigation.register(hooks.navigation_links)
