"""What the registry plugs into the kernel: dashboard panels, navigation links (document access: rules.py)."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.accounts.roles import Role
from portal.complaints.subjects import SubjectKind
from portal.core.dashboard import Panel
from portal.core.navigation import NavLink
from portal.core.text import sentence

from . import services
from .models import AssessorProfile, WorkerProfile


def holder_of_nik(nik):
    """The partner API's NIK lookup: the user id of the worker registered with it, or None."""
    return WorkerProfile.objects.filter(nik=nik).values_list("user_id", flat=True).first()


def dashboard_panels(user):
    if user.is_applicant:
        profile = services.with_completeness(WorkerProfile.objects.filter(user=user)).first()
        percent, missing = services.missing_items(profile)
        if not missing:
            body = _("Your profile is complete.")
        else:
            # A missing item may be a whole sentence ("Fill in your personal data…."): one full stop.
            body = sentence(_("Your profile is %(percent)s%% complete. Still missing: %(missing)s") % {
                "percent": percent,
                "missing": "; ".join(str(item) for item in missing),
            })
        return [
            Panel(
                title=_("My profile"),
                body=body,
                count=None,
                url=reverse("registry:profile"),
                link_label=_("Open my profile") if not missing else _("Complete my profile"),
                tone="success" if not missing else "warning",
                order=10,
            )
        ]
    if user.is_portal_staff:
        panels = []
        if user.is_secretariat or user.is_lsp_admin:
            body = (
                _("Find workers of your regional office's provinces and export a filtered list.")
                if user.is_secretariat
                else _("Find any registered worker and export a filtered list.")
            )
            panels.append(
                Panel(title=_("Workers"), body=body, url=reverse("registry:worker_search"), link_label=_("Search workers"), order=20)
            )
        if user.is_portal_admin:
            panels.append(
                Panel(
                    title=_("Assessors"),
                    body=_("Create assessor accounts and keep their expertise and regional office current."),
                    url=reverse("registry:assessor_list"),
                    link_label=_("Manage assessors"),
                    tone="secondary",
                    order=21,
                )
            )
        return panels
    if user.is_assessor:
        profile = AssessorProfile.objects.filter(user=user).only("declarations_confirmed_at", "is_active").first()
        if profile is None:
            return [Panel(title=_("My assessor profile"), body=_("An admin has not set up your assessor profile yet."), tone="secondary", order=20)]
        confirmed = profile.declarations_confirmed_at
        return [
            Panel(
                title=_("Conflicts of interest"),
                body=_("Keep your declared conflicts of interest current before every assignment.")
                if confirmed
                else _("You have not confirmed your conflict-of-interest declarations yet."),
                url=reverse("registry:assessor_me"),
                link_label=_("Review my declarations"),
                tone="primary" if confirmed else "warning",
                order=20,
            )
        ]
    return []


def navigation_links(user):
    links = []
    if user.is_applicant:
        links.append(NavLink(_("My profile"), reverse("registry:profile"), "profile", order=10))
    if user.is_secretariat or user.is_lsp_admin:
        # The secretariat's daily tool; for the LSP admin one tool among many.
        order = 20 if user.is_secretariat else 30
        links.append(NavLink(_("Workers"), reverse("registry:worker_search"), "worker_search", order=order))
    if user.is_portal_admin:
        # Managed now and then: after the other apps' links and menus.
        links.append(NavLink(_("Assessors"), reverse("registry:assessor_list"), "assessor_list", order=70))
    if user.is_assessor:
        links.append(NavLink(_("My assessor profile"), reverse("registry:assessor_me"), "assessor_me", order=20))
    return links


#: What a complaint can be about (portal.complaints), registered in apps.py: an assessor is the LSP's.
COMPLAINT_SUBJECTS = [
    SubjectKind(key="assessor", label=gettext_lazy("An assessor"), handler_role=Role.LSP_ADMIN, order=10),
]
