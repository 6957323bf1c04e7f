"""Results of the computer-based test per unit of competency: the share of the candidate's questions of
each unit answered correctly, computed from the form in one query (items without a unit count for no
unit). They are evidence for the assessor's decision per unit (FR.AK.02, `certification.unitdecisions`):
the test never decides K / BK itself."""

from dataclasses import dataclass

from django.db.models import Count, F, Q
from django.utils.translation import gettext as _

from portal.core import numbers

from .models import AttemptItem, AttemptStatus


@dataclass(frozen=True)
class UnitResult:
    unit_id: int
    code: str
    title: str
    correct: int
    count: int

    @property
    def percent(self):
        from .services import domain_score

        return domain_score(self.correct, self.count)

    @property
    def text(self):
        """ "8/10 correct, 80 %" """
        return _("%(correct)s/%(count)s correct, %(percent)s %%") % {
            "correct": self.correct, "count": self.count, "percent": numbers.decimal(self.percent),
        }


def _rows(items):
    rows = (
        items.filter(version__unit__isnull=False)
        .values("attempt_id", "version__unit_id", "version__unit__code", "version__unit__title", "version__unit__order")
        .annotate(count=Count("pk"), correct=Count("pk", filter=Q(choice=F("version__key"))))
        .order_by("attempt_id", "version__unit__order", "version__unit_id")
    )
    result = {}
    for row in rows:
        result.setdefault(row["attempt_id"], []).append(UnitResult(
            row["version__unit_id"], row["version__unit__code"], row["version__unit__title"], row["correct"], row["count"],
        ))
    return result


def unit_results(attempt):
    """[UnitResult] of one attempt, in the units' order (one query)."""
    return _rows(AttemptItem.objects.filter(attempt=attempt)).get(attempt.pk, [])


def unit_results_of(attempts):
    """{attempt id: [UnitResult]} of several submitted attempts (one query), for the proctor's list."""
    ids = [a.pk for a in attempts if a is not None and a.status == AttemptStatus.SUBMITTED]
    if not ids:
        return {}
    return _rows(AttemptItem.objects.filter(attempt_id__in=ids))


def unit_evidence(booking, units):
    """{unit id: [(label, text)]} for the FR.AK.02 page: the written test's result for each of `units`
    with questions on the candidate's submitted test (one query). Units are matched by their code, so an
    item written against an earlier version of the scheme still counts for the same unit."""
    rows = _rows(AttemptItem.objects.filter(attempt__booking=booking, attempt__status=AttemptStatus.SUBMITTED))
    by_code = {r.code: r for results in rows.values() for r in results}
    label = _("Written test")
    return {unit.pk: [(label, by_code[unit.code].text)] for unit in units if unit.code in by_code}


