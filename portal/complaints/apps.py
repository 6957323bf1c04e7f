from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ComplaintsConfig(AppConfig):
    name = "portal.complaints"
    label = "complaints"
    verbose_name = _("Complaints")

    def ready(self):
        from portal.core import dashboard, demo, navigation
        from portal.documents.services import register_access_rule

        from . import hooks, rules, subjects
        from .models import Complaint
        from .workflows import COMPLAINT_WORKFLOW

        Complaint.workflow = COMPLAINT_WORKFLOW
        subjects.register(hooks.PORTAL_SUBJECT)
        dashboard.register(hooks.dashboard_panels)
        navigation.register(hooks.navigation_links)
        register_access_rule(rules.can_view_document)
        demo.register(hooks.seed_demo)
        from portal.privacy import exporters

        from . import personal_data

        for section in personal_data.SECTIONS:
            exporters.register(section)
        from portal.retention import rules as retention_rules

        from . import retention

        for kind in retention.KINDS:
            retention_rules.register(kind)
