from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CbtConfig(AppConfig):
    name = "certification.cbt"
    label = "cbt"
    verbose_name = _("Computer-based test")

    def ready(self):
        from certification.exams.extensions import register_after_check_in
        from portal.core import navigation
        from portal.documents.services import register_access_rule

        from . import hooks, rules

        navigation.register(hooks.nav_links)
        register_after_check_in(hooks.after_check_in)
        register_access_rule(rules.may_view_item_image)
        from portal.privacy import exporters

        from . import personal_data

        for section in personal_data.SECTIONS:
            exporters.register(section)
