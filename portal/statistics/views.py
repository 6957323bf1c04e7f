"""The public statistics page and its open-data downloads (CSV + a Frictionless Data Package descriptor)."""

import csv

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from portal.core.ratelimit import ratelimit

from . import public, suppression

RATE_SCOPE = "statistics"
LICENCE = {"name": "CC-BY-4.0", "title": "Creative Commons Attribution 4.0", "path": "https://creativecommons.org/licenses/by/4.0/"}


def _public(response):
    patch_cache_control(response, public=True, max_age=settings.PUBLIC_STATISTICS_SECONDS)
    return response


def _datasets():
    return {
        "workers": {
            "title": _("Certified social workers by province and scheme"),
            "description": _(
                "Holders of a social-worker certificate of LSP Kemensos that is valid on the day the figures were "
                "computed (not suspended, revoked or expired), by the province of the application and the "
                "certification scheme. Counts from 1 to 4 are shown as <5; x marks a count withheld so that a total "
                "does not reveal a small one."
            ),
            "column": _("scheme"),
        },
        "lks": {
            "title": _("Accredited social welfare institutions (LKS) by province and grade"),
            "description": _(
                "LKS holding a BALKS accreditation that is valid on the day the figures were computed, by the "
                "province of the institution and the grade. Counts from 1 to 4 are shown as <5; x marks a count "
                "withheld so that a total does not reveal a small one."
            ),
            "column": _("grade"),
        },
    }


def _bars(table):
    """The national totals as a server-drawn SVG bar chart (no script, the strict CSP holds): per column its
    label, value and bar width (% of the largest); a suppressed total gets no bar."""
    known = [value for value in table.column_totals if not suppression.hidden(value)]
    top = max(known, default=0) or 1
    return [
        {"label": column, "value": value, "width": 0 if suppression.hidden(value) else round(100 * value / top)}
        for column, value in zip(table.columns, table.column_totals)
    ]


@require_safe
@ratelimit(RATE_SCOPE)
def page(request):
    figures = public.figures()
    datasets = _datasets()
    return _public(render(request, "statistics/public.html", {
        "figures": figures,
        "tables": [
            ("workers", datasets["workers"], figures.workers, _bars(figures.workers)),
            ("lks", datasets["lks"], figures.lks, _bars(figures.lks)),
        ],
    }))


@require_safe
@ratelimit(RATE_SCOPE)
def download(request, dataset):
    figures = public.figures()
    table = {"workers": figures.workers, "lks": figures.lks}.get(dataset)
    if table is None:
        return JsonResponse({"error": "unknown dataset", "datasets": ["workers", "lks"]}, status=404)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{dataset}.csv"'
    writer = csv.writer(response)
    writer.writerow(["kode_provinsi", "nama_provinsi", "skema" if dataset == "workers" else "peringkat", "jumlah"])
    for code, name, column, value in table.records():
        writer.writerow([code, name, column, value])
    return _public(response)


@require_safe
@ratelimit(RATE_SCOPE)
def datapackage(request):
    """A Frictionless Data Package descriptor (datapackage.json) for the two CSV files: title, definition,
    period, source, licence, fields (Kemendagri province codes), in the spirit of Satu Data Indonesia."""
    figures = public.figures()
    computed = figures.computed_at.isoformat(timespec="seconds")
    resources = []
    for name, meta in _datasets().items():
        resources.append({
            "name": name,
            "path": settings.SITE_URL + reverse("statistics:download", args=[name]),
            "title": meta["title"],
            "description": meta["description"],
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "schema": {"fields": [
                {"name": "kode_provinsi", "type": "string",
                 "description": _("Province code of Kemendagri (two digits, as the first two digits of the NIK)")},
                {"name": "nama_provinsi", "type": "string", "description": _("Province name")},
                {"name": "skema" if name == "workers" else "peringkat", "type": "string", "description": meta["column"]},
                {"name": "jumlah", "type": "string",
                 "description": _("Count; <5 for a count from 1 to 4, x where it is withheld so that a total does not reveal a small count")},
            ]},
        })
    return _public(JsonResponse({
        "profile": "data-package",
        "name": "lsp-kemensos-statistik-publik",
        "title": _("Public statistics of LSP Kemensos and BALKS"),
        "description": _("Certified social workers and accredited LKS, from the credential register."),
        "created": computed,
        "temporal": {"start": computed[:10], "end": computed[:10]},
        "licenses": [LICENCE],
        "sources": [{"title": _("Credential register of the portal (LSP Kemensos, BALKS)"), "path": settings.SITE_URL}],
        "resources": resources,
    }, json_dumps_params={"ensure_ascii": False}))
