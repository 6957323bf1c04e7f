"""Summary rows of the staff dashboards (issue 19, items 1 and 2), kept by the database.

`Figure` rows are rebuilt by the beat task `portal.statistics.tasks.refresh_dashboards` from the live tables
(each dashboard's `build` in the domain app that owns the data): one row per cell of the finest grain
(province, scheme, route, funding, month), then rolled up in SQL to the coarser grains a dashboard asks for
without those filters (national, regional office, province). A dashboard reads one grain with exact filters
and sums a handful of rows, whatever the size of the live tables. `FigureRun` says when a dashboard's
figures were computed. `ProvinceNeed` holds the configurable need for certified workers per province."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Grain(models.TextChoices):
    NATIONAL = "n", _("national")
    OFFICE = "o", _("regional office")
    PROVINCE = "p", _("province")
    FULL = "f", _("province, scheme, route and funding")


class Figure(models.Model):
    """One cell of a dashboard's summary: `value` of (`key`, `key2`, `days`) in a panel, for one cell of the
    dimensions at one grain. Dimensions not part of the grain are NULL / ""."""

    dashboard = models.CharField(max_length=20)
    panel = models.CharField(max_length=30)
    grain = models.CharField(max_length=1, choices=Grain.choices)
    office_id = models.IntegerField(null=True)
    province_id = models.IntegerField(null=True)
    scheme = models.CharField(max_length=20, blank=True, default="")
    route = models.CharField(max_length=20, blank=True, default="")
    funding = models.CharField(max_length=10, blank=True, default="")
    period = models.DateField(null=True)  # first day of the month; NULL for figures of the day (stock)
    key = models.CharField(max_length=60)
    key2 = models.CharField(max_length=60, blank=True, default="")
    days = models.IntegerField(null=True)  # lower bound of a duration bin (histograms), else NULL
    value = models.BigIntegerField(default=0)

    class Meta:
        indexes = [
            models.Index(
                fields=["dashboard", "panel", "grain", "province_id", "scheme", "route", "funding", "period"],
                name="figure_lookup_idx",
            ),
            models.Index(fields=["dashboard", "panel", "grain", "office_id", "period"], name="figure_office_idx"),
            # The slowest cases: the rows with the most days first (`Query.top`).
            models.Index(fields=["dashboard", "panel", "grain", "-days"], name="figure_top_idx"),
        ]

    def __str__(self):
        return f"{self.dashboard}.{self.panel} {self.key}/{self.key2}={self.value}"


class FigureRun(models.Model):
    """When a dashboard's figures were last computed, and how long it took."""

    dashboard = models.CharField(max_length=20, unique=True)
    computed_at = models.DateTimeField()
    seconds = models.FloatField(default=0)
    rows = models.PositiveIntegerField(default=0)

    def __str__(self):
        return f"{self.dashboard} {self.computed_at:%Y-%m-%d %H:%M}"


class ProvinceNeed(models.Model):
    """How many certified workers a province needs. `need` when set; otherwise its people with welfare
    problems divided by DASHBOARD_PEOPLE_PER_WORKER (the 1:100 rule)."""

    province = models.OneToOneField(
        "regions.Province", on_delete=models.CASCADE, related_name="need", verbose_name=_("province")
    )
    welfare_population = models.PositiveIntegerField(
        _("people with welfare problems"), null=True, blank=True,
        help_text=_("PMKS counted in the province; the need follows the 1:100 rule unless set below."),
    )
    need = models.PositiveIntegerField(_("certified workers needed"), null=True, blank=True)

    class Meta:
        ordering = ["province__code"]
        verbose_name = _("need for certified workers")
        verbose_name_plural = _("needs for certified workers")

    def __str__(self):
        return str(self.province)

    def needed(self, people_per_worker):
        if self.need is not None:
            return self.need
        if self.welfare_population is not None:
            return -(-self.welfare_population // people_per_worker)
        return None
