import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
application = get_wsgi_application()


def warm_up():
    """Load what Django otherwise loads lazily on a process's first request: the URLconf (every app's views,
    the admin, the partner API: about 0.3 CPU-seconds) and the translation catalogues. gunicorn imports this
    module once in its master (`preload_app`), so every forked worker starts with them loaded instead of
    paying for them while its first requests wait, all workers at once after a restart. No database or
    Redis connection is opened here."""
    from django.conf import settings
    from django.urls import get_resolver
    from django.utils import translation

    resolver = get_resolver()
    resolver.url_patterns  # noqa: B018 (imports the URLconf and every module it names)
    for code, _name in settings.LANGUAGES:
        with translation.override(code):  # activating a language loads its catalogues
            resolver.reverse_dict  # noqa: B018 (the reverse lookup tables, built per language)


warm_up()
