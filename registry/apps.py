from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    name = "registry"
    verbose_name = _("Registry")

    def ready(self):
        from portal.api.services import register_holder_finder
        from portal.complaints import subjects as complaint_subjects
        from portal.core import dashboard, demo, navigation
        from portal.documents.services import register_access_rule
        from portal.privacy import exporters

        from . import hooks, personal_data, rules
        from .demo import seed_registry

        dashboard.register(hooks.dashboard_panels)
        navigation.register(hooks.navigation_links)
        register_access_rule(rules.can_view_document)
        demo.register(seed_registry)
        register_holder_finder(hooks.holder_of_nik)
        for subject in hooks.COMPLAINT_SUBJECTS:
            complaint_subjects.register(subject)
        for section in personal_data.SECTIONS:
            exporters.register(section)
