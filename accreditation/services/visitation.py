"""The visitation: scheduling the team, scores and photos on site, reconciliation, the computed result."""

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.audit.services import record
from portal.documents.services import atomic_with_uploads, store_upload
from portal.notifications.services import notify
from portal.workflow.engine import perform

from .. import scoring
from ..choices import (
    DOC_PHOTO,
    AccreditationStatus,
)
from ..conflicts import conflict_reasons
from ..instrument import indicators_by_standard
from ..models import (
    Accreditation,
    Answer,
    ReconciledScore,
    TeamMember,
    Visitation,
    VisitPhoto,
    VisitScore,
)
from ..rules import is_desk_reviewer, operators_and_team
from .common import UNSET, AccreditationError
from .selfassessment import settings_max_evidence, snapshot_indicator


# ---- visitation -----------------------------------------------------------------------------------------
def minimum_team_size():
    return settings.ACCREDITATION_MIN_TEAM


def schedule_visitation(actor, accreditation, *, date, start_time, duration_hours, notes, assessors, lead, request=None):
    """Set the date and the team (≥ 2 active assessors without a conflict, one of them the lead), then
    move the accreditation to "visitation scheduled" (or, when it is already scheduled, update the
    visit: the team and the LKS are told, and their calendars get the new time)."""
    if not is_desk_reviewer(actor, accreditation):
        raise PermissionDenied
    if accreditation.status not in (AccreditationStatus.DESK_ACCEPTED, AccreditationStatus.VISITATION_SCHEDULED):
        raise AccreditationError(_("A visitation can be scheduled only after the desk review accepted the file."))
    assessors = list(dict.fromkeys(assessors))
    if len(assessors) < minimum_team_size():
        raise ValidationError(_("A visitation team needs at least %(n)s assessors.") % {"n": minimum_team_size()})
    if lead not in assessors:
        raise ValidationError(_("The team lead must be one of the team."))
    if any(not a.is_active for a in assessors):
        raise ValidationError(_("Only active assessors can visit."))
    reasons = conflict_reasons(assessors, accreditation.institution)
    if reasons:
        raise ValidationError(
            "; ".join(f"{a.user.full_name or a.user.email}: {reasons[a.pk]}" for a in assessors if a.pk in reasons)
        )
    if date < timezone.localdate():
        raise ValidationError(_("The visit cannot be in the past."))
    with transaction.atomic():
        accreditation = Accreditation.objects.select_for_update().get(pk=accreditation.pk)
        visitation = Visitation.objects.filter(accreditation=accreditation).first()
        rescheduling = visitation is not None and accreditation.status == AccreditationStatus.VISITATION_SCHEDULED
        if visitation is None:
            visitation = Visitation(accreditation=accreditation, scheduled_by=actor)
        else:
            visitation.sequence += 1
        visitation.date, visitation.start_time, visitation.duration_hours = date, start_time, duration_hours
        visitation.notes = (notes or "").strip()
        visitation.save()
        keep = {a.pk for a in assessors}
        leaving = TeamMember.objects.filter(visitation=visitation).exclude(assessor_id__in=keep)
        if VisitScore.objects.filter(visitation=visitation, assessor_id__in=leaving.values("assessor_id")).exists():
            raise AccreditationError(_("An assessor who has already scored cannot leave the team."))
        leaving.delete()
        TeamMember.objects.filter(visitation=visitation).update(is_lead=False)
        for assessor in assessors:
            TeamMember.objects.update_or_create(
                visitation=visitation, assessor=assessor, defaults={"is_lead": assessor.pk == lead.pk}
            )
        facts = {
            "date": date.isoformat(), "start_time": str(start_time), "team": [a.user.email for a in assessors],
            "lead": lead.user.email, "sequence": visitation.sequence,
        }
        if rescheduling:
            record(actor, "accreditation.visitation_update", accreditation, after=facts, request=request)
            seen = set()
            for recipient in operators_and_team(accreditation):
                if recipient.pk in seen:
                    continue
                seen.add(recipient.pk)
                notify(
                    recipient, "accreditation/visitation_updated",
                    {"object": accreditation, "visitation": visitation, "actor": actor},
                    url=visitation.get_absolute_url(),
                )
        else:
            record(actor, "accreditation.visitation_plan", accreditation, after=facts, request=request)
            perform(accreditation, "schedule_visitation", actor, request=request, context={"visitation": visitation})
    return visitation


def visitation_problems(accreditation):
    visitation = Visitation.objects.filter(accreditation=accreditation).first()
    if visitation is None:
        return [_("Set the date and the team of the visitation first.")]
    problems = []
    team = list(TeamMember.objects.filter(visitation=visitation).select_related("assessor__user"))
    if len(team) < minimum_team_size():
        problems.append(_("A visitation team needs at least %(n)s assessors.") % {"n": minimum_team_size()})
    if sum(1 for m in team if m.is_lead) != 1:
        problems.append(_("The team needs one lead."))
    if any(not m.assessor.is_active for m in team):
        problems.append(_("Only active assessors can visit."))
    reasons = conflict_reasons([m.assessor for m in team], accreditation.institution)
    if reasons:
        problems.append(_("Conflict of interest: %(who)s") % {
            "who": "; ".join(f"{m.assessor.user}: {reasons[m.assessor_id]}" for m in team if m.assessor_id in reasons)
        })
    return problems


def membership(user, visitation):
    if not getattr(user, "is_authenticated", False) or not user.is_assessor:
        return None
    return TeamMember.objects.filter(visitation=visitation, assessor__user=user).select_related("assessor").first()


def _require_member(user, visitation):
    member = membership(user, visitation)
    if member is None:
        raise PermissionDenied
    if visitation.accreditation.status != AccreditationStatus.VISITATION_SCHEDULED:
        raise AccreditationError(_("Scores can be given only while the visitation is open."))
    return member


def save_visit_score(user, visitation, indicator, *, score=UNSET, not_applicable=UNSET, note=UNSET, at=None):
    """Save what an assessor gave for one indicator, as it is given: the score (or N/A) and the note
    are saved separately. `at` is when it was given on the device (ms since the epoch); an older
    answer arriving late (a phone's offline queue replaying) never overwrites a newer one.
    Returns (VisitScore, applied: bool)."""
    accreditation = visitation.accreditation
    _standard, spec = snapshot_indicator(accreditation, indicator.pk)
    if spec is None:
        raise AccreditationError(_("This indicator is not part of this accreditation's instrument."))
    allowed = scoring.scale_values(accreditation.snapshot)
    if score is not UNSET and score is not None and score not in allowed:
        raise ValidationError(_("Choose a score from %(low)s to %(high)s.") % {"low": min(allowed), "high": max(allowed)})
    if not_applicable is True and not spec["allows_na"]:
        raise ValidationError(_("This indicator applies to every LKS; give it a score."))
    if note is not UNSET:
        note = (note or "").replace("\r\n", "\n").strip()
        if len(note) > 4000:
            raise ValidationError(_("At most 4000 characters; this note has %(n)s.") % {"n": len(note)})
    at = int(at) if at else int(timezone.now().timestamp() * 1000)
    with transaction.atomic():
        member = _require_member(user, visitation)
        row, _created = VisitScore.objects.select_for_update().get_or_create(
            visitation=visitation, assessor=member.assessor, indicator=indicator
        )
        applied = False
        if (score is not UNSET or not_applicable is not UNSET) and at >= row.score_at:
            if not_applicable is not UNSET:
                row.not_applicable = bool(not_applicable)
                if row.not_applicable:
                    row.score = None
            if score is not UNSET:
                row.score = score
                if score is not None:
                    row.not_applicable = False
            row.score_at = at
            applied = True
        if note is not UNSET and at >= row.note_at:
            row.note = note
            row.note_at = at
            applied = True
        if applied:
            row.save()
    return row, applied


def add_visit_photo(user, visitation, indicator, upload):
    _standard, spec = snapshot_indicator(visitation.accreditation, indicator.pk)
    if spec is None:
        raise AccreditationError(_("This indicator is not part of this accreditation's instrument."))
    with atomic_with_uploads():
        member = _require_member(user, visitation)
        row, _created = VisitScore.objects.get_or_create(visitation=visitation, assessor=member.assessor, indicator=indicator)
        if row.photos.count() >= settings_max_evidence():
            raise AccreditationError(_("At most %(n)s files per indicator; remove one first.") % {"n": settings_max_evidence()})
        document = store_upload(user, upload, kind=DOC_PHOTO, images_only=True)
        photo = VisitPhoto.objects.create(score=row, document=document)
        record(user, "accreditation.visit_photo", visitation.accreditation, after={"indicator": indicator.code, "document": str(document.pk)})
    return photo


def scores_of(visitation, assessor):
    return {
        s.indicator_id: s
        for s in VisitScore.objects.filter(visitation=visitation, assessor=assessor).prefetch_related(
            Prefetch("photos", queryset=VisitPhoto.objects.select_related("document"))
        )
    }


def unscored_codes(accreditation, rows):
    codes = []
    for standard in accreditation.snapshot["standards"]:
        for spec in standard["indicators"]:
            row = rows.get(spec["id"])
            if row is None or not row.is_answered or (row.not_applicable and not spec["allows_na"]):
                codes.append(spec["code"])
    return codes


def submit_scores(user, visitation, *, request=None):
    """An assessor declares their scoring done (every indicator scored or not applicable)."""
    with transaction.atomic():
        member = _require_member(user, visitation)
        missing = unscored_codes(visitation.accreditation, scores_of(visitation, member.assessor))
        if missing:
            raise AccreditationError(_("Score every indicator first; missing: %(codes)s") % {"codes": ", ".join(missing)})
        member.submitted_at = timezone.now()
        member.save(update_fields=["submitted_at"])
        record(user, "accreditation.visit_scores_submitted", visitation.accreditation, request=request)
    return member


def reconciliation_rows(visitation):
    """Per indicator, each member's score side by side, whether they agree, and the settled score."""
    accreditation = visitation.accreditation
    team = list(TeamMember.objects.filter(visitation=visitation).select_related("assessor__user"))
    scores = {}
    for row in VisitScore.objects.filter(visitation=visitation).prefetch_related(
        Prefetch("photos", queryset=VisitPhoto.objects.select_related("document"))
    ):
        scores[(row.indicator_id, row.assessor_id)] = row
    settled = {r.indicator_id: r for r in ReconciledScore.objects.filter(visitation=visitation)}
    answers = {a.indicator_id: a for a in Answer.objects.filter(accreditation=accreditation)}
    groups = []
    for standard, indicators in indicators_by_standard(accreditation.snapshot):
        rows = []
        spec_by_id = {i["id"]: i for i in standard["indicators"]}
        for indicator in indicators:
            given = [scores.get((indicator.pk, m.assessor_id)) for m in team]
            values = {("na" if g.not_applicable else g.score) for g in given if g is not None and g.is_answered}
            complete = all(g is not None and g.is_answered for g in given)
            agreed = complete and len(values) == 1
            proposal = next(iter(values)) if agreed else None
            rows.append(
                {
                    "indicator": indicator,
                    "allows_na": spec_by_id[indicator.pk]["allows_na"],
                    "given": list(zip(team, given)),
                    "agreed": agreed,
                    "proposal": proposal,
                    "settled": settled.get(indicator.pk),
                    "self": answers.get(indicator.pk),
                }
            )
        groups.append((standard, rows))
    return team, groups


def reconcile(user, visitation, decisions, *, request=None):
    """The team lead settles the team's scores into one set. `decisions`: {indicator_id: (score or
    None, not_applicable, note)}; indicators left out keep what was settled before."""
    accreditation = visitation.accreditation
    member = membership(user, visitation)
    if member is None or not member.is_lead:
        raise PermissionDenied
    if accreditation.status != AccreditationStatus.VISITATION_SCHEDULED:
        raise AccreditationError(_("Scores can be reconciled only while the visitation is open."))
    team = list(TeamMember.objects.filter(visitation=visitation))
    if any(m.submitted_at is None for m in team):
        raise AccreditationError(_("Every assessor of the team must submit their scores first."))
    allowed = scoring.scale_values(accreditation.snapshot)
    changed = {}
    with transaction.atomic():
        for indicator_id, (score, not_applicable, note) in decisions.items():
            _standard, spec = snapshot_indicator(accreditation, indicator_id)
            if spec is None:
                continue
            if not_applicable and not spec["allows_na"]:
                raise ValidationError(_("Indicator %(code)s applies to every LKS; give it a score.") % {"code": spec["code"]})
            if not not_applicable and score not in allowed:
                raise ValidationError(_("Choose the team's score for indicator %(code)s.") % {"code": spec["code"]})
            ReconciledScore.objects.update_or_create(
                visitation=visitation, indicator_id=indicator_id,
                defaults={
                    "score": None if not_applicable else score, "not_applicable": bool(not_applicable),
                    "note": (note or "").strip(), "settled_by": user,
                },
            )
            changed[spec["code"]] = "N/A" if not_applicable else score
        complete = ReconciledScore.objects.filter(visitation=visitation).count() == len(
            scoring.indicator_ids(accreditation.snapshot)
        )
        if complete:
            visitation.reconciled_at = timezone.now()
            visitation.reconciled_by = user
            visitation.save(update_fields=["reconciled_at", "reconciled_by", "updated_at"])
        record(user, "accreditation.reconcile", accreditation, after=changed, request=request)
    return complete


def completion_problems(accreditation):
    visitation = Visitation.objects.filter(accreditation=accreditation).first()
    if visitation is None:
        return [_("There is no visitation.")]
    problems = []
    waiting = [str(m.assessor.user) for m in visitation.team.select_related("assessor__user") if m.submitted_at is None]
    if waiting:
        problems.append(_("Scores not submitted yet by: %(who)s") % {"who": ", ".join(waiting)})
    settled = set(ReconciledScore.objects.filter(visitation=visitation).values_list("indicator_id", flat=True))
    missing = [
        i["code"] for s in accreditation.snapshot["standards"] for i in s["indicators"] if i["id"] not in settled
    ]
    if missing:
        problems.append(_("Reconcile every indicator first; missing: %(codes)s") % {"codes": ", ".join(missing)})
    return problems


def reconciled_answers(accreditation):
    visitation = Visitation.objects.filter(accreditation=accreditation).first()
    if visitation is None:
        return {}
    return {
        r.indicator_id: (r.score, r.not_applicable)
        for r in ReconciledScore.objects.filter(visitation=visitation)
    }


def computed_result(accreditation):
    """The score and suggested grade from the reconciled scores, on the accreditation's snapshot."""
    result = scoring.compute(accreditation.snapshot, reconciled_answers(accreditation))
    return result, scoring.grade_for(result.score, accreditation.snapshot)


def store_computed_result(accreditation):
    result, grade = computed_result(accreditation)
    accreditation.score = result.score
    accreditation.suggested_grade = grade
    accreditation.result = result.as_json()
