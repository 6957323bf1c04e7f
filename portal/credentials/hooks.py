"""How the credential service plugs into the kernel: dashboard panels, navigation links, demo data."""

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from portal.accounts.roles import Role
from portal.core.dashboard import Panel
from portal.core.navigation import NavLink

from .rules import managed_kinds


def navigation_links(user):
    links = []
    if user.role in (Role.APPLICANT, Role.LKS_OPERATOR):
        links.append(NavLink(_("My certificates"), reverse("credentials:mine"), "credentials:mine", order=60))
    if managed_kinds(user):
        links.append(NavLink(_("Certificates"), reverse("credentials:manage"), "credentials:manage", order=60))
    return links


def dashboard_panels(user):
    from .models import Credential

    panels = []
    # Staff accounts (secretariat, LSP/BALKS admins) are not the accounts credentials are issued to.
    held = [] if user.is_portal_staff else list(Credential.objects.held_by(user)[:5])
    if held:
        panels.append(
            Panel(
                title=_("My certificates"),
                count=len(held) if len(held) < 5 else Credential.objects.held_by(user).count(),
                body=_("Download your certificate (PDF) or share its public verification page."),
                items=[
                    (
                        f"{c.number} · {c.subject}",
                        reverse("credentials:download", args=[c.pk]),
                        _("valid until %(date)s") % {"date": date_format(c.valid_until)}
                        if c.effective_status == Credential.Status.VALID
                        else c.effective_status_label,
                    )
                    for c in held
                ],
                url=reverse("credentials:mine"),
                link_label=_("Open my certificates"),
                tone="success",
                order=10,
            )
        )
    kinds = managed_kinds(user)
    if kinds:
        today = timezone.localdate()
        counts = Credential.objects.filter(kind__in=kinds).aggregate(
            valid=Count("pk", filter=Q(status=Credential.Status.VALID, valid_until__gte=today)),
            suspended=Count("pk", filter=Q(status=Credential.Status.SUSPENDED)),
        )
        valid, suspended = counts["valid"], counts["suspended"]
        panels.append(
            Panel(
                title=_("Certificates"),
                count=valid,
                body=ngettext("%(n)s valid; %(s)s suspended.", "%(n)s valid; %(s)s suspended.", valid)
                % {"n": valid, "s": suspended},
                url=reverse("credentials:manage"),
                link_label=_("Search, suspend or revoke"),
                tone="primary",
                order=40,
            )
        )
    return panels


def seed_demo(users, options, log):
    """A worker certificate for the demo applicant and an accreditation for the demo LKS operator."""
    from portal.regions.models import Province

    from .models import Credential
    from .services import issue_credential

    applicant, operator = users.get(Role.APPLICANT), users.get(Role.LKS_OPERATOR)
    jabar = Province.objects.filter(code="32").first()
    if applicant is not None:
        credential = issue_credential(
            kind=Credential.Kind.WORKER_CERTIFICATE,
            source="demo:worker-certificate",
            holder=applicant,
            holder_name=applicant.full_name,
            subject="Pekerja Sosial Generalis",
            subject_en="Generalist Social Worker",
            subject_code="GEN",
            issuer="LSP Kemensos",
            province=jabar,
            actor=users.get(Role.LSP_ADMIN),
        )
        log(f"credentials: {credential.number} for {credential.holder_name}")
    if operator is not None:
        credential = issue_credential(
            kind=Credential.Kind.LKS_ACCREDITATION,
            source="demo:lks-accreditation",
            holder=operator,
            holder_name="LKSA Kasih Bunda Bandung",
            subject="Terakreditasi A (Sangat Baik)",
            subject_en="Accredited A (Excellent)",
            subject_code="A",
            issuer="Badan Akreditasi Lembaga Kesejahteraan Sosial (BALKS)",
            province=jabar,
            actor=users.get(Role.BALKS_ADMIN),
        )
        log(f"credentials: {credential.number} for {credential.holder_name}")
