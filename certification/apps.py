from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CertificationConfig(AppConfig):
    name = "certification"
    verbose_name = _("Certification (LSP)")

    def ready(self):
        from portal.complaints import subjects as complaint_subjects
        from portal.core import dashboard, demo, navigation
        from portal.documents.services import register_access_rule
        from portal.privacy import exporters

        from . import extensions, hooks, personal_data, rules
        from .models import Application
        from .workflows import APPLICATION_WORKFLOW

        Application.workflow = APPLICATION_WORKFLOW
        extensions.register_record(hooks.APL01)
        dashboard.register(hooks.panels)
        navigation.register_menu(hooks.MENU, _("Certification"))
        navigation.register(hooks.nav_links)
        register_access_rule(rules.can_view_document)
        demo.register(hooks.seed_demo)
        for subject in hooks.COMPLAINT_SUBJECTS:
            complaint_subjects.register(subject)
        for section in personal_data.SECTIONS:
            exporters.register(section)
        from portal.retention import rules as retention_rules

        from . import retention

        for kind in retention.KINDS:
            retention_rules.register(kind)
        from portal.imports import kinds as import_kinds

        from . import importers

        import_kinds.register(importers.IMPORTER)
