from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "portal.notifications"
    label = "notifications"
    verbose_name = _("Notifications")

    def ready(self):
        from portal.retention import rules as retention_rules

        from . import retention

        for kind in retention.KINDS:
            retention_rules.register(kind)
