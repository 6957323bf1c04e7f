"""The certification dashboard's panels, read from the summary rows (`portal.statistics.dashboards.Query`):
each panel is one or two `GROUP BY`s over a handful of rows, whatever the size of the live tables."""

from django.conf import settings
from django.contrib.humanize.templatetags.humanize import intcomma
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from certification.choices import ApplicationStatus
from certification.exams.models import Tuk
from certification.models import FundingSource, Route, Scheme
from portal.accounts.models import User
from portal.regions.models import Province
from portal.statistics.dashboards import Dashboard, Panel, bars, percentile
from portal.statistics.models import ProvinceNeed

KEY = "certification"

#: The funnel's stages, in the order a file goes through them.
STAGES = [
    ApplicationStatus.DRAFT, ApplicationStatus.SUBMITTED, ApplicationStatus.REVISION_REQUESTED,
    ApplicationStatus.ELIGIBLE, ApplicationStatus.IN_ASSESSMENT, ApplicationStatus.ASSESSED_PROCEED,
    ApplicationStatus.EXAM_BOOKED, ApplicationStatus.EXAM_ATTENDED, ApplicationStatus.NO_SHOW,
    ApplicationStatus.COMPETENT, ApplicationStatus.NOT_YET_COMPETENT, ApplicationStatus.ASSESSED_NOT_YET,
    ApplicationStatus.INELIGIBLE, ApplicationStatus.WITHDRAWN,
]


def may_view(user):
    return user.is_authenticated and (user.is_lsp_admin or (user.is_secretariat and user.regional_office_id is not None))


def choices():
    return {
        "scheme": list(Scheme.objects.order_by("order", "name").values_list("code", "name")),
        "route": list(Route.Kind.choices),
        "funding": list(FundingSource.choices),
    }


def panels(query):
    provinces = {p.pk: p for p in Province.objects.all()}
    return [
        _funnel(query),
        _outcomes(query, provinces),
        _certified(query, provinces),
        _exams(query, provinces),
        _tuks(query),
        _assessors(query),
    ]


def _pct(part, whole):
    return round(100 * part / whole, 1) if whole else None


def _funnel(query):
    counts = query.sum("funnel")
    stays = query.sum("stays", by=("key", "days"))
    histograms = {}
    for (stage, days), n in stays.items():
        histograms.setdefault(stage, {})[days] = n
    labels = dict(ApplicationStatus.choices)
    rows = []
    for stage in STAGES:
        histogram = histograms.get(stage, {})
        rows.append([
            labels[stage], counts.get((stage,), 0), percentile(histogram, 0.5), percentile(histogram, 0.9),
            sum(histogram.values()),
        ])
    links = [
        (
            f"APL-{int(row['key2']):06d}", reverse("certification:application_detail", args=[int(row["key2"])]),
            _("%(stage)s for %(days)s days") % {"stage": labels.get(row["key"], row["key"]), "days": row["days"]},
        )
        for row in query.top("slowest")
    ]
    return Panel(
        name="funnel", title=_("Certification funnel"),
        columns=[_("Stage"), _("Applications now"), _("Median days in stage"), _("90th percentile days"), _("Stays counted")],
        rows=rows, bars=bars([(row[0], [row[1]]) for row in rows if row[1]]),
        note=_(
            "Applications by their status now, by the month they were created. Days in a stage: from entering it "
            "to leaving it, or to today for a stage not yet left (nearest-rank percentiles; exact up to 60 days, "
            "then by week and by month)."
        ),
        links=links,
    )


def _outcomes(query, provinces):
    split = query.sum("outcomes", by=("key", "key2"))
    by_province = query.sum("outcomes", by=("key",), by_province=True, key2="")
    k, bk = ApplicationStatus.COMPETENT, ApplicationStatus.NOT_YET_COMPETENT
    schemes = dict(Scheme.objects.values_list("code", "name"))
    routes = dict(Route.Kind.choices)
    groups = {"": _("All")}
    for key2 in sorted({key2 for (_key, key2) in split if key2}):
        kind, value = key2.split(":", 1)
        if kind == "scheme":
            groups[key2] = _("Scheme: %(name)s") % {"name": schemes.get(value, value)}
        elif kind == "route":
            groups[key2] = _("Route: %(name)s") % {"name": routes.get(value, value)}
        else:
            groups[key2] = _("Social-work education") if value == "yes" else _("Other education")
    rows = []
    for key2, label in groups.items():
        yes, no = split.get((k, key2), 0), split.get((bk, key2), 0)
        rows.append([label, yes, no, _pct(yes, yes + no)])
    for province_id in sorted({p for (_key, p) in by_province if p}, key=lambda p: provinces[p].code):
        yes, no = by_province.get((k, province_id), 0), by_province.get((bk, province_id), 0)
        rows.append([_("Province: %(name)s") % {"name": provinces[province_id].name}, yes, no, _pct(yes, yes + no)])
    return Panel(
        name="outcomes", title=_("Outcomes: Kompeten and Belum Kompeten"),
        columns=[_("Group"), _("Kompeten"), _("Belum Kompeten"), _("% Kompeten")],
        rows=rows, bars=bars([(row[0], [row[1], row[2]]) for row in rows if row[1] or row[2]]),
        legend=[("bar-a", _("Kompeten")), ("bar-b", _("Belum Kompeten"))],
        note=_("Plenary decisions, by the month the application was created."),
    )


def _certified(query, provinces):
    figures = query.sum("certified", by=("key",), by_province=True, period=False)
    needs = {n.province_id: n.needed(settings.DASHBOARD_PEOPLE_PER_WORKER) for n in ProvinceNeed.objects.all()}
    shown = [p for p in sorted(provinces.values(), key=lambda p: p.code)
             if (query.province is None or p.pk == query.province.pk)
             and (query.region is None or p.regional_office_id == query.region.pk)]
    rows = []
    for province in shown:
        valid = figures.get(("valid", province.pk), 0)
        need = needs.get(province.pk)
        rows.append([
            province.name, valid, need, _pct(valid, need), figures.get(("expiring_6", province.pk), 0),
            figures.get(("expiring_12", province.pk), 0),
        ])
    total = sum(row[1] for row in rows)
    known = [row[2] for row in rows if row[2] is not None]
    national_need = sum(known) if known else (
        settings.DASHBOARD_NATIONAL_NEED if query.region is None and query.province is None else None
    )
    rows.append([
        _("Total"), total, national_need, _pct(total, national_need), sum(row[4] for row in rows),
        sum(row[5] for row in rows),
    ])
    return Panel(
        name="certified", title=_("Certified workers against the need"),
        columns=[_("Province"), _("Valid certificates"), _("Need"), _("% of need"), _("Expiring within 6 months"),
                 _("Expiring within 12 months")],
        rows=rows, bars=bars([(row[0], [row[1]]) for row in rows[:-1] if row[1]]),
        note=_(
            "Valid certificates today (the period filter does not apply). The need of a province is the one set "
            "for it, or one certified worker per %(n)s people with welfare problems counted there; without any, "
            "the national need of %(national)s workers applies."
        ) % {"n": settings.DASHBOARD_PEOPLE_PER_WORKER, "national": intcomma(settings.DASHBOARD_NATIONAL_NEED)},
        period_applies=False,
    )


def _exams(query, provinces):
    figures = query.sum("exams", by=("key",), by_province=True)
    keys = ("sessions", "offered", "booked", "attended", "no_show", "waitlisted")
    rows = []
    for province_id in sorted({p for (_k, p) in figures if p}, key=lambda p: provinces[p].code):
        rows.append([provinces[province_id].name, *(figures.get((key, province_id), 0) for key in keys)])
    if rows:
        rows.append([_("Total"), *(sum(row[i] for row in rows) for i in range(1, len(keys) + 1))])
    return Panel(
        name="exams", title=_("Exams and briefings"),
        columns=[_("Province"), _("Sessions"), _("Seats offered"), _("Seats booked"), _("Attended"), _("No-shows"),
                 _("Waitlisted")],
        rows=rows, bars=bars([(row[0], [row[4], row[5], max(0, row[2] - row[4] - row[5])]) for row in rows[:-1]]),
        legend=[("bar-a", _("Attended")), ("bar-b", _("No-shows")), ("bar-c", _("Seats not yet used"))],
        note=_("Exam and briefing sessions by the month they start, in the province of the venue."),
    )


def _tuks(query):
    figures = query.sum("tuk", by=("key", "key2"))
    keys = ("sessions", "offered", "booked", "attended", "no_show", "waitlisted")
    per = {}
    for (key, tuk), n in figures.items():
        per.setdefault(int(tuk), {})[key] = n
    top = sorted(per.items(), key=lambda item: (-item[1].get("sessions", 0), item[0]))[:20]
    names = dict(Tuk.objects.filter(pk__in=[pk for pk, _counts in top]).values_list("pk", "name"))
    rows = [[names.get(pk) or f"#{pk}", *(counts.get(key, 0) for key in keys)] for pk, counts in top]
    return Panel(
        name="tuk", title=_("Exams by test site (TUK)"),
        columns=[_("Test site (TUK)"), _("Sessions"), _("Seats offered"), _("Seats booked"), _("Attended"), _("No-shows"),
                 _("Waitlisted")],
        rows=rows, bars=bars([(row[0], [row[4], row[5]]) for row in rows]),
        legend=[("bar-a", _("Attended")), ("bar-b", _("No-shows"))],
        note=_("The twenty test sites with the most sessions; sessions held online have no test site."),
    )


def _assessors(query):
    work = query.sum("assessors", by=("key", "key2"))
    agreement = query.sum("agreement", by=("key2",))
    per = {}
    for (key, state), n in work.items():
        per.setdefault(int(key.split(":", 1)[1]), {})[state] = n
    top = sorted(per.items(), key=lambda item: (-item[1].get("open", 0) - item[1].get("overdue", 0), item[0]))[:20]
    names = dict(User.objects.filter(pk__in=[pk for pk, _counts in top]).values_list("pk", "full_name"))
    rows = [
        [names.get(pk) or f"#{pk}", counts.get("open", 0), counts.get("overdue", 0), counts.get("submitted", 0)]
        for pk, counts in top
    ]
    agreed, reconciled = agreement.get(("agreed",), 0), agreement.get(("reconciled",), 0)
    note = ngettext(
        "%(n)s file assessed by two assessors; ", "%(n)s files assessed by two assessors; ", agreed + reconciled,
    ) % {"n": agreed + reconciled} + _("reconciliation was needed for %(r)s (%(pct)s%%).") % {
        "r": reconciled, "pct": _pct(reconciled, agreed + reconciled) or 0,
    }
    return Panel(
        name="assessors", title=_("Assessors: workload and agreement"),
        columns=[_("Assessor"), _("Open assignments"), _("Overdue"), _("Submitted")],
        rows=rows, bars=bars([(row[0], [row[1], row[2]]) for row in rows]),
        legend=[("bar-a", _("Open assignments")), ("bar-b", _("Overdue"))],
        note=note,
    )


DASHBOARD = Dashboard(
    key=KEY,
    title=gettext_lazy("Certification dashboard"),
    description=gettext_lazy("Applications, outcomes, certified workers, exams and assessors."),
    may_view=may_view,
    panels=panels,
    choices=choices,
    filters=("period", "region", "province", "scheme", "route", "funding"),
    order=10,
)
