from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class UnitDecisionsConfig(AppConfig):
    name = "certification.unitdecisions"
    label = "unitdecisions"
    verbose_name = _("Decisions per unit of competency")

    def ready(self):
        from certification import extensions
        from portal.core import demo, next_steps

        from . import hooks

        for form in hooks.RECORDS:
            extensions.register_record(form)
        extensions.register_section(hooks.SECTION)
        extensions.register_plenary_rule(hooks.PLENARY_RULE)
        next_steps.register(hooks.next_steps)
        demo.register(hooks.seed_demo)
        from portal.privacy import exporters

        from . import personal_data

        for section in personal_data.SECTIONS:
            exporters.register(section)
