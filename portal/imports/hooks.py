"""The admins' link to the imports, in their programme's menu."""

from django.urls import reverse
from django.utils.translation import gettext as _

from portal.core.navigation import NavLink

from . import kinds


def navigation_links(user):
    importers = kinds.for_user(user)
    if not importers:
        return []
    menus = {importer.menu for importer in importers}
    return [
        NavLink(_("Import register"), reverse("imports:index"), "imports:index", order=85,
                menu=menus.pop() if len(menus) == 1 else "")
    ]
