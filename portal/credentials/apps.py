from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CredentialsConfig(AppConfig):
    name = "portal.credentials"
    label = "credentials"
    verbose_name = _("Credentials")

    def ready(self):
        from portal.core import dashboard, demo, navigation

        from . import checks, hooks  # noqa: F401 (checks registers itself)

        dashboard.register(hooks.dashboard_panels)
        navigation.register(hooks.navigation_links)
        demo.register(hooks.seed_demo)
