"""The staff dashboards' pages and downloads. Thin: the user's scope (a secretariat user: its regional office)
is fixed before the filters are read; the panels come from the domain app's dashboard."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import formats, timezone
from django.views.decorators.http import require_safe

from . import dashboards, exports, summaries


def _shown(value):
    """A table cell as the page writes it: numbers in the active language ("1.234", "36,4"), none as "—"."""
    if value is None:
        return "—"
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return value
    return formats.number_format(value, decimal_pos=1 if isinstance(value, float) else None, force_grouping=True)


def _prepare(panels):
    """Format the cells and the bars' totals once, in Python: the template only writes them out."""
    for panel in panels:
        panel.cells = [[_shown(value) for value in row] for row in panel.rows]
        for bar in panel.bars:
            bar["shown"] = _shown(bar["total"])
    return panels


def _dashboard(request, key):
    dashboard = dashboards.get(key)
    if dashboard is None:
        raise Http404
    if not request.user.is_authenticated or not dashboard.may_view(request.user):
        raise PermissionDenied
    return dashboard


def _form(request, dashboard):
    office = request.user.regional_office if request.user.is_secretariat else None
    if request.user.is_secretariat and office is None:
        raise PermissionDenied
    return dashboards.FilterForm(request.GET, dashboard=dashboard, office=office)


@require_safe
@login_required
def index(request):
    visible = dashboards.visible(request.user)
    if not visible:
        raise PermissionDenied
    if len(visible) == 1:
        return redirect("dashboards:page", visible[0].key)
    return render(request, "statistics/dashboard_index.html", {"dashboards": visible})


@require_safe
@login_required
def page(request, key):
    dashboard = _dashboard(request, key)
    form = _form(request, dashboard)
    panels, computed_at, status = [], None, 200
    if form.is_valid():
        query = dashboards.Query(dashboard, form.cleaned_data)
        computed_at = query.computed_at()
        if settings.DASHBOARD_REBUILD_ON_VIEW and (
            computed_at is None or (timezone.now() - computed_at).total_seconds() > settings.DASHBOARD_REFRESH_SECONDS
        ):
            computed_at = summaries.rebuild(key).computed_at  # no beat in the embedded mode
        panels = _prepare(dashboard.panels(query))
    else:
        status = 400
    return render(request, "statistics/dashboard.html", {
        "dashboard": dashboard, "form": form, "panels": panels, "computed_at": computed_at,
        "others": [d for d in dashboards.visible(request.user) if d.key != key],
        "query_string": request.GET.urlencode(),
    }, status=status)


@require_safe
@login_required
def download(request, key, panel, fmt):
    dashboard = _dashboard(request, key)
    form = _form(request, dashboard)
    if not form.is_valid():
        return render(request, "statistics/dashboard.html", {
            "dashboard": dashboard, "form": form, "panels": [], "computed_at": None, "others": [],
        }, status=400)
    query = dashboards.Query(dashboard, form.cleaned_data)
    found = next((p for p in dashboard.panels(query) if p.name == panel), None)
    if found is None:
        raise Http404
    filename = f"{key}-{panel}-{timezone.localdate():%Y%m%d}"
    if fmt == "csv":
        return exports.csv_response(found, filename)
    return exports.xlsx_response(found, filename, title=found.title, computed_at=query.computed_at())




