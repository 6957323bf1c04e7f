"""What the privacy part plugs into the kernel: the officer's queue on the dashboard and in the bar."""

from django.urls import reverse
from django.utils.translation import gettext as _

from portal.core.dashboard import Panel
from portal.core.navigation import NavLink

from .models import DataRequest, RequestStatus


def dashboard_panels(user):
    if not user.is_dpo:
        return []
    waiting = list(DataRequest.objects.filter(status=RequestStatus.RECEIVED).order_by("due_at")[:5])
    return [
        Panel(
            title=_("Data requests"),
            body=_("Requests to correct or erase personal data, oldest deadline first.") if waiting
            else _("Nothing is waiting."),
            count=DataRequest.objects.filter(status=RequestStatus.RECEIVED).count(),
            url=reverse("privacy:requests"),
            link_label=_("Open the requests"),
            items=[(r.reference, reverse("privacy:request", args=[r.pk]), r.get_kind_display()) for r in waiting],
            tone="danger" if any(r.overdue for r in waiting) else "primary",
            order=10,
        )
    ]


def navigation_links(user):
    if user.is_dpo:
        return [NavLink(_("Data requests"), reverse("privacy:requests"), url_name="privacy:request", order=20)]
    return []
