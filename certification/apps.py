from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CertificationConfig(AppConfig):
    name = "certification"
    verbose_name = _("Certification (LSP)")

    def ready(self):
        from portal.core import dashboard, demo, navigation
        from portal.documents.services import register_access_rule

        from . import hooks, rules
        from .models import Application
        from .workflows import APPLICATION_WORKFLOW

        Application.workflow = APPLICATION_WORKFLOW
        dashboard.register(hooks.panels)
        navigation.register_menu(hooks.MENU, _("Certification"))
        navigation.register(hooks.nav_links)
        register_access_rule(rules.can_view_document)
        demo.register(hooks.seed_demo)
