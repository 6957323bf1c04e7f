"""How the CBT plugs in: navigation for item writers and LSP admins."""

from django.urls import reverse
from django.utils.translation import gettext as _

from certification.hooks import MENU
from portal.core.navigation import NavLink

from .services import writes_items


def nav_links(user):
    if writes_items(user):
        return [NavLink(_("Test items (CBT)"), reverse("cbt:items"), order=28, menu=MENU)]
    return []
