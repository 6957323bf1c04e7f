"""Scores per component and the suggested result."""

from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from certification.models import Component
from portal.audit.services import record

from .. import scoring
from ..models import (
    Attendance,
    ExamBooking,
    ExamScore,
)
from .common import ExamError, assessor_profile


# ---- scores ---------------------------------------------------------------------------------------------
def applicable_components(session_components, application):
    """The session's components that the candidate's route includes (all, when the route lists none)."""
    route_components = set(application.route.components or [])
    if not route_components:
        return list(session_components)
    return [c for c in session_components if c.kind in route_components]


def outcome_of(booking, components=None, scores=None):
    """The computed result of one candidate. `components` (with parts) and `scores` ({part_id:
    value}) may be given to avoid queries on list pages."""
    if components is None:
        components = list(booking.session.components.prefetch_related("parts"))
    if scores is None:
        scores = {s.part_id: s.value for s in booking.scores.all()}
    applicable = applicable_components(components, booking.application)
    return scoring.outcome(
        [
            (c.kind, c.weight, c.min_score, [(p.weight, scores.get(p.pk)) for p in c.parts.all()])
            for c in applicable
        ],
        booking.session.pass_mark,
    )


def may_score(user, booking):
    """An assessor of the session without a conflict of interest with the candidate, before the plenary."""
    profile = assessor_profile(user, booking.session)
    if profile is None:
        return False
    return not profile.conflicts_with(booking.application.applicant)


def save_scores(actor, booking, values, note=None, *, request=None):
    """Save what the assessor entered (partial saves: an empty field stays empty). `values`:
    {part_id: Decimal or None}. Recomputes the total; audits the changed values."""
    return _save_scores(actor, booking, values, note, request=request, may=may_score, kinds=None, action="exams.scores")


def save_test_scores(actor, booking, values, *, request=None):
    """The scores of the computer-based test (`certification.cbt`), entered by the test itself when the
    candidate (`actor`) submits or the time runs out: `values` {part_id: Decimal} for the parts of the
    cognitive component only. The same path as an assessor's scores (the total, the suggestion and the
    plenary go on unchanged); audited as `exams.test_scores`."""
    return _save_scores(
        actor, booking, values, None, request=request, may=lambda _actor, _booking: True,
        kinds={Component.COGNITIVE}, action="exams.test_scores",
    )


def _save_scores(actor, booking, values, note, *, request, may, kinds, action):
    with transaction.atomic():
        booking = (
            ExamBooking.objects.select_for_update(of=("self",))
            .select_related("session", "session__province", "application", "application__route", "application__applicant")
            .get(pk=booking.pk)
        )
        session = booking.session
        if not session.is_exam:
            raise ExamError(_("A technical briefing has no scores."))
        if not may(actor, booking):
            raise PermissionDenied
        if booking.attendance != Attendance.PRESENT:
            raise ExamError(_("Only candidates who attended can be scored."))
        if booking.result:
            raise ExamError(_("The plenary has decided; the scores can no longer be changed."))
        components = list(session.components.prefetch_related("parts"))
        allowed = {
            p.pk: p
            for c in applicable_components(components, booking.application)
            if kinds is None or c.kind in kinds
            for p in c.parts.all()
        }
        existing = {s.part_id: s for s in booking.scores.all()}
        changed = {}
        for part_id, value in values.items():
            if part_id not in allowed:
                continue
            if value is not None and not (Decimal(0) <= value <= Decimal(100)):
                raise ExamError(_("Scores are from 0 to 100."))
            score = existing.get(part_id)
            if score is None:
                if value is None:
                    continue
                ExamScore.objects.create(booking=booking, part_id=part_id, value=value, scored_by=actor)
            elif score.value != value:
                score.value = value
                score.scored_by = actor
                score.save(update_fields=["value", "scored_by", "updated_at"])
            else:
                continue
            changed[str(allowed[part_id])] = None if value is None else str(value)
        fields = []
        if note is not None and note.strip() != booking.assessor_note:
            booking.assessor_note = note.strip()
            fields.append("assessor_note")
        result = outcome_of(booking, components)
        booking.total = result.total
        booking.scores_complete = result.complete
        booking.save(update_fields=["total", "scores_complete", *fields])
        if changed or fields:
            record(actor, action, booking, after=changed or None, note=booking.assessor_note if fields else "", request=request)
    return booking, result
