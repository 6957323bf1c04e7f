"""The summaries behind the staff dashboards: each domain app registers a `Summary` (its dashboard's key and
a `build()` giving the cells of the finest grain); `rebuild(key)` replaces that dashboard's `Figure` rows in
one transaction (readers keep seeing the previous figures until it commits) and rolls them up in SQL to the
coarser grains. Run by the beat task `portal.statistics.tasks.refresh_dashboards` every
DASHBOARD_REFRESH_SECONDS, and by `manage.py refresh_dashboards`.

Why summary rows rebuilt by a task, not materialised views: the same code runs on SQLite (the embedded mode)
and PostgreSQL, the figures of one dashboard change together (one transaction), and the rebuild is plain
Python and SQL that tests can call. See docs/dashboards.md."""

import time
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime

from django.db import connection, transaction
from django.utils import timezone

from .models import Figure, FigureRun, Grain

_summaries = {}

#: Duration bins (days): every day up to 60, then weeks up to 182, then 30-day bins up to 730, then 730+.
BINS = list(range(61)) + list(range(63, 183, 7)) + list(range(190, 731, 30))


def day_bin(days):
    """The lower bound of the bin holding `days` (exact below 61 days)."""
    days = max(0, int(days))
    if days <= 60:
        return days
    lower = 0
    for edge in BINS:
        if edge > days:
            break
        lower = edge
    return lower


@dataclass
class Summary:
    key: str  # the dashboard's key ("certification", "accreditation")
    build: callable  # build() -> iterable of Cell


@dataclass(frozen=True)
class Cell:
    """One cell at the finest grain. `province_id` and `office_id` may be None (unknown)."""

    panel: str
    key: str
    key2: str = ""
    days: int | None = None
    province_id: int | None = None
    office_id: int | None = None
    scheme: str = ""
    route: str = ""
    funding: str = ""
    period: date | None = None


def register(summary):
    _summaries[summary.key] = summary
    return summary


def registered():
    return dict(_summaries)


def month(moment):
    """The first day of the month of a datetime or date (local time), or None."""
    if moment is None:
        return None
    if isinstance(moment, datetime):
        moment = timezone.localtime(moment) if timezone.is_aware(moment) else moment
        moment = moment.date()
    return moment.replace(day=1)


class Counter:
    """Adds up values per Cell, for a build()."""

    def __init__(self):
        self.values = defaultdict(int)

    def add(self, cell, value=1):
        self.values[cell] += value

    def items(self):
        return self.values.items()


BATCH = 5000
#: Panels kept at the finest grain only (lists of cases, read with `Query.top`, not sums).
FINE_ONLY = ("slowest",)
_DIMS = "dashboard, panel, office_id, province_id, scheme, route, funding, period, key, key2, days"


def rebuild(key):
    """Replace the figures of dashboard `key`; returns its FigureRun."""
    summary = _summaries[key]
    started = time.monotonic()
    cells = summary.build()
    if isinstance(cells, Counter):
        cells = cells.items()
    else:
        counter = Counter()
        for cell in cells:
            counter.add(cell)
        cells = counter.items()
    FigureRun.objects.get_or_create(dashboard=key, defaults={"computed_at": timezone.now(), "rows": 0})
    with transaction.atomic():
        # Two rebuilds at once (a slow one overlapping the next beat) write one after the other.
        FigureRun.objects.select_for_update().get(dashboard=key)
        Figure.objects.filter(dashboard=key).delete()
        batch = []
        rows = 0
        for cell, value in cells:
            batch.append(Figure(
                dashboard=key, panel=cell.panel, grain=Grain.FULL, office_id=cell.office_id,
                province_id=cell.province_id, scheme=cell.scheme, route=cell.route, funding=cell.funding,
                period=cell.period, key=cell.key, key2=cell.key2, days=cell.days, value=value,
            ))
            if len(batch) >= BATCH:
                Figure.objects.bulk_create(batch)
                rows += len(batch)
                batch = []
        Figure.objects.bulk_create(batch)
        rows += len(batch)
        rows += _roll_up(key)
        run, _created = FigureRun.objects.update_or_create(
            dashboard=key,
            defaults={"computed_at": timezone.now(), "seconds": time.monotonic() - started, "rows": rows},
        )
    return run


def _roll_up(key):
    """The coarser grains from the finest, in SQL (INSERT … SELECT … GROUP BY works on SQLite and PostgreSQL)."""
    table = connection.ops.quote_name(Figure._meta.db_table)
    grains = [
        (Grain.PROVINCE, "office_id, province_id", "office_id, province_id"),
        (Grain.OFFICE, "office_id, NULL", "office_id"),
        (Grain.NATIONAL, "NULL, NULL", None),
    ]
    total = 0
    with connection.cursor() as cursor:
        for grain, select_region, group_region in grains:
            group = "panel, period, key, key2, days" + (f", {group_region}" if group_region else "")
            cursor.execute(
                f"INSERT INTO {table} (grain, {_DIMS}, value) "
                f"SELECT %s, dashboard, panel, {select_region}, '', '', '', period, key, key2, days, SUM(value) "
                f"FROM {table} WHERE dashboard = %s AND grain = %s AND panel NOT IN ({', '.join(['%s'] * len(FINE_ONLY))}) "
                f"GROUP BY dashboard, {group}",
                [grain, key, Grain.FULL, *FINE_ONLY],
            )
            total += cursor.rowcount
    return total


def rebuild_all():
    return [rebuild(key) for key in sorted(_summaries)]


def stays(model, starts, closed, now, chunk=20000):
    """The stays of each object of `model` in its workflow's states, from the audited transitions (the audit
    index's order: object, time), one object at a time. `starts`: {pk: (created_at, initial state)}.
    Yields (pk, state, days, current): a state left counts to the transition that left it, the present
    state (`current`) to `now`; states in `closed` are not stays."""
    from django.contrib.contenttypes.models import ContentType

    from portal.audit.models import AuditEvent

    field = model.workflow.field if getattr(model, "workflow", None) else "status"
    events = (
        AuditEvent.objects.filter(content_type=ContentType.objects.get_for_model(model), after__has_key=field)
        .order_by("object_id", "created_at", "id")
        .values_list("object_id", "created_at", "after")
    )
    done = set()

    def of(pk, moves):
        start = starts.get(pk)
        if start is None:
            return
        done.add(pk)
        timeline = [start, *moves]
        for i, (entered, state) in enumerate(timeline):
            if state in closed:
                continue
            current = i + 1 == len(timeline)
            left = now if current else timeline[i + 1][0]
            yield pk, state, max(0, (left - entered).days), current

    current_id, moves = None, []
    for object_id, at, after in events.iterator(chunk_size=chunk):
        if object_id != current_id:
            if current_id is not None:
                yield from of(int(current_id), moves)
            current_id, moves = object_id, []
        moves.append((at, after.get(field)))
    if current_id is not None:
        yield from of(int(current_id), moves)
    for pk in starts.keys() - done:
        yield from of(pk, [])
