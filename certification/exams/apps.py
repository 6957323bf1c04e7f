from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExamsConfig(AppConfig):
    name = "certification.exams"
    label = "exams"
    verbose_name = _("Competency exams")

    def ready(self):
        from portal.core import dashboard, demo, navigation, next_steps
        from portal.documents.services import register_access_rule
        from portal.notifications import attachments

        from portal.appeals import kinds as appeal_kinds

        from . import appeals, emails, hooks, rules, workflows  # noqa: F401  (workflows extends the application workflow)

        dashboard.register(hooks.panels)
        navigation.register(hooks.nav_links)
        next_steps.register(hooks.next_steps)
        register_access_rule(rules.can_view_document)
        demo.register(hooks.seed_demo)
        from portal.privacy import exporters

        from . import personal_data

        for section in personal_data.SECTIONS:
            exporters.register(section)
        attachments.register(emails.ICS_ATTACHMENT, emails.booking_ics)
        appeal_kinds.register(appeals.APPEAL_KIND)
