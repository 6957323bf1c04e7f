"""Business rules of the decision per unit (FR.AK.02), the candidate's feedback (FR.AK.03), the assessor's
report (FR.AK.05) and review (FR.AK.06), the plenary's view of them, and the re-sit of the Belum
Kompeten units. Views call these; every change is audited."""

from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from certification.choices import ApplicationStatus
from certification.competency.models import ElementAnswer, SelfAssessment, Unit
from certification.models import Application, Round
from portal.audit.services import record as audit

from . import recommendation, rules, standard
from .models import (
    AssessmentRecord,
    AssessorReport,
    CandidateFeedback,
    Decision,
    EvidenceMethod,
    ProcessReview,
    Resit,
    UnitDecision,
    UnitSource,
)


class UnitDecisionError(Exception):
    """A refusal with a translated, user-facing message."""


# --- which units, which booking ------------------------------------------------------------------------
def units_of(application):
    """The units the application is assessed on (its FR.APL.02's: a re-sit only its units), or [] when
    its scheme has none — then nothing here applies and today's flow is unchanged."""
    self_assessment = SelfAssessment.objects.filter(application_id=application.pk).select_related("version").first()
    if self_assessment is None:
        return []
    return list(self_assessment.covered_units())


def exam_booking(application):
    """The application's latest exam sitting that was attended (the one FR.AK.02 records)."""
    from certification.exams.models import ExamBooking

    return (
        ExamBooking.objects.filter(application_id=application.pk, kind="exam", status="confirmed", attendance="present")
        .select_related("session", "session__scheme", "assessor", "assessor__user", "application", "application__applicant")
        .order_by("-created_at")
        .first()
    )


def record_of(booking):
    return AssessmentRecord.objects.filter(booking=booking).select_related("assessor").first()


def decisions_of(record):
    """{unit id: UnitDecision}"""
    if record is None:
        return {}
    return {d.unit_id: d for d in record.decisions.all()}


def recommend(units, decisions):
    return recommendation.recommend([(u.code, getattr(decisions.get(u.pk), "decision", "")) for u in units])


def editable(record, booking):
    return not booking.result and (record is None or record.submitted_at is None)


# --- the scores that feed the units ---------------------------------------------------------------------
def score_inputs(booking, units):
    """{unit id: [(label, value text)]}: the exam components' scores in the booking and the portfolio
    rubric's criteria (the mean level of the submitted assessments) declared as feeding each unit, and
    the computer-based test's result per unit ("Tes tertulis: 8/10 benar, 80 %", `certification.cbt`)."""
    from certification.cbt.results import unit_evidence

    inputs = _source_inputs(booking, units)
    for unit_id, evidence in unit_evidence(booking, units).items():
        inputs.setdefault(unit_id, []).extend(evidence)
    return inputs


def _source_inputs(booking, units):
    from certification.assessment.models import Score
    from certification.exams.services import outcome_of

    sources = list(UnitSource.objects.filter(unit__in=units).select_related("criterion", "criterion__rubric"))
    if not sources:
        return {}
    components = dict(outcome_of(booking).components) if any(s.component for s in sources) else {}
    criteria = [s.criterion_id for s in sources if s.criterion_id]
    levels = {}
    if criteria:
        for score in Score.objects.filter(
            criterion_id__in=criteria, assignment__application_id=booking.application_id,
            assignment__submitted_at__isnull=False, not_applicable=False, value__isnull=False,
        ):
            levels.setdefault(score.criterion_id, []).append(score.value)
    inputs = {}
    for source in sources:
        if source.component:
            value = components.get(source.component)
            text = "—" if value is None else str(value)
            inputs.setdefault(source.unit_id, []).append((source.get_component_display(), text))
        else:
            values = levels.get(source.criterion_id)
            if values:
                mean = (Decimal(sum(values)) / len(values)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
                text = f"{mean} / {source.criterion.rubric.scale_max}"
            else:
                text = "—"
            inputs.setdefault(source.unit_id, []).append((source.criterion.title, text))
    return inputs


# --- FR.AK.02 ------------------------------------------------------------------------------------------
def _locked_booking(booking):
    from certification.exams.models import ExamBooking

    return (
        ExamBooking.objects.select_for_update(of=("self",))
        .select_related("session", "assessor", "assessor__user", "application", "application__applicant")
        .get(pk=booking.pk)
    )


def save_decisions(actor, booking, values, *, submit=False, request=None):
    """Save the assessor's decisions: {unit: (decision "K" | "BK" | "", [methods], note)}. `submit`
    needs every unit decided with its evidence, and locks the record; when something is missing, what was
    given is saved and the submission refused with what is missing."""
    with transaction.atomic():
        booking = _locked_booking(booking)
        if not rules.may_record(actor, booking):
            raise PermissionDenied
        if booking.result:
            raise UnitDecisionError(_("The plenary has decided; the decisions per unit can no longer be changed."))
        units = units_of(booking.application)
        if not units:
            raise UnitDecisionError(_("This scheme has no units of competency."))
        allowed = {u.pk: u for u in units}
        record = AssessmentRecord.objects.filter(booking=booking).first()
        if record is not None and record.submitted_at:
            raise UnitDecisionError(_("FR.AK.02 was submitted; it can no longer be changed."))
        if record is None:
            record = AssessmentRecord.objects.create(booking=booking, application=booking.application, assessor=actor)
        existing = decisions_of(record)
        changed = {}
        valid_methods = set(EvidenceMethod.values)
        for unit, (decision, methods, note) in values.items():
            if unit.pk not in allowed:
                raise UnitDecisionError(_("This unit is not part of the application's assessment."))
            if decision not in ("", *Decision.values) or not set(methods) <= valid_methods:
                raise UnitDecisionError(_("Choose K or BK and the evidence from the list."))
            row = existing.get(unit.pk)
            note = note.strip()
            if row is None:
                row = UnitDecision(record=record, unit=unit)
            elif (row.decision, row.methods, row.note) == (decision, list(methods), note):
                continue
            row.decision, row.methods, row.note = decision, list(methods), note
            row.save()
            existing[unit.pk] = row
            changed[unit.code] = decision or None
        problems = submission_problems(units, existing) if submit else []
        if submit and not problems:
            record.submitted_at = timezone.now()
        record.assessor = actor
        record.save()
        if changed:
            audit(actor, "unitdecisions.decisions", record, after=changed, request=request)
        if record.submitted_at:
            result = recommend(units, existing)
            audit(actor, "unitdecisions.submit", record,
                  after={"recommendation": result.result, "not_yet_units": list(result.not_yet_units)}, request=request)
    if problems:  # what was given is saved; the submission waits
        raise UnitDecisionError(" ".join(problems))
    return record


def submission_problems(units, decisions):
    undecided = [u.code for u in units if not getattr(decisions.get(u.pk), "decision", "")]
    unproven = [u.code for u in units if u.pk in decisions and decisions[u.pk].decision and not decisions[u.pk].methods]
    problems = []
    if undecided:
        problems.append(_("Decide K or BK for unit %(codes)s.") % {"codes": ", ".join(undecided)})
    if unproven:
        problems.append(_("Name the evidence used for unit %(codes)s.") % {"codes": ", ".join(unproven)})
    return problems


# --- FR.AK.05 and FR.AK.06 ------------------------------------------------------------------------------
def _submitted_record(actor, booking):
    booking = _locked_booking(booking)
    if not rules.may_record(actor, booking):
        raise PermissionDenied
    record = AssessmentRecord.objects.select_for_update().filter(booking=booking).first()
    if record is None or record.submitted_at is None:
        raise UnitDecisionError(_("Submit FR.AK.02 (the decision per unit) first."))
    return booking, record


def save_report(actor, booking, *, notes, gaps, confirm, request=None):
    """FR.AK.05: notes and the gaps per BK unit ({unit code: text}); `confirm` stamps the confirmation
    (needs a gap for every BK unit). A confirmed report stays as confirmed."""
    with transaction.atomic():
        booking, record = _submitted_record(actor, booking)
        report, _created = AssessorReport.objects.get_or_create(record=record)
        if report.confirmed_at:
            raise UnitDecisionError(_("The report was confirmed; it can no longer be changed."))
        units = units_of(booking.application)
        result = recommend(units, decisions_of(record))
        gaps = {code: text.strip() for code, text in gaps.items() if code in result.not_yet_units}
        if confirm:
            missing = [code for code in result.not_yet_units if not gaps.get(code)]
            if missing:
                raise UnitDecisionError(_("Describe the gaps of unit %(codes)s.") % {"codes": ", ".join(missing)})
            report.confirmed_at = timezone.now()
        report.notes, report.gaps = notes.strip(), gaps
        report.save()
        audit(actor, "unitdecisions.report", record, after={"confirmed": bool(report.confirmed_at)}, request=request)
    return report


def save_review(actor, booking, *, principles, dimensions, recommendations, request=None):
    """FR.AK.06: {stage: [principles met]}, [dimensions covered], recommendations. Submitted at once."""
    stages = {key for key, _label in standard.REVIEW_STAGES}
    known = {key for key, _label in standard.PRINCIPLES}
    dims = {key for key, _label in standard.DIMENSIONS}
    with transaction.atomic():
        booking, record = _submitted_record(actor, booking)
        review, _created = ProcessReview.objects.get_or_create(record=record)
        if review.submitted_at:
            raise UnitDecisionError(_("The review was submitted; it can no longer be changed."))
        review.principles = {stage: [p for p in principles.get(stage, []) if p in known] for stage in stages}
        review.dimensions = [d for d in dimensions if d in dims]
        review.recommendations = recommendations.strip()
        review.submitted_at = timezone.now()
        review.save()
        audit(actor, "unitdecisions.review", record, after={"dimensions": review.dimensions}, request=request)
    return review


# --- FR.AK.03 -------------------------------------------------------------------------------------------
def give_feedback(actor, booking, *, answers, comments, other, request=None):
    """The candidate's answers (yes / no per standard question, a comment each): once, after the exam."""
    keys = [key for key, _label in standard.FEEDBACK_QUESTIONS]
    with transaction.atomic():
        booking = _locked_booking(booking)
        if not rules.may_give_feedback(actor, booking):
            raise PermissionDenied
        if CandidateFeedback.objects.filter(booking=booking).exists():
            raise UnitDecisionError(_("You already gave your feedback on this assessment."))
        if set(answers) != set(keys) or not set(answers.values()) <= {"yes", "no"}:
            raise UnitDecisionError(_("Answer every question yes or no."))
        feedback = CandidateFeedback.objects.create(
            booking=booking, answers=answers, comments={k: v.strip() for k, v in comments.items() if k in keys and v.strip()},
            other=other.strip(),
        )
        audit(actor, "unitdecisions.feedback", booking.application, after={"booking": booking.pk}, request=request)
    return feedback


# --- the plenary (certification.extensions.PlenaryRule) -------------------------------------------------
def plenary_summaries(applications):
    """{application id: summary} for the plenary's applications that have units, in six queries whatever
    their number: the units (with their order), the latest FR.AK.02 of each and its decisions."""
    ids = [a.pk for a in applications]
    self_assessments = list(
        SelfAssessment.objects.filter(application_id__in=ids).select_related("version").prefetch_related("units")
    )
    if not self_assessments:
        return {}
    version_units = {}
    for unit in Unit.objects.filter(version_id__in={sa.version_id for sa in self_assessments}).order_by("order", "id"):
        version_units.setdefault(unit.version_id, []).append(unit)
    records = {}
    for record in (
        AssessmentRecord.objects.filter(application_id__in=ids)
        .select_related("assessor")
        .prefetch_related(Prefetch("decisions", queryset=UnitDecision.objects.select_related("unit")))
        .order_by("application_id", "-created_at")
    ):
        records.setdefault(record.application_id, record)
    summaries = {}
    for sa in self_assessments:
        scope = {u.pk for u in sa.units.all()}
        units = [u for u in version_units.get(sa.version_id, []) if not scope or u.pk in scope]
        if not units:
            continue
        record = records.get(sa.application_id)
        decisions = decisions_of(record)
        summaries[sa.application_id] = {
            "units": [(u, decisions.get(u.pk)) for u in units],
            "record": record,
            "recommendation": recommend(units, decisions),
        }
    return summaries


def plenary_suggestion(summary):
    record = summary["record"]
    return summary["recommendation"].result if record is not None and record.submitted_at else None


def plenary_problem(summary, result, reason):
    """The plenary decides on the assessor's recommendation: no decision before FR.AK.02 is submitted;
    Kompeten is refused while a unit is BK; Belum Kompeten against an all-K recommendation needs a reason."""
    record, rec = summary["record"], summary["recommendation"]
    if record is None or record.submitted_at is None:
        return _("The assessor has not submitted FR.AK.02 (the decision per unit) yet.")
    if result == recommendation.COMPETENT and rec.not_yet_units:
        return _("Kompeten cannot be decided while a unit is Belum Kompeten: %(codes)s.") % {"codes": ", ".join(rec.not_yet_units)}
    if result == recommendation.NOT_YET_COMPETENT and rec.result == recommendation.COMPETENT and not reason.strip():
        return _("The assessor recommended Kompeten for every unit: give the reason for this decision.")
    return None


def plenary_feedback(summary):
    """The feedback the plenary form starts with: the units to re-sit."""
    rec = summary["recommendation"]
    if rec.result == recommendation.NOT_YET_COMPETENT:
        return _("Units Belum Kompeten: %(codes)s. You may re-sit only these units.") % {"codes": ", ".join(rec.not_yet_units)}
    return ""


# --- the re-sit of the BK units -------------------------------------------------------------------------
def resit_offer(application):
    """(record, [BK units]) when the candidate may re-sit only the Belum Kompeten units of `application`
    (declared Belum Kompeten by the plenary on a submitted FR.AK.02 with BK units), else None."""
    if application.status != ApplicationStatus.NOT_YET_COMPETENT:
        return None
    booking = exam_booking(application)
    record = record_of(booking) if booking is not None else None
    if record is None or record.submitted_at is None:
        return None
    units = units_of(application)
    decisions = decisions_of(record)
    bk = [u for u in units if getattr(decisions.get(u.pk), "decision", "") == Decision.NOT_YET]
    return (record, bk) if bk else None


def resit_rounds(application):
    """Open rounds of the same scheme, other than the application's, open to the candidate's region."""
    office = application.regional_office
    rounds = (
        Round.objects.filter(scheme_id=application.round.scheme_id, is_published=True,
                             opens_at__lte=timezone.now(), closes_at__gte=timezone.now())
        .exclude(pk=application.round_id)
        .prefetch_related("regional_offices")
        .order_by("closes_at")
    )
    return [r for r in rounds if r.accepts_region(office)]


def existing_resit(application):
    return Resit.objects.filter(earlier=application).exclude(application__status=ApplicationStatus.WITHDRAWN).select_related("application").first()


def start_resit(actor, application, round_, *, request=None):
    """A new application to `round_` that re-sits only the BK units of `application`: started like any
    application (prefilled from the earlier file: funding, documents, essays), its FR.APL.02 covering the
    BK units only and prefilled with the earlier answers for them (the evidence linked to the new file's
    documents of the same kinds)."""
    from certification import services as certification_services

    if application.applicant_id != actor.pk:
        raise PermissionDenied
    offer = resit_offer(application)
    if offer is None:
        raise UnitDecisionError(_("This application has no units to re-sit."))
    record, bk_units = offer
    if round_ not in resit_rounds(application):
        raise UnitDecisionError(_("Choose an open round of this scheme."))
    earlier = existing_resit(application)
    if earlier is not None:
        return earlier.application
    try:
        new = certification_services.start_application(actor, round_, application.route)
    except certification_services.ApplicationError as error:
        raise UnitDecisionError(str(error)) from error
    with transaction.atomic():
        new = Application.objects.select_for_update().get(pk=new.pk)
        if new.status != ApplicationStatus.DRAFT or Resit.objects.filter(application=new).exists():
            raise UnitDecisionError(_("You already have an application in this round."))
        old_sa = SelfAssessment.objects.get(application=application)
        sa, _created = SelfAssessment.objects.update_or_create(application=new, defaults={"version": old_sa.version})
        sa.units.set(bk_units)
        sa.answers.exclude(element__unit__in=bk_units).delete()
        _prefill_answers(old_sa, sa, new, bk_units)
        resit = Resit.objects.create(application=new, earlier=application, record=record)
        resit.units.set(bk_units)
        audit(actor, "unitdecisions.resit", new,
              after={"earlier": application.reference, "units": [u.code for u in bk_units]}, request=request)
    return new


def _prefill_answers(old_sa, sa, new, units):
    documents = {doc.requirement.kind: doc for doc in new.documents.select_related("requirement")}
    done = set(sa.answers.values_list("element_id", flat=True))
    for answer in old_sa.answers.filter(element__unit__in=units).prefetch_related("evidence__requirement"):
        if answer.element_id in done:
            continue
        row = ElementAnswer.objects.create(self_assessment=sa, element_id=answer.element_id, answer=answer.answer)
        row.evidence.set([documents[d.requirement.kind] for d in answer.evidence.all() if d.requirement.kind in documents])


def resit_of(application):
    return Resit.objects.filter(application_id=application.pk).select_related("earlier").prefetch_related("units").first()
