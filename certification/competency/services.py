"""Business rules of the units of competency and of the FR.APL.02 self-assessment. Views call these."""

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Count, Max, Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from certification.choices import ApplicationStatus
from certification.models import Application, ApplicationDocument, Scheme
from portal.audit.services import record

from .models import (
    Answer,
    Element,
    ElementAnswer,
    PerformanceCriterion,
    SchemeVersion,
    SelfAssessment,
    Unit,
)


class CompetencyError(Exception):
    """A refusal with a translated, user-facing message."""


# --- versions of a scheme's units ---------------------------------------------------------------------
def create_draft(user, scheme, parsed, *, kind, kkni_level=None, scheme_number="", illustrative=False, source_name=""):
    """Store a validated import (`spreadsheet.parse` without errors) as the scheme's draft version,
    replacing an earlier draft. Nothing is stored from a file with errors."""
    if not parsed.ok:
        raise CompetencyError(_("The file has errors; nothing was imported."))
    with transaction.atomic():
        Scheme.objects.select_for_update().get(pk=scheme.pk)
        SchemeVersion.objects.drafts().filter(scheme=scheme).delete()
        version = SchemeVersion.objects.create(
            scheme=scheme, kind=kind, kkni_level=kkni_level, scheme_number=scheme_number.strip(),
            illustrative=illustrative, source_name=source_name[:255], created_by=user,
        )
        store_units(version, parsed.units)
        record(user, "competency.import", version, after={"scheme": scheme.code, "units": len(parsed.units), "file": source_name})
    return version


def store_units(version, units):
    """units: [{"code", "title", "elements": [{"number", "title", "criteria": [(number, text)]}]}]."""
    unit_rows = Unit.objects.bulk_create(
        [Unit(version=version, code=u["code"], title=u["title"], order=i) for i, u in enumerate(units, start=1)]
    )
    element_rows = Element.objects.bulk_create(
        [Element(unit=row, number=e["number"], title=e["title"]) for row, u in zip(unit_rows, units) for e in u["elements"]]
    )
    elements = iter(element_rows)
    criteria = []
    for u in units:
        for e in u["elements"]:
            element = next(elements)
            criteria.extend(
                PerformanceCriterion(element=element, number=number, text=text, order=i)
                for i, (number, text) in enumerate(e["criteria"], start=1)
            )
    PerformanceCriterion.objects.bulk_create(criteria)


def publish(user, version):
    """Publish a draft as the scheme's next version: new applications follow it, started ones keep theirs."""
    with transaction.atomic():
        Scheme.objects.select_for_update().get(pk=version.scheme_id)
        version = SchemeVersion.objects.select_for_update().get(pk=version.pk)
        if version.is_published:
            raise CompetencyError(_("This version is already published."))
        last = SchemeVersion.objects.published().filter(scheme_id=version.scheme_id).aggregate(n=Max("number"))["n"]
        version.number = (last or 0) + 1
        version.published_at = timezone.now()
        version.published_by = user
        version.save(update_fields=["number", "published_at", "published_by"])
        record(user, "competency.publish", version, after={"number": version.number})
    return version


def discard(user, version):
    with transaction.atomic():
        version = SchemeVersion.objects.select_for_update().get(pk=version.pk)
        if version.is_published:
            raise CompetencyError(_("A published version is kept: applications refer to it."))
        record(user, "competency.discard", version.scheme, after={"draft": version.pk})
        version.delete()


def content(version, units=None):
    """The version's units (or the queryset `units`: a self-assessment's `covered_units()`) with their
    elements and KUK (three queries)."""
    units = version.units.all() if units is None else units
    return list(units.prefetch_related(Prefetch("elements", queryset=Element.objects.prefetch_related("criteria"))))


def covered_content(self_assessment):
    """The units the self-assessment covers, with elements and KUK (a re-sit: only its units)."""
    return content(self_assessment.version, self_assessment.covered_units())


def schemes_overview():
    """Every scheme with its current version and its draft (for the LSP admin's page)."""
    schemes = list(Scheme.objects.all())
    versions = (
        SchemeVersion.objects.filter(scheme__in=schemes)
        .annotate(unit_count=Count("units"))
        .order_by("scheme_id", "-number")
    )
    by_scheme = {}
    for version in versions:
        entry = by_scheme.setdefault(version.scheme_id, {"current": None, "draft": None, "older": []})
        if not version.is_published:
            entry["draft"] = version
        elif entry["current"] is None:
            entry["current"] = version
        else:
            entry["older"].append(version)
    return [(scheme, by_scheme.get(scheme.pk, {"current": None, "draft": None, "older": []})) for scheme in schemes]


# --- the application's version: pinned when it starts --------------------------------------------------
_UNSET = object()


def self_assessment_for(application):
    """The application's FR.APL.02 (its pinned scheme version), or None when its scheme has no units.

    A draft without one is pinned to the scheme's current version the first time it is looked at (the
    wizard opens right after the application is started); from then on it keeps that version, through
    revisions and whatever is published later. Cached on the instance for the request."""
    cached = getattr(application, "_competency_self_assessment", _UNSET)
    if cached is not _UNSET:
        return cached
    found = SelfAssessment.objects.select_related("version").filter(application_id=application.pk).first()
    if found is None and application.status == ApplicationStatus.DRAFT:
        version = (
            SchemeVersion.objects.published().filter(scheme__rounds__id=application.round_id).order_by("-number").first()
        )
        if version is not None:
            try:
                with transaction.atomic():
                    found, _created = SelfAssessment.objects.get_or_create(
                        application_id=application.pk, defaults={"version": version}
                    )
            except IntegrityError:  # two requests pinned at once: the other one won
                found = SelfAssessment.objects.select_related("version").get(application_id=application.pk)
    application._competency_self_assessment = found
    return found


def applies(application):
    return self_assessment_for(application) is not None


def can_edit(application):
    """The self-assessment is written in the draft; once submitted it is the file the secretariat
    checked, kept as it is through a revision (only flagged documents and essays change then)."""
    return application.status == ApplicationStatus.DRAFT


def documents_of(application):
    return list(application.documents.select_related("requirement", "document"))


def answers_of(self_assessment):
    """{element id: ElementAnswer} with its evidence (two queries)."""
    return {
        a.element_id: a
        for a in self_assessment.answers.prefetch_related(
            Prefetch("evidence", queryset=ApplicationDocument.objects.select_related("requirement", "document"))
        )
    }


def save_unit(user, application, unit, answers):
    """Save the candidate's answers for the elements of one unit: {element: (answer or "", [ApplicationDocument])}.
    An empty answer clears the element (and its evidence)."""
    with transaction.atomic():
        locked = Application.objects.select_for_update().get(pk=application.pk)
        if locked.applicant_id != user.pk:
            raise PermissionDenied
        if not can_edit(locked):
            if locked.status == ApplicationStatus.REVISION_REQUESTED:
                raise CompetencyError(_("The self-assessment was submitted with the application; it stays as it was during the revision."))
            raise CompetencyError(_("This application was submitted and can no longer be changed."))
        self_assessment = SelfAssessment.objects.get(application=locked)
        if not self_assessment.covered_units().filter(pk=unit.pk).exists():
            raise CompetencyError(_("This unit is not part of the application's scheme version."))
        existing = {a.element_id: a for a in self_assessment.answers.filter(element__unit=unit)}
        for element, (answer, evidence) in answers.items():
            if element.unit_id != unit.pk:
                raise CompetencyError(_("This element is not part of the unit."))
            if any(doc.application_id != locked.pk for doc in evidence):
                raise CompetencyError(_("Choose the evidence among this application's documents."))
            row = existing.get(element.pk)
            if not answer:
                if row is not None:
                    row.delete()
                continue
            if row is None:
                row = ElementAnswer.objects.create(self_assessment=self_assessment, element=element, answer=answer)
            elif row.answer != answer:
                row.answer = answer
                row.save(update_fields=["answer", "updated_at"])
            row.evidence.set(evidence)
    return self_assessment


# --- completeness ------------------------------------------------------------------------------------------
def missing(application):
    """What the self-assessment still lacks, per unit (translated): unanswered elements, and elements
    answered Kompeten without a document to prove it."""
    self_assessment = self_assessment_for(application)
    if self_assessment is None:
        return []
    answered = {
        row["element_id"]: row
        for row in self_assessment.answers.values("element_id", "answer").annotate(documents=Count("evidence"))
    }
    problems = []
    units = {}
    for element in Element.objects.filter(unit__in=self_assessment.covered_units()).select_related("unit").order_by("unit__order", "number"):
        entry = units.setdefault(element.unit_id, (element.unit, [], []))
        row = answered.get(element.pk)
        if row is None:
            entry[1].append(str(element.number))
        elif row["answer"] == Answer.COMPETENT and not row["documents"]:
            entry[2].append(str(element.number))
    for unit, unanswered, unproven in units.values():
        if unanswered:
            problems.append(
                _("self-assessment of unit %(code)s: element %(elements)s not answered")
                % {"code": unit.code, "elements": ", ".join(unanswered)}
            )
        if unproven:
            problems.append(
                _("self-assessment of unit %(code)s: element %(elements)s answered Kompeten without evidence")
                % {"code": unit.code, "elements": ", ".join(unproven)}
            )
    return problems


def summary(self_assessment, answers=None):
    """Counts for a heading: elements, answered, Kompeten, Belum Kompeten."""
    answers = answers if answers is not None else answers_of(self_assessment)
    total = Element.objects.filter(unit__in=self_assessment.covered_units()).count()
    competent = sum(1 for a in answers.values() if a.answer == Answer.COMPETENT)
    return {"elements": total, "answered": len(answers), "competent": competent, "not_yet": len(answers) - competent}
