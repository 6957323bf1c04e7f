"""The staff dashboards' framework: a domain app registers a `Dashboard` (who may see it, its filters'
choices, its panels); the kernel gives the filter form, the scoped `Query` over the summary rows
(`Figure`), the charts (server-drawn SVG) and the CSV / XLSX downloads. Every query of a panel is one
`GROUP BY` over the summary rows of one grain, so a page costs the same number of queries whatever the size
of the live tables (tests/statistics/test_dashboards.py counts them)."""

from dataclasses import dataclass, field
from datetime import date

from django import forms
from django.db.models import Sum
from django.utils.translation import gettext_lazy as _

from portal.regions.models import Province, RegionalOffice

from .models import Figure, FigureRun, Grain

_dashboards = {}


@dataclass
class Dashboard:
    key: str
    title: str
    description: str
    may_view: callable  # (user) -> bool
    panels: callable  # (query) -> list[Panel]
    choices: callable = None  # () -> {"scheme": [(value, label)], "route": [...], "funding": [...]}
    filters: tuple = ("period", "region", "province")
    order: int = 50


@dataclass
class Panel:
    """A panel: its table (`columns`, `rows` of plain values), its chart (`bars`), a note. `name` is its slug
    in download addresses."""

    name: str
    title: str
    columns: list
    rows: list
    bars: list = field(default_factory=list)
    legend: list = field(default_factory=list)  # [(css class, label)] of the bars' segments
    note: str = ""
    links: list = field(default_factory=list)  # [(label, url, detail)]: the slowest cases
    period_applies: bool = True


def register(dashboard):
    _dashboards[dashboard.key] = dashboard
    return dashboard


def get(key):
    return _dashboards.get(key)


def visible(user):
    return sorted((d for d in _dashboards.values() if d.may_view(user)), key=lambda d: d.order)


# --- charts ----------------------------------------------------------------------------------------
SERIES = ("bar-a", "bar-b", "bar-c", "bar-d")


def bars(items):
    """`items`: (label, [values of the segments]). Returns bars for the SVG template: each with its label, its
    total and segments (x, width in % of the longest bar, css class)."""
    totals = [sum(v or 0 for v in values) for _label, values in items]
    top = max(totals, default=0) or 1
    result = []
    for (label, values), total in zip(items, totals):
        x = 0.0
        segments = []
        for i, value in enumerate(values):
            width = 100.0 * (value or 0) / top
            segments.append({"x": round(x, 2), "width": round(width, 2), "css": SERIES[i % len(SERIES)], "value": value})
            x += width
        result.append({"label": label, "total": total, "segments": segments})
    return result


# --- percentiles from histograms -----------------------------------------------------------------
def percentile(histogram, q):
    """Nearest-rank percentile (PostgreSQL's percentile_disc) of a {days: count} histogram; None if empty."""
    n = sum(histogram.values())
    if not n:
        return None
    rank = max(1, -(-int(q * 100) * n // 100))  # ceil(q·n), q in hundredths so that 0.9·10 is exactly 9
    seen = 0
    for days in sorted(histogram):
        seen += histogram[days]
        if seen >= rank:
            return days
    return max(histogram)


# --- filters ---------------------------------------------------------------------------------------
def _month(value):
    try:
        year, month = value.split("-")
        if len(year) != 4 or len(month) != 2:
            raise ValueError
        return date(int(year), int(month), 1)
    except ValueError:
        raise forms.ValidationError(_("Enter a month as YYYY-MM, e.g. 2026-03."), code="month") from None


class MonthField(forms.CharField):
    def __init__(self, **kwargs):
        super().__init__(required=False, max_length=7, **kwargs)
        self.widget.input_type = "month"

    def clean(self, value):
        value = super().clean(value)
        return _month(value) if value else None


class FilterForm(forms.Form):
    start = MonthField(label=_("From (month)"))
    end = MonthField(label=_("To (month)"))
    region = forms.ChoiceField(label=_("Regional office"), required=False)
    province = forms.ChoiceField(label=_("Province"), required=False)
    scheme = forms.ChoiceField(label=_("Scheme"), required=False)
    route = forms.ChoiceField(label=_("Route"), required=False)
    funding = forms.ChoiceField(label=_("Funding"), required=False)

    def __init__(self, data, *, dashboard, office=None):
        super().__init__(data)
        self.office = office
        offices = RegionalOffice.objects.order_by("code")
        provinces = Province.objects.order_by("code")
        if office is not None:
            offices = offices.filter(pk=office.pk)
            provinces = provinces.filter(regional_office=office)
        every = [("", _("All"))]
        self.fields["region"].choices = ([] if office else every) + [(o.code, f"{o.code} · {o.city}") for o in offices]
        self.fields["province"].choices = every + [(p.code, p.name) for p in provinces]
        extra = dashboard.choices() if dashboard.choices else {}
        for name in ("scheme", "route", "funding"):
            if name in dashboard.filters:
                self.fields[name].choices = every + list(extra.get(name, []))
            else:
                del self.fields[name]
        if "period" not in dashboard.filters:
            del self.fields["start"], self.fields["end"]
        self._offices = {o.code: o for o in offices}
        self._provinces = {p.code: p for p in provinces}

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and start > end:
            self.add_error("end", _("The end month is before the start month."))
        if data.get("region"):
            data["region"] = self._offices[data["region"]]
        elif self.office is not None:
            data["region"] = self.office
        else:
            data["region"] = None
        data["province"] = self._provinces.get(data.get("province") or "")
        if data["province"] and data["region"] and data["province"].regional_office_id != data["region"].pk:
            self.add_error("province", _("This province belongs to another regional office."))
        return data


class Query:
    """The summary rows of one dashboard, scoped and filtered: `sum()` and `top()` pick the grain the filters
    need and answer with one query each."""

    def __init__(self, dashboard, filters):
        self.dashboard = dashboard
        self.filters = filters
        self.region = filters.get("region")
        self.province = filters.get("province")
        self.scheme = filters.get("scheme") or ""
        self.route = filters.get("route") or ""
        self.funding = filters.get("funding") or ""
        self.start = filters.get("start")
        self.end = filters.get("end")

    def _rows(self, panel, *, by_province=False, full=False, period=True):
        rows = Figure.objects.filter(dashboard=self.dashboard.key, panel=panel)
        if full or self.scheme or self.route or self.funding:
            grain = Grain.FULL
        elif self.province or by_province:
            grain = Grain.PROVINCE
        elif self.region:
            grain = Grain.OFFICE
        else:
            grain = Grain.NATIONAL
        rows = rows.filter(grain=grain)
        for name in ("scheme", "route", "funding"):
            if getattr(self, name):
                rows = rows.filter(**{name: getattr(self, name)})
        if self.province:
            rows = rows.filter(province_id=self.province.pk)
        elif self.region:
            rows = rows.filter(office_id=self.region.pk)
        if period and self.start:
            rows = rows.filter(period__gte=self.start)
        if period and self.end:
            rows = rows.filter(period__lte=self.end)
        return rows

    def sum(self, panel, by=("key",), *, by_province=False, period=True, **match):
        """{tuple of `by` values: total} (a 1-tuple key when `by` has one field); `match`: exact conditions
        on the rows (e.g. key2="")."""
        fields = list(by) + (["province_id"] if by_province else [])
        rows = self._rows(panel, by_province=by_province, period=period).filter(**match)
        rows = rows.values(*fields).annotate(total=Sum("value"))
        return {tuple(row[f] for f in fields): row["total"] for row in rows}

    def top(self, panel, n=10, *, period=True):
        """The `n` rows of the finest grain with the most days (the slowest cases)."""
        rows = self._rows(panel, full=True, period=period).order_by("-days", "key2")
        return list(rows.values("key", "key2", "days", "province_id")[:n])

    def computed_at(self):
        run = FigureRun.objects.filter(dashboard=self.dashboard.key, seconds__gt=0).first()
        return run.computed_at if run else None
