from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from portal.accounts.roles import Role

from .dashboard import Panel


def kernel_panels(user):
    from portal.notifications.services import unread_count

    panels = []
    unread = unread_count(user)
    panels.append(
        Panel(
            title=_("Notifications"),
            count=unread,
            body=ngettext("%(n)s unread notification.", "%(n)s unread notifications.", unread) % {"n": unread}
            if unread
            else _("You have read everything."),
            url=reverse("notifications:list"),
            link_label=_("Open notifications"),
            tone="warning" if unread else "secondary",
            order=90,
        )
    )
    role_intro = {
        Role.APPLICANT: _("Complete your profile and portfolio, then apply for a certification round."),
        Role.LKS_OPERATOR: _("Register your institution (LKS) and prepare its self-assessment."),
        Role.ASSESSOR: _("Portfolios, exams and visitations assigned to you appear here."),
        Role.SECRETARIAT: _("Files of your regional office waiting for verification appear here."),
        Role.LSP_ADMIN: _("Plenary decisions and certification rounds appear here."),
        Role.BALKS_ADMIN: _("Accreditation decisions and the LKS register appear here."),
    }
    panels.append(Panel(title=user.get_role_display(), body=role_intro.get(user.role, ""), tone="primary", order=0))
    return panels
