from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CompetencyConfig(AppConfig):
    name = "certification.competency"
    label = "competency"
    verbose_name = _("Units of competency")

    def ready(self):
        from certification import extensions
        from portal.core import demo, navigation

        from . import hooks

        navigation.register(hooks.nav_links)
        extensions.register_step(hooks.SELF_ASSESSMENT_STEP)
        extensions.register_section(hooks.SELF_ASSESSMENT_SECTION)
        extensions.register_record(hooks.APL02)
        demo.register(hooks.seed_demo)
