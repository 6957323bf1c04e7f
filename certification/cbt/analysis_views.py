"""Item analysis pages (item writers and LSP admins; everyone else 404): the report for a scheme, a session
or a period, its CSV and XLSX, and an item's figures per version on the item's page. Thin: the filter form,
the two queries of `analysis_data`, the arithmetic of `analysis`, the rows of `analysis_tables`."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from . import analysis, analysis_data, analysis_tables, charts, rules
from .forms import AnalysisForm
from .models import Item


def _require_writer(user):
    if not rules.may_write_items(user):
        raise Http404


def _report(request):
    """The filter form, and when it is valid (matrix, report, table); (form, None) otherwise."""
    form = AnalysisForm(request.GET or None)
    if not form.is_valid():
        return form, None
    matrix = analysis_data.matrix(analysis_data.submitted(**form.filters()), visible_items=Item.objects.visible_to(request.user))
    report = matrix.report()
    return form, (matrix, report, analysis_tables.rows(matrix, report))


def _title(form):
    data = form.cleaned_data
    parts = [_("Item analysis")]
    if data.get("session"):
        parts.append(str(data["session"]))
    elif data.get("scheme"):
        parts.append(data["scheme"].name)
    if data.get("since") or data.get("until"):
        parts.append(f"{data.get('since') or '…'} – {data.get('until') or '…'}")
    return " · ".join(parts)


@login_required
def analysis_page(request):
    _require_writer(request.user)
    form, result = _report(request)
    context = {"form": form, "thresholds": thresholds()}
    if result is not None:
        _matrix, report, table = result
        context.update({
            "report": report, "title": _title(form), "query": request.GET.urlencode(),
            "lines": [(row, charts.option_bars(row.name, row.stats, f"bars-{row.label.version_id}")) for row in table],
            "scatter": charts.scatter([(row.name, row.stats) for row in table]),
            "flagged": sum(1 for row in table if row.stats.flags),
        })
    return render(request, "cbt/analysis.html", context)


@login_required
def analysis_export(request, fmt):
    _require_writer(request.user)
    form, result = _report(request)
    if result is None:
        return render(request, "cbt/analysis.html", {"form": form, "thresholds": thresholds()}, status=400)
    _matrix, report, table = result
    if fmt == "xlsx":
        return analysis_tables.xlsx_response(table, report, "analisis-butir", title=_title(form))
    return analysis_tables.csv_response(table, report, "analisis-butir")


def thresholds():
    return {
        "easy": number_format(float(analysis.TOO_EASY_ABOVE), 1), "hard": number_format(float(analysis.TOO_HARD_BELOW), 1),
        "min_n": analysis.MIN_CANDIDATES_FOR_FLAGS,
    }


def item_versions_stats(user, item, versions):
    """For the item's page: each version's figures over every submitted test that held it (a `stats`, a
    `flag_labels` and a `bars` attribute on each version; None when no test held it). Three queries."""
    matrix = analysis_data.item_matrix(item, visible_items=Item.objects.visible_to(user))
    report = matrix.report() if matrix.responses else None
    for version in versions:
        stats = report.items.get(version.pk) if report else None
        version.stats = stats
        version.flag_labels = [str(analysis_tables.FLAG_LABELS[f]) for f in stats.flags] if stats else []
        version.bars = charts.option_bars(_("version %(n)s") % {"n": version.number}, stats, f"bars-{version.pk}") if stats else ""
    return versions
