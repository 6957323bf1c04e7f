from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccreditationConfig(AppConfig):
    name = "accreditation"
    verbose_name = _("Accreditation (BALKS)")

    def ready(self):
        from portal.appeals import kinds as appeal_kinds
        from portal.complaints import subjects as complaint_subjects
        from portal.core import dashboard, demo, navigation
        from portal.documents.services import register_access_rule

        from . import hooks, rules
        from .demo import seed_demo
        from .models import Accreditation
        from .workflows import ACCREDITATION_WORKFLOW

        Accreditation.workflow = ACCREDITATION_WORKFLOW
        from . import appeals

        appeal_kinds.register(appeals.APPEAL_KIND)
        dashboard.register(hooks.panels)
        from portal.statistics import dashboards as staff_dashboards
        from portal.statistics import summaries

        from . import dashboards

        summaries.register(summaries.Summary(key=dashboards.KEY, build=dashboards.build))
        staff_dashboards.register(dashboards.DASHBOARD)
        navigation.register(dashboards.nav_links)
        dashboard.register(dashboards.home_panels)
        navigation.register_menu(hooks.MENU, _("Accreditation"))
        navigation.register(hooks.nav_links)
        register_access_rule(rules.can_view_document)
        demo.register(seed_demo)
        for subject in hooks.COMPLAINT_SUBJECTS:
            complaint_subjects.register(subject)
        from portal.privacy import exporters

        from . import personal_data

        for section in personal_data.SECTIONS:
            exporters.register(section)
        from portal.retention import rules as retention_rules

        from . import retention

        for kind in retention.KINDS:
            retention_rules.register(kind)
        from portal.imports import kinds as import_kinds

        from . import importers

        import_kinds.register(importers.IMPORTER)
        self._schedule_reminders()

    @staticmethod
    def _schedule_reminders():
        """The daily renewal reminder, added to Celery beat's schedule (the settings' schedule is the
        kernel's; `add_periodic_task` adds an entry once the Celery app is configured)."""
        import os

        from celery.schedules import crontab

        from portal.celery import app

        app.add_periodic_task(
            crontab(hour=int(os.environ.get("ACCREDITATION_DAILY_HOUR", "2")), minute=15),
            app.signature("accreditation.tasks.send_renewal_reminders"),
            name="accreditation-renewal-reminders",
        )
