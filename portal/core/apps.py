from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "portal.core"
    label = "core"
    verbose_name = _("Portal")

    def ready(self):
        from portal.celery import app

        from . import checks, dashboard, panels  # noqa: F401 (checks registers itself)

        dashboard.register(panels.kernel_panels)
        # Every app's tasks module, so that a task a service names (portal.core.tasks.send_after_commit)
        # is known in this process as in a worker: run eagerly in embedded mode and tests, sent otherwise.
        app.autodiscover_tasks(force=True)
