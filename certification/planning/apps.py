from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlanningConfig(AppConfig):
    name = "certification.planning"
    label = "planning"
    verbose_name = _("Assessment planning")

    def ready(self):
        from certification import extensions
        from certification.exams import extensions as exam_extensions
        from portal.core import dashboard, demo, navigation, next_steps

        from . import hooks

        navigation.register(hooks.nav_links)
        dashboard.register(hooks.panels)
        next_steps.register(hooks.next_steps)
        exam_extensions.register_check_in_guard(hooks.agreement_guard, prepare=hooks.agree_for_demo)
        exam_extensions.register_booking_notes(hooks.booking_notes)
        extensions.register_section(hooks.STATUS_SECTION)
        for record in hooks.RECORDS:
            extensions.register_record(record)
        demo.register(hooks.seed_demo)
        from portal.privacy import exporters

        from . import personal_data

        for section in personal_data.SECTIONS:
            exporters.register(section)
