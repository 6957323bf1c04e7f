from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImportsConfig(AppConfig):
    name = "portal.imports"
    label = "imports"
    verbose_name = _("Imports")

    def ready(self):
        from portal.core import navigation

        from . import hooks

        navigation.register(hooks.navigation_links)
