from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AppealsConfig(AppConfig):
    name = "portal.appeals"
    label = "appeals"
    verbose_name = _("Appeals")

    def ready(self):
        from portal.core import dashboard, navigation, next_steps
        from portal.documents.services import register_access_rule

        from . import hooks, rules
        from .models import Appeal
        from .workflows import APPEAL_WORKFLOW

        Appeal.workflow = APPEAL_WORKFLOW
        dashboard.register(hooks.dashboard_panels)
        navigation.register(hooks.navigation_links)
        next_steps.register(hooks.next_steps)
        register_access_rule(rules.can_view_document)
        from portal.privacy import exporters

        from . import personal_data

        for section in personal_data.SECTIONS:
            exporters.register(section)
