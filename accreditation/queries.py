"""Querysets of the pages: each starts from what the user may see, then filters, with the related rows
each page shows fetched up front (the number of queries does not grow with the rows)."""

from django.db.models import OuterRef, Prefetch, Q, Subquery

from portal.core.inputs import parse_id
from registry.models import normalize_name

from .models import Accreditation, Institution, InstitutionService, TeamMember, Visitation
from .workflows import AccreditationStatus


def with_latest_accreditation(queryset):
    latest = Accreditation.objects.filter(institution=OuterRef("pk")).order_by("-created_at", "-id")
    return queryset.annotate(
        latest_accreditation_id=Subquery(latest.values("pk")[:1]),
        latest_status=Subquery(latest.values("status")[:1]),
    )


def my_institutions(user):
    return with_latest_accreditation(
        Institution.objects.filter(operators=user)
        .select_related("province")
        .prefetch_related(Prefetch("services", queryset=InstitutionService.objects.order_by("id")))
        .order_by("name_search", "pk")
    )


def _search(queryset, q, prefix=""):
    q = (q or "").strip()
    if not q:
        return queryset
    condition = Q(**{f"{prefix}name_search__contains": normalize_name(q)})
    pk = parse_id(q.upper().removeprefix("AKR-").split("-")[-1])
    if prefix and pk is not None:
        condition |= Q(pk=pk)
    return queryset.filter(condition)


def desk_queue(user, filters):
    """The secretariat's (or BALKS admins') accreditations, oldest submission first."""
    qs = Accreditation.objects.visible_to(user).select_related(
        "institution", "institution__province", "regional_office"
    )
    status = filters.get("status") or ""
    if status == "all":
        pass
    elif status:
        qs = qs.filter(status=status)
    else:
        qs = qs.filter(status=AccreditationStatus.SUBMITTED)
    qs = _search(qs, filters.get("q"), prefix="institution__")
    return qs.order_by("submitted_at", "pk")


def plenary_queue(user):
    """Visited accreditations waiting for the plenary, and decided ones waiting for their certificate."""
    return (
        Accreditation.objects.visible_to(user)
        .filter(status__in=[AccreditationStatus.VISITED, AccreditationStatus.DECIDED])
        .select_related("institution", "institution__province")
        .order_by("visited_at", "pk")
    )


def assessor_visitations(user, *, past=False):
    open_states = [AccreditationStatus.VISITATION_SCHEDULED]
    qs = (
        Visitation.objects.filter(team__assessor__user=user)
        .select_related("accreditation", "accreditation__institution", "accreditation__institution__province")
        .prefetch_related(Prefetch("team", queryset=TeamMember.objects.select_related("assessor__user")))
    )
    if past:
        return qs.exclude(accreditation__status__in=open_states).order_by("-date", "-pk")
    return qs.filter(accreditation__status__in=open_states).order_by("date", "pk")


def public_register(filters):
    """Accredited LKS (valid certificate), filtered by province, service field and name."""
    qs = (
        Institution.objects.accredited()
        .select_related("province", "current_accreditation__credential")
        .prefetch_related(Prefetch("services", queryset=InstitutionService.objects.order_by("id")))
    )
    if filters.get("province"):
        qs = qs.filter(province=filters["province"])
    if filters.get("service"):
        qs = qs.filter(services__field=filters["service"])
    qs = _search(qs, filters.get("q"))
    return qs.order_by("name_search", "pk")
