"""What the privacy part plugs into the kernel: the officer's queue and breach register on the
dashboard, and their pages in one menu of the bar."""

from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from portal.core.dashboard import Panel
from portal.core.navigation import NavLink

from .models import Breach, BreachStatus, DataRequest, RequestStatus

MENU = "privacy"


def dashboard_panels(user):
    if not user.is_dpo:
        return []
    waiting = list(DataRequest.objects.filter(status=RequestStatus.RECEIVED).order_by("due_at")[:5])
    open_breaches = Breach.objects.exclude(status=BreachStatus.CLOSED)
    nearest = list(open_breaches.order_by("due_at", "id")[:5])
    now = timezone.now()
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
        ),
        Panel(
            title=_("Personal data breaches"),
            body=_("Open incidents, nearest deadline to notify first.") if nearest else _("No open incident."),
            count=open_breaches.count(),
            url=reverse("privacy:breaches"),
            link_label=_("Open the breach register"),
            items=[(b.reference, b.get_absolute_url(), _breach_line(b, now)) for b in nearest],
            tone="danger" if any(b.awaiting_notice and b.due_at < now for b in nearest) else "primary",
            order=11,
        ),
    ]


def _breach_line(breach, now):
    if breach.status != BreachStatus.RECORDED:
        return breach.get_status_display()
    due = formats.date_format(timezone.localtime(breach.due_at), "DATETIME_FORMAT")
    if breach.due_at < now:
        return _("overdue since %(due)s") % {"due": due}
    return _("notify by %(due)s") % {"due": due}


def navigation_links(user):
    if user.is_dpo:
        return [
            NavLink(_("Data requests"), reverse("privacy:requests"), url_name="privacy:request", order=20, menu=MENU),
            NavLink(_("Breach register"), reverse("privacy:breaches"), url_name="privacy:breach", order=21, menu=MENU),
            NavLink(_("Access log"), reverse("privacy:access_log"), url_name="privacy:access_log", order=22, menu=MENU),
        ]
    return []
