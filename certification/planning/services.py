"""Business rules of the assessment plan (FR.MAPA.01), the agreement (FR.AK.01) and the reasonable
adjustments (FR.AK.07). Views call these; every change is audited (`portal.audit`).

The plan and the agreement do not move the application: its states are the exam stage's (booked,
attended…). What they add is a condition of the check-in (`agreement_refusal`, registered as a check-in
guard of `certification.exams`): an exam candidate is checked in only when the plan is recorded and
both the candidate and the assessor confirmed the agreement."""

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from certification.competency import services as competency
from certification.exams.models import BookingStatus, ExamBooking, SessionKind
from portal.audit.services import record
from portal.core.text import sentence

from . import rules
from .models import (
    AgreementConfirmation,
    Approach,
    AssessmentPlan,
    DefaultMethods,
    DefaultPlan,
    EvidenceKind,
    Method,
    Party,
    PlanUnit,
    method_labels,
)


class PlanningError(Exception):
    """A refusal with a translated, user-facing message."""


#: The methods a unit starts with when the scheme has no default plan: those of the exam's components.
COMPONENT_METHODS = {
    "portfolio": Method.PORTFOLIO,
    "cognitive": Method.WRITTEN,
    "practical": Method.PRACTICAL,
    "interview": Method.INTERVIEW,
    "practice_evidence": Method.THIRD_PARTY,
}


# --- what a plan is about ------------------------------------------------------------------------------
def version_of(application):
    """The scheme version the application follows (FR.APL.02's), or None when its scheme has no units."""
    self_assessment = competency.self_assessment_for(application)
    return self_assessment.version if self_assessment is not None else None


def units_of(version):
    """The units a plan covers: the version's, or [None] (the scheme as a whole) without units."""
    if version is None:
        return [None]
    return list(version.units.all()) or [None]


def default_for(scheme, version):
    """The LSP admin's default plan for the version (or the scheme, without units), with its rows; or None."""
    found = DefaultPlan.objects.filter(scheme=scheme, version=version).prefetch_related("rows").first()
    return found


def _fallback_methods(booking):
    components = booking.session.components.values_list("kind", flat=True)
    methods = [COMPONENT_METHODS[kind] for kind in components if kind in COMPONENT_METHODS]
    return [str(m) for m in dict.fromkeys(methods)] or [Method.PORTFOLIO.value]


def initial_plan(booking, version=None, units=None):
    """What the assessor's form starts from: the plan recorded, else the scheme's default, else the exam's
    components (portfolio → portfolio check, cognitive → written test, …). {"approach", "evidence_kinds",
    "notes", "methods": {unit id or None: [codes]}}."""
    version = version if version is not None else version_of(booking.application)
    units = units if units is not None else units_of(version)
    plan = plan_of(booking)
    if plan is not None:
        rows = {row.unit_id: row.methods for row in plan.rows.all()}
        return {"approach": plan.approach, "evidence_kinds": plan.evidence_kinds, "notes": plan.notes,
                "methods": {key(u): rows.get(key(u), []) for u in units}, "source": "plan"}
    default = default_for(booking.session.scheme, version)
    if default is not None:
        rows = {row.unit_id: row.methods for row in default.rows.all()}
        return {"approach": default.approach, "evidence_kinds": default.evidence_kinds, "notes": default.notes,
                "methods": {key(u): rows.get(key(u), []) for u in units}, "source": "default"}
    route = booking.application.route
    approach = Approach.RPL if route.kind == route.Kind.EXPERIENCE else Approach.FINAL
    fallback = _fallback_methods(booking)
    return {"approach": approach.value, "evidence_kinds": [EvidenceKind.DIRECT.value, EvidenceKind.INDIRECT.value],
            "notes": "", "methods": {key(u): list(fallback) for u in units}, "source": "components"}


def key(unit):
    return unit.pk if unit is not None else None


def plan_of(booking):
    """The booking's plan with its rows (two queries), or None. Cached on the booking for the request."""
    if not hasattr(booking, "_planning_plan"):
        booking._planning_plan = (
            AssessmentPlan.objects.filter(booking_id=booking.pk).select_related("version", "assessor__user")
            .prefetch_related("rows__unit").first()
        )
    return booking._planning_plan


def _snapshot(plan):
    return {
        "approach": plan.approach,
        "evidence_kinds": list(plan.evidence_kinds),
        "methods": {(row.unit.code if row.unit_id else ""): list(row.methods) for row in plan.rows.all()},
    }


def _clean(approach, evidence_kinds, methods, units):
    if approach not in Approach.values:
        raise PlanningError(_("Choose the approach of the assessment."))
    if any(kind not in EvidenceKind.values for kind in evidence_kinds):
        raise PlanningError(_("Choose the kinds of evidence from the list."))
    for unit in units:
        chosen = methods.get(key(unit)) or []
        if not chosen:
            raise PlanningError(
                _("Choose at least one method for unit %(code)s.") % {"code": unit.code}
                if unit is not None else _("Choose at least one method.")
            )
        if any(code not in Method.values for code in chosen):
            raise PlanningError(_("Choose the methods from the list."))


# --- FR.MAPA.01 ----------------------------------------------------------------------------------------
def plannable_problem(booking):
    """Why the booking cannot be planned or agreed (any more), or None."""
    if booking.kind != SessionKind.EXAM:
        return _("A technical briefing has no assessment plan.")
    if booking.status != BookingStatus.CONFIRMED:
        return _("Only a candidate with a seat is assessed.")
    if booking.attendance:
        return _("The exam has taken place; the plan and the agreement are kept as they were.")
    return None


def _lock(booking):
    return (
        ExamBooking.objects.select_for_update(of=("self",))
        .select_related("session", "session__scheme", "application", "application__route", "assessor")
        .get(pk=booking.pk)
    )


def save_plan(user, booking, *, approach, evidence_kinds, notes, methods, request=None):
    """Record (or change) the booking's FR.MAPA.01: the approach, the kinds of evidence and the methods
    per unit of the application's scheme version. A changed plan withdraws confirmations already given:
    candidate and assessor agreed to the plan as it was."""
    with transaction.atomic():
        locked = _lock(booking)
        if not rules.may_plan(user, locked):
            raise PermissionDenied
        problem = plannable_problem(locked)
        if problem:
            raise PlanningError(problem)
        version = version_of(locked.application)
        units = units_of(version)
        _clean(approach, evidence_kinds, methods, units)
        plan = AssessmentPlan.objects.filter(booking=locked).prefetch_related("rows__unit").first()
        before = _snapshot(plan) if plan is not None else None
        if plan is None:
            plan = AssessmentPlan(booking=locked)
        plan.version = version
        plan.assessor = locked.assessor
        plan.approach = approach
        plan.evidence_kinds = [kind for kind in EvidenceKind.values if kind in evidence_kinds]
        plan.notes = notes.strip()
        plan.save()
        plan.rows.all().delete()
        PlanUnit.objects.bulk_create([
            PlanUnit(plan=plan, unit=unit, methods=[m for m in Method.values if m in methods[key(unit)]]) for unit in units
        ])
        plan = AssessmentPlan.objects.prefetch_related("rows__unit").get(pk=plan.pk)
        after = _snapshot(plan)
        record(user, "planning.plan", locked, before=before, after=after, request=request)
        withdrawn = []
        if before is not None and before != after:
            withdrawn = list(locked.agreement_confirmations.values_list("party", flat=True))
            if withdrawn:
                locked.agreement_confirmations.all().delete()
                record(user, "planning.agreement_withdrawn", locked, before={"parties": withdrawn},
                       note="the plan changed", request=request)
    booking.__dict__.pop("_planning_plan", None)
    return plan, withdrawn


def save_default(user, scheme, version, *, approach, evidence_kinds, notes, methods, request=None):
    """The LSP admin's default plan for a scheme version (or the scheme, without units)."""
    if not rules.may_manage_defaults(user):
        raise PermissionDenied
    units = units_of(version)
    _clean(approach, evidence_kinds, methods, units)
    with transaction.atomic():
        default, _created = DefaultPlan.objects.get_or_create(scheme=scheme, version=version)
        default.approach = approach
        default.evidence_kinds = [kind for kind in EvidenceKind.values if kind in evidence_kinds]
        default.notes = notes.strip()
        default.updated_by = user
        default.save()
        default.rows.all().delete()
        DefaultMethods.objects.bulk_create([
            DefaultMethods(default=default, unit=unit, methods=[m for m in Method.values if m in methods[key(unit)]])
            for unit in units
        ])
        record(user, "planning.default", default, after={
            "scheme": scheme.code, "version": getattr(version, "number", None), "approach": approach,
            "methods": {(u.code if u else ""): methods[key(u)] for u in units},
        }, request=request)
    return default


# --- FR.AK.01 ------------------------------------------------------------------------------------------
def confirmations(booking):
    """{party: AgreementConfirmation} of the booking."""
    if not hasattr(booking, "_planning_confirmations"):
        booking._planning_confirmations = {c.party: c for c in booking.agreement_confirmations.select_related("user")}
    return booking._planning_confirmations


def confirm(user, booking, *, request=None):
    """The user's confirmation of the agreement and confidentiality, as candidate or as assessor.
    Needs the plan; a second confirmation by the same party is the first one (no new row, no new event)."""
    with transaction.atomic():
        locked = _lock(booking)
        party = rules.party_of(user, locked)
        if party is None:
            raise PermissionDenied
        problem = plannable_problem(locked)
        if problem:
            raise PlanningError(problem)
        plan = AssessmentPlan.objects.filter(booking=locked).prefetch_related("rows__unit").first()
        if plan is None:
            raise PlanningError(_("The assessor has not recorded the assessment plan yet; the agreement follows it."))
        existing = locked.agreement_confirmations.filter(party=party).first()
        if existing is not None:
            return existing, False
        try:
            with transaction.atomic():
                confirmation = AgreementConfirmation.objects.create(
                    booking=locked, party=party, user=user, confirmed_at=timezone.now(), plan_snapshot=_snapshot(plan)
                )
        except IntegrityError:  # the same party at the same moment, from another tab
            return locked.agreement_confirmations.get(party=party), False
        record(user, "planning.agree", locked, after={"party": party, "at": confirmation.confirmed_at.isoformat()},
               request=request)
    booking.__dict__.pop("_planning_confirmations", None)
    return confirmation, True


def missing_parties(booking, found=None):
    found = found if found is not None else confirmations(booking)
    return [party for party in (Party.CANDIDATE, Party.ASSESSOR) if party not in found]


def agreement_refusal(booking):
    """The check-in guard (`certification.exams.extensions`): why this exam candidate may not be checked in
    yet, or None. The booking row is locked by the check-in."""
    if booking.kind != SessionKind.EXAM:
        return None
    if not AssessmentPlan.objects.filter(booking_id=booking.pk).exists():
        return sentence(_("Not yet: the assessor has not recorded the assessment plan (FR.MAPA.01), so the agreement (FR.AK.01) cannot be confirmed"))
    found = set(AgreementConfirmation.objects.filter(booking_id=booking.pk).values_list("party", flat=True))
    missing = [party for party in (Party.CANDIDATE, Party.ASSESSOR) if party not in found]
    if not missing:
        return None
    labels = {Party.CANDIDATE: _("the candidate"), Party.ASSESSOR: _("the assessor")}
    return sentence(
        _("Not yet: the assessment agreement (FR.AK.01) is not confirmed by %(who)s; it must be confirmed in the portal before the exam")
        % {"who": _(" and ").join(str(labels[p]) for p in missing)}
    )


def agree_as_planned(booking):
    """The plan from its default (unless recorded) and both confirmations, each by its own person (the
    booking's assessor, the candidate). For demo data and tests; the booking needs an assessor."""
    booking = ExamBooking.objects.select_related("session", "application__applicant", "application__route",
                                                 "assessor__user").get(pk=booking.pk)
    if plan_of(booking) is None:
        initial = initial_plan(booking)
        save_plan(booking.assessor.user, booking, approach=initial["approach"], evidence_kinds=initial["evidence_kinds"],
                  notes=initial["notes"], methods=initial["methods"])
    confirm(booking.application.applicant, booking)
    confirm(booking.assessor.user, booking)
    return booking


# --- FR.AK.07 ------------------------------------------------------------------------------------------
def save_adjustments(user, application, data, *, request=None):
    """Record the candidate's reasonable adjustments (`data`: the form's cleaned data)."""
    from .models import Adjustments

    if not rules.may_record_adjustments(user, application):
        raise PermissionDenied
    fields = ("extra_minutes", "reader", "large_print", "separate_room", "interpreter", "other", "note")
    with transaction.atomic():
        row = Adjustments.objects.select_for_update().filter(application=application).first()
        before = {f: getattr(row, f) for f in fields} if row is not None else None
        if row is None:
            row = Adjustments(application=application)
        for f in fields:
            setattr(row, f, data.get(f) if f not in ("other", "note") else (data.get(f) or "").strip())
        row.recorded_by = user
        row.save()
        record(user, "planning.adjustments", application, before=before, after={f: getattr(row, f) for f in fields},
               request=request)
    return row


def adjustments_of(application):
    from .models import Adjustments

    return Adjustments.objects.filter(application_id=application.pk).select_related("recorded_by").first()


def extra_minutes(booking_or_application):
    """The extra minutes (FR.AK.07) a candidate has in a timed test: 0 without adjustments. For the
    computer-based test: `extra_minutes(booking)` (or the application), one query."""
    from .models import Adjustments

    application_id = getattr(booking_or_application, "application_id", None) or booking_or_application.pk
    value = Adjustments.objects.filter(application_id=application_id).values_list("extra_minutes", flat=True).first()
    return value or 0


# --- the exam day: notes per booking (certification.exams.extensions) ------------------------------------
def booking_notes(bookings):
    """{booking id: [notes]}: the adjustments and, before the exam, the missing confirmations. Two queries."""
    from .models import Adjustments

    exam = [b for b in bookings if b.kind == SessionKind.EXAM]
    if not exam:
        return {}
    adjustments = {a.application_id: a for a in Adjustments.objects.filter(application_id__in={b.application_id for b in exam})}
    confirmed = {}
    for booking_id, party in AgreementConfirmation.objects.filter(booking_id__in=[b.pk for b in exam]).values_list("booking_id", "party"):
        confirmed.setdefault(booking_id, set()).add(party)
    notes = {}
    for booking in exam:
        items = []
        row = adjustments.get(booking.application_id)
        if row is not None and row.any:
            items.append(_("FR.AK.07 adjustments: %(list)s") % {"list": ", ".join(row.items())})
        if not booking.attendance and booking.status == BookingStatus.CONFIRMED:
            missing = [p for p in (Party.CANDIDATE, Party.ASSESSOR) if p not in confirmed.get(booking.pk, set())]
            if missing:
                labels = {Party.CANDIDATE: _("candidate"), Party.ASSESSOR: _("assessor")}
                items.append(_("FR.AK.01 not confirmed by: %(who)s") % {"who": ", ".join(str(labels[p]) for p in missing)})
        if items:
            notes[booking.pk] = items
    return notes


def session_rows(session, bookings):
    """Per confirmed booking of the session: (booking, plan or None, {party: confirmation}, adjustments or
    None). Four queries whatever the number of candidates."""
    from .models import Adjustments

    bookings = list(bookings)
    plans = {p.booking_id: p for p in AssessmentPlan.objects.filter(booking__in=bookings)}
    found = {}
    for c in AgreementConfirmation.objects.filter(booking__in=bookings):
        found.setdefault(c.booking_id, {})[c.party] = c
    adjustments = {a.application_id: a for a in Adjustments.objects.filter(application_id__in=[b.application_id for b in bookings])}
    return [(b, plans.get(b.pk), found.get(b.pk, {}), adjustments.get(b.application_id)) for b in bookings]


__all__ = ["method_labels"]
