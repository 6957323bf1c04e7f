from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentConfig(AppConfig):
    name = "certification.assessment"
    label = "assessment"
    verbose_name = _("Portfolio assessment")

    def ready(self):
        from portal.core import dashboard, demo, navigation, next_steps
        from portal.documents.services import register_access_rule

        from . import hooks, rules, workflows  # noqa: F401  (workflows extends the application workflow)

        dashboard.register(hooks.panels)
        navigation.register(hooks.nav_links)
        next_steps.register(hooks.next_steps)
        register_access_rule(rules.can_view_document)
        demo.register(hooks.seed_demo)
        from portal.privacy import exporters

        from . import personal_data

        for section in personal_data.SECTIONS:
            exporters.register(section)
