"""How accreditation plugs into the kernel: dashboard panels, navigation (document access: `rules.py`)."""

from django.db.models import Min
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.utils.translation import ngettext

from portal.accounts.roles import Role
from portal.complaints.subjects import SubjectKind
from portal.core.dashboard import Panel
from portal.core.navigation import NavLink

from .choices import AccreditationStatus


#: The top bar's "Accreditation" menu (registered in apps.py).
MENU = "accreditation"


def nav_links(user):
    if user.is_lks_operator:
        return [NavLink(_("My LKS"), reverse("accreditation:my_institutions"), "my_institutions", order=20)]
    if user.is_secretariat:
        return [NavLink(_("Accreditation"), reverse("accreditation:queue"), "queue", order=25, menu=MENU)]
    if user.is_balks_admin:
        return [
            NavLink(_("LKS accreditation queue"), reverse("accreditation:queue"), "queue", order=25, menu=MENU),
            NavLink(_("Plenary"), reverse("accreditation:plenary"), "plenary", order=26, menu=MENU),
        ]
    if user.is_assessor:
        return [NavLink(_("Visitations"), reverse("accreditation:my_visitations"), "my_visitations", order=25, menu=MENU)]
    return []


def panels(user):
    if user.is_lks_operator:
        return _operator_panels(user)
    if user.role in ("secretariat", "balks_admin"):
        return _staff_panels(user)
    if user.is_assessor:
        return _assessor_panels(user)
    return []


def _operator_panels(user):
    from .queries import my_institutions

    institutions = list(my_institutions(user)[:6])
    if not institutions:
        return [
            Panel(
                title=_("My LKS"),
                body=_("Register your LKS with its legal documents to start the accreditation."),
                url=reverse("accreditation:institution_create"),
                link_label=_("Register an LKS"),
                tone="warning",
                order=10,
            )
        ]
    labels = dict(AccreditationStatus.choices)
    action = [
        i for i in institutions
        if i.latest_status in (AccreditationStatus.DRAFT, AccreditationStatus.REVISION_REQUESTED)
    ]
    items = [
        (
            i.name,
            reverse("accreditation:detail", args=[i.latest_accreditation_id]) if i.latest_accreditation_id else i.get_absolute_url(),
            labels.get(i.latest_status, _("No accreditation yet")),
        )
        for i in institutions
    ]
    return [
        Panel(
            title=_("My LKS"),
            body=_("An accreditation needs your action.") if action else _("Your LKS and their accreditations."),
            items=items,
            url=reverse("accreditation:my_institutions"),
            link_label=_("Open my LKS"),
            tone="warning" if action else "success",
            order=10,
        )
    ]


def _staff_panels(user):
    from .models import Accreditation

    visible = Accreditation.objects.visible_to(user)
    waiting = visible.filter(status=AccreditationStatus.SUBMITTED)
    summary = waiting.aggregate(oldest=Min("submitted_at"))
    count = waiting.count()
    body = _("Nothing waiting.")
    if count:
        days = (timezone.now() - summary["oldest"]).days
        body = ngettext("The oldest has waited %(days)s day.", "The oldest has waited %(days)s days.", days) % {"days": days}
    to_schedule = visible.filter(status=AccreditationStatus.DESK_ACCEPTED).count()
    panels = [
        Panel(
            title=_("LKS desk review"),
            count=count,
            body=body,
            url=reverse("accreditation:queue"),
            link_label=_("Open the queue"),
            tone="warning" if count else "success",
            order=12,
        ),
        Panel(
            title=_("Visitations to schedule"),
            count=to_schedule,
            body=_("Accepted files waiting for a visitation date and team.") if to_schedule else _("Nothing waiting."),
            url=reverse("accreditation:queue") + f"?status={AccreditationStatus.DESK_ACCEPTED}",
            link_label=_("Schedule visitations"),
            tone="warning" if to_schedule else "secondary",
            order=13,
        ),
    ]
    if user.is_balks_admin:
        plenary = visible.filter(status__in=[AccreditationStatus.VISITED, AccreditationStatus.DECIDED]).count()
        panels.append(
            Panel(
                title=_("Plenary"),
                count=plenary,
                body=_("Visited LKS waiting for a grade or a certificate.") if plenary else _("Nothing waiting."),
                url=reverse("accreditation:plenary"),
                link_label=_("Open the plenary"),
                tone="warning" if plenary else "success",
                order=11,
            )
        )
    return panels


def _assessor_panels(user):
    from .queries import assessor_visitations

    upcoming = list(assessor_visitations(user)[:5])
    return [
        Panel(
            title=_("My visitations"),
            count=len(upcoming),
            body=_("Score each indicator on site with your phone; every answer is saved as you give it.")
            if upcoming
            else _("No visitation is assigned to you."),
            items=[
                (v.accreditation.institution.name, v.get_absolute_url(), date_format(v.date, "DATE_FORMAT"))
                for v in upcoming
            ],
            url=reverse("accreditation:my_visitations"),
            link_label=_("Open my visitations"),
            tone="primary",
            order=11,
        )
    ]


#: What a complaint can be about (portal.complaints), registered in apps.py: BALKS handles it.
COMPLAINT_SUBJECTS = [
    SubjectKind(
        key="lks", label=gettext_lazy("An accredited LKS"), handler_role=Role.BALKS_ADMIN, credential_kind="lks",
        menu=MENU, order=40,
    ),
]
