from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CredentialsConfig(AppConfig):
    name = "portal.credentials"
    label = "credentials"
    verbose_name = _("Credentials")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from portal.core import dashboard, demo, navigation, ratelimit

        from . import checks, hooks, views  # noqa: F401 (checks registers itself)
        from .models import Credential

        post_save.connect(hooks.credential_changed, sender=Credential, dispatch_uid="credentials-invalidate-save")
        post_delete.connect(hooks.credential_changed, sender=Credential, dispatch_uid="credentials-invalidate-delete")
        dashboard.register(hooks.dashboard_panels)
        navigation.register(hooks.navigation_links)
        demo.register(hooks.seed_demo)
        # The verification page and API (urls.py): their rate limit and cached facts are asked of Redis
        # as the request arrives, answered while the middleware runs; a plain visitor's page and JSON are
        # answered right there once the whole stack has given the same bytes for the same shape.
        ratelimit.early(r"^/verify/(?P<number>.+)/$", views.RATE_SCOPE, read=views.facts_keys, answer=views.verify_answer)
        ratelimit.early(r"^/api/v1/credentials/(?P<number>.+)/$", views.RATE_SCOPE, read=views.facts_keys, answer=views.api_answer)
