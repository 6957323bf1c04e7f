"""How complaints plug into the kernel: the subject "the portal", the handlers' navigation link and
dashboard panel, demo data. The other subjects are declared by the apps that own them."""

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.utils.translation import ngettext

from portal.accounts.roles import Role
from portal.core.dashboard import Panel
from portal.core.navigation import NavLink

from .choices import OPEN_STATES
from .models import Complaint
from .rules import is_complaint_staff
from .services import file_complaint
from . import subjects
from .subjects import SubjectKind

PORTAL_SUBJECT = SubjectKind(
    key="portal",
    label=gettext_lazy("The portal or another service of LSP Kemensos or BALKS"),
    handler_role=Role.LSP_ADMIN,
    order=90,
)


def navigation_links(user):
    if not is_complaint_staff(user):
        return []
    return [
        NavLink(_("Complaints"), reverse("complaints:queue"), "complaints:queue", order=70,
                menu=subjects.menu_for(user.role))
    ]


def dashboard_panels(user):
    if not is_complaint_staff(user):
        return []
    counts = Complaint.objects.visible_to(user).aggregate(
        open=Count("pk", filter=Q(status__in=OPEN_STATES)),
        overdue=Count("pk", filter=Q(status__in=OPEN_STATES, due_at__lt=timezone.now())),
        mine=Count("pk", filter=Q(status__in=OPEN_STATES, handler=user)),
    )
    opened, overdue, mine = counts["open"], counts["overdue"], counts["mine"]
    return [
        Panel(
            title=_("Complaints"),
            count=opened,
            body=ngettext(
                "%(open)s open complaint: %(overdue)s past its service level, %(mine)s assigned to you.",
                "%(open)s open complaints: %(overdue)s past their service level, %(mine)s assigned to you.",
                opened,
            ) % {"open": opened, "overdue": overdue, "mine": mine},
            url=reverse("complaints:queue") + ("?overdue=yes" if overdue else ""),
            link_label=_("Open the overdue complaints") if overdue else _("Open the complaints"),
            tone="danger" if overdue else "primary",
            order=45,
        )
    ]


def seed_demo(users, options, log):
    """A complaint about the portal from a visitor, for the LSP admin's queue (idempotent)."""
    complaint, code = file_complaint(
        subject_kind=PORTAL_SUBJECT.key,
        description="Jadwal uji kompetensi di Bandung tidak diumumkan di portal, padahal sudah ditanyakan dua kali.",
        contact_name="Ani Wijayanti", contact_email="ani.wijayanti@example.test", form_token="demo:complaint",
        language="id",
    )
    if code:
        log(f"complaints: {complaint.reference}, tracking code {code}")
