"""BALKS's dashboard (issue 19, item 1): LKS by grade, type and province; the accreditation pipeline with the
days spent in each stage; visitations planned and done. `build()` makes the summary cells from the live tables
(run by the kernel's rebuild task, `portal.statistics.summaries`), `panels()` reads them on the page."""

import heapq
from collections import defaultdict

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.core.dashboard import Panel as HomePanel
from portal.core.navigation import NavLink
from portal.regions.models import Province
from portal.statistics import summaries
from portal.statistics.dashboards import Dashboard, Panel, bars, percentile
from portal.statistics.summaries import Cell, Counter, day_bin, month

from .choices import AccreditationStatus, Grade, ServiceField
from .hooks import MENU
from .models import Accreditation, Institution, InstitutionService, Visitation

KEY = "accreditation"
CLOSED = {AccreditationStatus.CERTIFIED, AccreditationStatus.DECIDED}
STAGES = list(AccreditationStatus.values)
CHUNK = 20000
SLOWEST_PER_CELL = 10


def may_view(user):
    return user.is_authenticated and (user.is_balks_admin or (user.is_secretariat and user.regional_office_id is not None))


# --- summary cells -------------------------------------------------------------------------------
def build():
    counter = Counter()
    now = timezone.now()
    offices = dict(Province.objects.values_list("pk", "regional_office_id"))
    types = defaultdict(set)
    for institution_id, field in InstitutionService.objects.values_list("institution_id", "field").order_by().iterator(chunk_size=CHUNK):
        types[institution_id].add(field)
    today = timezone.localdate()
    rows = Institution.objects.values_list("pk", "province_id", "grade", "accredited_until").order_by()
    for pk, province_id, grade, until in rows.iterator(chunk_size=CHUNK):
        grade = grade if grade and until and until >= today else "none"
        dims = {"province_id": province_id, "office_id": offices.get(province_id)}
        counter.add(Cell(panel="lks", key=grade, **dims))
        for field in types.get(pk, ()):
            counter.add(Cell(panel="lks", key=grade, key2=f"type:{field}", **dims))
    starts, dims_of = {}, {}
    rows = Accreditation.objects.values_list("pk", "created_at", "status", "province_id", "regional_office_id").order_by()
    for pk, created_at, status, province_id, office_id in rows.iterator(chunk_size=CHUNK):
        starts[pk] = (created_at, AccreditationStatus.DRAFT)
        dims_of[pk] = {"province_id": province_id, "office_id": office_id, "period": month(created_at)}
        counter.add(Cell(panel="pipeline", key=status, **dims_of[pk]))
    slowest = defaultdict(list)
    for pk, stage, days, current in summaries.stays(Accreditation, starts, CLOSED, now, chunk=CHUNK):
        dims = dims_of[pk]
        counter.add(Cell(panel="stays", key=stage, days=day_bin(days), **dims))
        if current and stage != AccreditationStatus.DRAFT:
            heap = slowest[tuple(dims.values())]
            (heapq.heappush if len(heap) < SLOWEST_PER_CELL else heapq.heappushpop)(heap, (days, pk, stage))
    for (province_id, office_id, period), heap in slowest.items():
        for days, pk, stage in heap:
            counter.add(Cell(panel="slowest", key=stage, key2=str(pk), days=days, province_id=province_id,
                             office_id=office_id, period=period))
    rows = Visitation.objects.values_list(
        "date", "accreditation__visited_at", "accreditation__province_id", "accreditation__regional_office_id"
    ).order_by()
    for date, visited_at, province_id, office_id in rows.iterator(chunk_size=CHUNK):
        key = "done" if visited_at else ("overdue" if date < today else "planned")
        counter.add(Cell(panel="visits", key=key, province_id=province_id, office_id=office_id, period=month(date)))
    return counter


# --- panels ----------------------------------------------------------------------------------------
def panels(query):
    provinces = {p.pk: p for p in Province.objects.all()}
    return [_lks(query, provinces), _pipeline(query), _visits(query, provinces)]


GRADES = [Grade.A, Grade.B, Grade.C]


def _grade_labels():
    labels = {g: str(label) for g, label in Grade.choices if g in GRADES}
    labels["none"] = _("Not accredited (or expired)")
    return labels


def _lks(query, provinces):
    split = query.sum("lks", by=("key", "key2"), period=False)
    by_province = query.sum("lks", by=("key",), by_province=True, period=False, key2="")
    order = [*GRADES, "none"]
    types = dict(ServiceField.choices)
    rows = [[_("All LKS"), *(split.get((g, ""), 0) for g in order)]]
    for field, label in types.items():
        values = [split.get((g, f"type:{field}"), 0) for g in order]
        if any(values):
            rows.append([_("Type: %(name)s") % {"name": label}, *values])
    for province_id in sorted({p for (_k, p) in by_province if p}, key=lambda p: provinces[p].code):
        rows.append([_("Province: %(name)s") % {"name": provinces[province_id].name},
                     *(by_province.get((g, province_id), 0) for g in order)])
    labels = _grade_labels()
    return Panel(
        name="lks", title=_("LKS by grade, type and province"),
        columns=[_("Group"), *(labels[g] for g in order)],
        rows=rows, bars=bars([(row[0], row[1:4]) for row in rows if any(row[1:4])]),
        legend=[("bar-a", labels[Grade.A]), ("bar-b", labels[Grade.B]), ("bar-c", labels[Grade.C])],
        note=_("Registered LKS today by the grade of their valid accreditation (the period filter does not apply); "
               "an LKS serving several groups counts under each type."),
        period_applies=False,
    )


def _pipeline(query):
    counts = query.sum("pipeline")
    stays = query.sum("stays", by=("key", "days"))
    histograms = {}
    for (stage, days), n in stays.items():
        histograms.setdefault(stage, {})[days] = n
    labels = dict(AccreditationStatus.choices)
    rows = []
    for stage in STAGES:
        histogram = histograms.get(stage, {})
        rows.append([labels[stage], counts.get((stage,), 0), percentile(histogram, 0.5), percentile(histogram, 0.9),
                     sum(histogram.values())])
    links = [
        (f"#{row['key2']}", reverse("accreditation:detail", args=[int(row["key2"])]),
         _("%(stage)s for %(days)s days") % {"stage": labels.get(row["key"], row["key"]), "days": row["days"]})
        for row in query.top("slowest")
    ]
    return Panel(
        name="pipeline", title=_("Accreditation pipeline"),
        columns=[_("Stage"), _("Accreditations now"), _("Median days in stage"), _("90th percentile days"), _("Stays counted")],
        rows=rows, bars=bars([(row[0], [row[1]]) for row in rows if row[1]]),
        note=_("Accreditations by their status now, by the month they were started; days in a stage as in the "
               "certification funnel."),
        links=links,
    )


def _visits(query, provinces):
    figures = query.sum("visits", by=("key",), by_province=True)
    keys = ("planned", "overdue", "done")
    rows = [[provinces[p].name, *(figures.get((k, p), 0) for k in keys)]
            for p in sorted({p for (_k, p) in figures if p}, key=lambda p: provinces[p].code)]
    if rows:
        rows.append([_("Total"), *(sum(row[i] for row in rows) for i in range(1, 4))])
    return Panel(
        name="visits", title=_("Visitations planned and done"),
        columns=[_("Province"), _("Planned"), _("Date passed, not completed"), _("Done")],
        rows=rows, bars=bars([(row[0], [row[3], row[1], row[2]]) for row in rows[:-1]]),
        legend=[("bar-a", _("Done")), ("bar-b", _("Planned")), ("bar-c", _("Date passed, not completed"))],
        note=_("Visitations by the month of their date."),
    )


DASHBOARD = Dashboard(
    key=KEY,
    title=gettext_lazy("Accreditation dashboard"),
    description=gettext_lazy("LKS by grade, type and province, the accreditation pipeline and visitations."),
    may_view=may_view,
    panels=panels,
    filters=("period", "region", "province"),
    order=20,
)


def nav_links(user):
    if may_view(user):
        return [NavLink(_("Accreditation dashboard"), reverse("dashboards:page", args=[KEY]), order=29, menu=MENU)]
    return []


def home_panels(user):
    if not may_view(user):
        return []
    return [HomePanel(
        title=_("Accreditation dashboard"),
        body=_("LKS by grade, type and province, the pipeline with the days in each stage, and visitations."),
        url=reverse("dashboards:page", args=[KEY]), link_label=_("Open the dashboard"), tone="secondary", order=81,
    )]
