"""The public statistics (no sign-in): certified social workers by province and scheme, accredited LKS by
province and grade, from the credential register (valid today: not suspended, revoked or expired).
Computed with one GROUP BY per table on `Credential` (index kind, province, status) and kept in the cache
framework for `PUBLIC_STATISTICS_SECONDS`; the page says when its figures were computed.
Small counts are suppressed (`suppression.py`) before anything leaves: the cached tables hold only what may
be published."""

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count
from django.utils import timezone

from portal.credentials.models import Credential
from portal.regions.models import Province

from . import suppression

CACHE_KEY = "statistics:public:v1"


@dataclass
class Table:
    """Rows: provinces (Kemendagri code, name); columns: schemes or grades; every count already suppressed
    (an int, or "<5" / "x": `suppression.PRIMARY` / `SECONDARY`); the totals likewise."""

    columns: list
    rows: list  # [(code, name, [cells], row total)]
    column_totals: list
    total: int | str

    def records(self):
        """(code, name, column, cell) for the CSV: one line per province and column."""
        for code, name, cells, _total in self.rows:
            for column, cell in zip(self.columns, cells):
                yield code, name, column, cell


@dataclass
class Figures:
    computed_at: datetime
    workers: Table
    lks: Table


def _table(kind, provinces):
    today = timezone.localdate()
    counts = (
        Credential.objects.filter(kind=kind, status=Credential.Status.VALID, valid_until__gte=today)
        .exclude(province=None)
        .values("province_id", "subject")
        .annotate(n=Count("id"))
    )
    by_cell = {(row["province_id"], row["subject"]): row["n"] for row in counts}
    columns = sorted({subject for _province, subject in by_cell})
    grid = [[by_cell.get((province.pk, column), 0) for column in columns] for province in provinces]
    # The margins are cells too: a row or column total must not give a suppressed cell away.
    extended = [row + [sum(row)] for row in grid]
    extended.append([sum(row[i] for row in extended) for i in range(len(columns) + 1)])
    if not columns:
        extended = [[0] for _ in provinces] + [[0]]
    published = suppression.suppress(extended)
    rows = [
        (province.code, province.name, published[i][:-1], published[i][-1]) for i, province in enumerate(provinces)
    ]
    return Table(
        columns=columns, rows=rows, column_totals=published[-1][:-1], total=published[-1][-1],
    )


def compute():
    provinces = list(Province.objects.order_by("code"))
    return Figures(
        computed_at=timezone.now(),
        workers=_table(Credential.Kind.WORKER_CERTIFICATE, provinces),
        lks=_table(Credential.Kind.LKS_ACCREDITATION, provinces),
    )


def figures():
    """The published figures, from the cache (computed at most every PUBLIC_STATISTICS_SECONDS)."""
    return cache.get_or_set(CACHE_KEY, compute, settings.PUBLIC_STATISTICS_SECONDS)


