"""What retention plugs into the kernel: the portal admins' link, in their programme's menu."""

from django.urls import reverse
from django.utils.translation import gettext as _

from portal.core.navigation import NavLink

from . import rules


def navigation_links(user):
    if not user.is_portal_admin:
        return []
    return [
        NavLink(_("Data retention"), reverse("retention:overview"), "retention:overview", order=80,
                menu=rules.menu_for(user.role))
    ]
