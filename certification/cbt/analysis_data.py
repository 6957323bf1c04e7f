"""The rows item analysis reads: the response matrix of submitted attempts, for one exam session or across
sessions (a scheme, a period), in two queries whatever the number of candidates and items. The arithmetic
is in `analysis` (no database there)."""

from collections import defaultdict
from dataclasses import dataclass

from .analysis import VersionInfo, analyse
from .models import Attempt, AttemptItem, AttemptStatus, Domain, ItemVersion

STEM_CHARS = 90


@dataclass(frozen=True)
class VersionLabel:
    """What a table row names: the item, its version, domain, unit, the start of the stem."""

    version_id: int
    item_id: int
    number: int
    domain: str
    domain_label: str
    unit_code: str
    scheme: str
    stem: str
    option_count: int
    key: int

    @property
    def key_letter(self):
        return chr(65 + self.key)

    @property
    def letters(self):
        return [chr(65 + i) for i in range(self.option_count)]


@dataclass(frozen=True)
class Matrix:
    responses: dict  # attempt id -> {version id: choice or None}
    versions: dict  # version id -> VersionInfo
    labels: dict  # version id -> VersionLabel

    def report(self):
        return analyse(self.responses, self.versions)


def submitted(*, session=None, scheme=None, since=None, until=None):
    """Submitted attempts (the only ones analysed), filtered by exam session, scheme and the session's
    start date (from `since` to `until`, both included). A queryset, not evaluated."""
    attempts = Attempt.objects.filter(status=AttemptStatus.SUBMITTED)
    if session is not None:
        attempts = attempts.filter(booking__session=session)
    if scheme is not None:
        attempts = attempts.filter(booking__session__scheme=scheme)
    if since is not None:
        attempts = attempts.filter(booking__session__starts_at__date__gte=since)
    if until is not None:
        attempts = attempts.filter(booking__session__starts_at__date__lte=until)
    return attempts


def matrix(attempts, *, visible_items):
    """The response matrix of `attempts` (a queryset of attempts). Two queries: the answers
    (values_list over AttemptItem), the item versions they name (only items in `visible_items`, the
    user's `Item.objects.visible_to`; a form that holds an item outside it drops out whole, so no
    figure is computed from an item the user may not see)."""
    responses = defaultdict(dict)
    for attempt_id, version_id, choice in (
        AttemptItem.objects.filter(attempt__in=attempts.values("pk")).order_by().values_list("attempt_id", "version_id", "choice")
    ):
        responses[attempt_id][version_id] = choice
    held = {v for form in responses.values() for v in form}
    rows = (
        ItemVersion.objects.filter(placements__attempt__in=attempts.values("pk"), item__in=visible_items)
        .order_by().distinct()
        .values_list("pk", "item_id", "number", "domain", "unit__code", "item__scheme__name", "stem", "options", "key")
    ) if held else []
    versions, labels = {}, {}
    for pk, item_id, number, domain, unit_code, scheme, stem, options, key in rows:
        versions[pk] = VersionInfo(key=key, option_count=len(options))
        short = stem if len(stem) <= STEM_CHARS else stem[: STEM_CHARS - 1].rstrip() + "…"
        labels[pk] = VersionLabel(pk, item_id, number, domain, Domain(domain).label, unit_code or "", scheme, short,
                                  len(options), key)
    kept = {a: form for a, form in responses.items() if all(v in versions for v in form)}
    return Matrix(kept, versions, labels)


def item_matrix(item, *, visible_items):
    """The matrix of every submitted attempt that held a version of `item` (their whole forms, for the
    rest scores of the corrected point-biserial)."""
    attempts = Attempt.objects.filter(status=AttemptStatus.SUBMITTED, items__version__item=item)
    return matrix(attempts, visible_items=visible_items)
