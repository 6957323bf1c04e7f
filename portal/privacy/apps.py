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
        from .models import Breach, DataRequest
        from .workflows import BREACH_WORKFLOW, DATA_REQUEST_WORKFLOW

        DataRequest.workflow = DATA_REQUEST_WORKFLOW
        Breach.workflow = BREACH_WORKFLOW
        navigation.register_menu(hooks.MENU, _("Personal data"))
        for section in SECTIONS:
            exporters.register(section)
        dashboard.register(hooks.dashboard_panels)
        navigation.register(hooks.navigation_links)
