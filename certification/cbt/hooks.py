"""How the CBT plugs in: navigation for item writers and LSP admins; the form drawn after a check-in."""

from django.urls import reverse
from django.utils.translation import gettext as _

from certification.hooks import MENU
from portal.core.navigation import NavLink
from portal.core.tasks import send_after_commit

from .bank import writes_items


def nav_links(user):
    if writes_items(user):
        return [NavLink(_("Test items (CBT)"), reverse("cbt:items"), order=28, menu=MENU)]
    return []


def after_check_in(booking):
    send_after_commit("certification.cbt.tasks.draw_form", booking.pk)
