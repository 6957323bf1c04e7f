"""How certification plugs into the kernel: dashboard panels, navigation, demo data (document access:
`rules.py`)."""

from django.db.models import Min
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from portal.accounts.roles import Role
from portal.complaints.subjects import SubjectKind
from portal.core.dashboard import Panel
from portal.core.navigation import NavLink

from . import records
from .choices import ApplicationStatus
from .extensions import RecordForm
from .models import Application, Round

#: The top bar's "Certification" menu (registered in apps.py): the pages of every certification stage.
MENU = "certification"


def nav_links(user):
    if user.is_applicant:
        return [
            NavLink(_("Certification rounds"), reverse("certification:round_list"), order=20, menu=MENU),
            NavLink(_("My applications"), reverse("certification:my_applications"), order=21, menu=MENU),
        ]
    if user.is_secretariat or user.is_lsp_admin:
        return [NavLink(_("Verification"), reverse("certification:queue"), order=20, menu=MENU)]
    return []


def panels(user):
    if user.is_applicant:
        return _applicant_panels(user)
    if user.is_secretariat or user.is_lsp_admin:
        return _verifier_panels(user)
    return []


def _applicant_panels(user):
    applications = list(
        Application.objects.filter(applicant=user)
        .exclude(status=ApplicationStatus.WITHDRAWN)
        .select_related("round", "round__scheme")
        .order_by("-created_at")[:5]
    )
    open_rounds = Round.objects.announced().filter(opens_at__lte=timezone.now()).count()
    items = [
        (f"{a.round.scheme.name} · {a.reference}", a.get_absolute_url(), a.get_status_display()) for a in applications
    ]
    action = [a for a in applications if a.status in (ApplicationStatus.DRAFT, ApplicationStatus.REVISION_REQUESTED)]
    body = (
        _("An application needs your action.")
        if action
        else ngettext("%(n)s round is open for applications.", "%(n)s rounds are open for applications.", open_rounds)
        % {"n": open_rounds}
    )
    return [
        Panel(
            title=_("My certification"),
            body=body,
            items=items,
            url=reverse("certification:my_applications") if applications else reverse("certification:round_list"),
            link_label=_("My applications") if applications else _("See open rounds"),
            tone="warning" if action else "success",
            order=10,
        )
    ]


def _verifier_panels(user):
    waiting = Application.objects.visible_to(user).filter(status=ApplicationStatus.SUBMITTED)
    summary = waiting.aggregate(oldest=Min("submitted_at"))
    count = waiting.count()
    body = _("Nothing waiting.")
    if count:
        days = (timezone.now() - summary["oldest"]).days
        body = ngettext(
            "The oldest has waited %(days)s day.", "The oldest has waited %(days)s days.", days
        ) % {"days": days}
    return [
        Panel(
            title=_("Waiting for verification"),
            count=count,
            body=body,
            url=reverse("certification:queue"),
            link_label=_("Open the queue"),
            tone="warning" if count else "success",
            order=10,
        )
    ]


def seed_demo(users, options, log):
    from .demo import seed

    seed(users, options, log)


#: What a complaint can be about (portal.complaints), registered in apps.py: the LSP handles both.
COMPLAINT_SUBJECTS = [
    SubjectKind(
        key="exam", label=gettext_lazy("A competency exam or its organisation"), handler_role=Role.LSP_ADMIN,
        menu=MENU, order=20,
    ),
    SubjectKind(
        key="worker", label=gettext_lazy("A certified social worker or TKS"), handler_role=Role.LSP_ADMIN,
        credential_kind="worker", menu=MENU, order=30,
    ),
]


#: FR.APL.01 (the application itself) printed as the standard form, first in the assessment file.
APL01 = RecordForm(
    code="FR.APL.01",
    title=gettext_lazy("Application for competency certification"),
    order=10,
    template="certification/pdf/apl01.html",
    context=records.apl01_context,
)
