"""Queries of the staff search: scope first, then filters (`registry.filters.WorkerFilter`), then a
keyset page.

No page ever counts the matching rows: a page fetches `size + 1` rows along an index in the sort
order, starting after (or before) the cursor of the row last shown. One query per page, whatever
the page size, whatever the depth.
"""

import base64
import json
from dataclasses import dataclass, field

from django.db.models import BigIntegerField, CharField, ExpressionWrapper, F, Q, Value
from django.db.models.functions import Concat

from portal.core.inputs import BIGINT_MAX

PAGE_SIZE = 50

#: sort key -> (model field, descending)
SORTS = {
    "name": ("name_search", False),
    "-name": ("name_search", True),
    "created": ("id", False),
    "-created": ("id", True),
}
DEFAULT_SORT = "name"

LIST_FIELDS = [
    "id", "user_id", "nik", "full_name", "name_search", "province__name", "role_type", "highest_education",
    "social_work_education", "certification_status", "practice_years", "training_hours",
]


def nik_prefix_range(prefix):
    """`nik LIKE 'prefix%'` as a range on the unique index (works with any collation): digits only."""
    upper = prefix[:-1] + str(int(prefix[-1]) + 1) if prefix[-1] != "9" else None
    if upper is None:
        # ...9 -> bump the previous digit (e.g. 3209 -> [3209, 3210)); all nines -> no upper bound.
        stripped = prefix.rstrip("9")
        upper = stripped[:-1] + str(int(stripped[-1]) + 1) if stripped else None
    condition = Q(nik__gte=prefix)
    if upper is not None:
        condition &= Q(nik__lt=upper)
    return condition


def encode_cursor(values):
    return base64.urlsafe_b64encode(json.dumps(values, separators=(",", ":")).encode()).decode().rstrip("=")


def decode_cursor(token, sort):
    """The (key, id) a page starts after; None for anything malformed (then the first page is shown)."""
    if not token or len(token) > 2000:
        return None
    try:
        values = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
    except (ValueError, RecursionError):  # not base64, not JSON, too many digits, nested too deep
        return None
    key_field, _descending = SORTS[sort]
    if key_field == "id":
        return values if isinstance(values, list) and len(values) == 1 and _is_id(values[0]) else None
    if isinstance(values, list) and len(values) == 2 and _is_key(values[0]) and _is_id(values[1]):
        return values
    return None


def _is_id(value):
    # A cursor is only ever made of our rows' ids; a forged one must still fit a bigint.
    return isinstance(value, int) and not isinstance(value, bool) and 0 < value <= BIGINT_MAX


def _is_key(value):
    return isinstance(value, str) and len(value) <= 1000 and "\x00" not in value  # PostgreSQL text has no NUL


@dataclass
class KeysetPage:
    rows: list
    sort: str
    has_next: bool = False
    has_previous: bool = False
    next_cursor: str = ""
    previous_cursor: str = ""
    extra: dict = field(default_factory=dict)

    def __iter__(self):
        return iter(self.rows)

    def __len__(self):
        return len(self.rows)


def _after(key_field, descending, cursor):
    """Rows strictly after `cursor` in the (key, id) order. The leading `key >=` bound lets PostgreSQL
    start the index walk at the cursor instead of filtering from the beginning."""
    if key_field == "id":
        return Q(id__lt=cursor[0]) if descending else Q(id__gt=cursor[0])
    key, pk = cursor
    if descending:
        return Q(**{f"{key_field}__lte": key}) & (Q(**{f"{key_field}__lt": key}) | Q(id__lt=pk))
    return Q(**{f"{key_field}__gte": key}) & (Q(**{f"{key_field}__gt": key}) | Q(id__gt=pk))


def _cursor_of(row, key_field):
    return [row["id"]] if key_field == "id" else [row[key_field], row["id"]]


def _order(ordering, descending, opaque):
    """ORDER BY terms. `opaque` wraps the sort key in an identity expression (`key || ''`, `id + 0`):
    the order is the same, but PostgreSQL can no longer read it off a b-tree, so it fetches the matches
    through the filter's own index (the trigram index for a name) and sorts them. For a name search
    that is bounded by the number of matches, where an ordered index walk is bounded by nothing (names
    cluster: every "siti…" sits together, far from the start of the index)."""
    terms = []
    for name in ordering:
        expression = F(name)
        if opaque and name == "id":
            expression = ExpressionWrapper(F("id") + Value(0), output_field=BigIntegerField())
        elif opaque:
            expression = Concat(F(name), Value(""), output_field=CharField())
        terms.append(expression.desc() if descending else expression.asc())
    return terms


def keyset_page(
    queryset, *, sort=DEFAULT_SORT, after=None, before=None, size=PAGE_SIZE, fields=LIST_FIELDS, opaque_order=False
):
    """One page of `queryset` as dicts (values), `size + 1` rows fetched to know whether more follow.
    `opaque_order`: see `_order` (the search view sets it when a name is searched)."""
    sort = sort if sort in SORTS else DEFAULT_SORT
    key_field, descending = SORTS[sort]
    after_values, before_values = decode_cursor(after, sort), decode_cursor(before, sort)
    ordering = [key_field] if key_field == "id" else [key_field, "id"]

    if before_values is not None:
        # Walk backwards from the cursor, then put the rows back in display order.
        reverse = _order(ordering, not descending, opaque_order)
        rows = list(queryset.filter(_after(key_field, not descending, before_values)).order_by(*reverse).values(*fields)[: size + 1])
        has_previous = len(rows) > size
        rows = list(reversed(rows[:size]))
        page = KeysetPage(rows=rows, sort=sort, has_previous=has_previous, has_next=True)
    else:
        if after_values is not None:
            queryset = queryset.filter(_after(key_field, descending, after_values))
        forward = _order(ordering, descending, opaque_order)
        rows = list(queryset.order_by(*forward).values(*fields)[: size + 1])
        page = KeysetPage(rows=rows[:size], sort=sort, has_next=len(rows) > size, has_previous=after_values is not None)
    if page.rows:
        page.next_cursor = encode_cursor(_cursor_of(page.rows[-1], key_field)) if page.has_next else ""
        page.previous_cursor = encode_cursor(_cursor_of(page.rows[0], key_field)) if page.has_previous else ""
    return page


def export_rows(queryset, chunk_size=2000):
    """Every matching worker for the CSV export, streamed from a server-side cursor."""
    return (
        queryset.order_by("id")
        .values_list(
            "id", "full_name", "nik", "user_id", "province__name", "regency", "role_type", "employer",
            "highest_education", "social_work_education", "practice_years", "practice_hours", "training_hours",
            "certification_status",
        )
        .iterator(chunk_size=chunk_size)
    )

