from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RetentionConfig(AppConfig):
    name = "portal.retention"
    label = "retention"
    verbose_name = _("Data retention")

    def ready(self):
        from portal.core import navigation

        from . import hooks

        navigation.register(hooks.navigation_links)
