"""Versions of the instrument: the current one, copying a version as a new draft, publishing it.

A published version is frozen (its parts refuse changes). Every accreditation stores a snapshot of
the version it started with (`scoring.snapshot_of`), so neither a new version nor any later edit
rewrites a past result.
"""

from decimal import Decimal

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.audit.services import record

from .models import Descriptor, GradeRule, Indicator, InstrumentVersion, ScaleLevel, Standard


class InstrumentError(Exception):
    """A refusal with a translated message."""


def current_version():
    return InstrumentVersion.objects.current()


def copy_version(version, *, actor=None, title=None):
    """A new unpublished version with the same standards, indicators, descriptors, scale and grades."""
    with transaction.atomic():
        number = (InstrumentVersion.objects.aggregate(n=Max("number"))["n"] or 0) + 1
        new = InstrumentVersion.objects.create(
            number=number, title=title or version.title, description=version.description
        )
        ScaleLevel.objects.bulk_create(
            [ScaleLevel(version=new, value=s.value, label=s.label) for s in version.scale.all()]
        )
        GradeRule.objects.bulk_create(
            [
                GradeRule(version=new, grade=g.grade, min_score=g.min_score, validity_years=g.validity_years)
                for g in version.grades.all()
            ]
        )
        for standard in version.standards.prefetch_related("indicators__descriptors"):
            copy = Standard.objects.create(
                version=new, number=standard.number, name=standard.name, description=standard.description
            )
            for indicator in standard.indicators.all():
                indicator_copy = Indicator.objects.create(
                    standard=copy, code=indicator.code, order=indicator.order, text=indicator.text,
                    guidance=indicator.guidance, weight=indicator.weight,
                    required_evidence=indicator.required_evidence,
                    allows_not_applicable=indicator.allows_not_applicable,
                )
                Descriptor.objects.bulk_create(
                    [Descriptor(indicator=indicator_copy, value=d.value, text=d.text) for d in indicator.descriptors.all()]
                )
        record(actor, "accreditation.instrument_copy", new, after={"from_version": version.number})
    return new


def publication_problems(version):
    """What keeps a version from being published (translated)."""
    problems = []
    values = sorted(version.scale.values_list("value", flat=True))
    if len(values) < 2:
        problems.append(_("The score scale needs at least two levels."))
    grades = {g.grade: g for g in version.grades.all()}
    missing = [g for g in ("A", "B", "C") if g not in grades]
    if missing:
        problems.append(_("Grade rules are missing for: %(grades)s.") % {"grades": ", ".join(missing)})
    elif not grades["A"].min_score > grades["B"].min_score > grades["C"].min_score:
        problems.append(_("The cut-offs must fall from A to B to C."))
    standards = list(version.standards.prefetch_related("indicators__descriptors"))
    if not standards:
        problems.append(_("The instrument has no standards."))
    total = Decimal(0)
    for standard in standards:
        indicators = list(standard.indicators.all())
        if not indicators:
            problems.append(_("Standard %(n)s has no indicators.") % {"n": standard.number})
        for indicator in indicators:
            total += indicator.weight
            described = {d.value for d in indicator.descriptors.all()}
            if values and described != set(values):
                problems.append(
                    _("Indicator %(code)s needs a descriptor for each score of the scale.") % {"code": indicator.code}
                )
    if standards and total <= 0:
        problems.append(_("The indicators' weights add up to nothing."))
    return problems


def publish(version, *, actor=None):
    """Publish a draft version: from now on new accreditations use it."""
    if version.is_published:
        raise InstrumentError(_("This version is already published."))
    problems = publication_problems(version)
    if problems:
        raise InstrumentError(" ".join(problems))
    InstrumentVersion.objects.filter(pk=version.pk).update(published_at=timezone.now())
    version.refresh_from_db()
    record(actor, "accreditation.instrument_publish", version, after={"number": version.number})
    return version


def indicators_by_standard(snapshot):
    """The live Indicator rows of a snapshot, grouped: [(standard dict, [Indicator…])]."""
    ids = [i["id"] for s in snapshot["standards"] for i in s["indicators"]]
    rows = {
        i.pk: i for i in Indicator.objects.filter(pk__in=ids).prefetch_related("descriptors").select_related("standard")
    }
    return [(s, [rows[i["id"]] for i in s["indicators"] if i["id"] in rows]) for s in snapshot["standards"]]
