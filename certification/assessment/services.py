"""Assignment with conflict-of-interest checks, scoring, submission, reconciliation, reminders."""

from datetime import timedelta
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from certification.choices import ApplicationStatus
from certification.models import Application
from certification.rules import is_verifier
from portal.accounts.models import User
from portal.accounts.roles import Role
from portal.audit.services import record
from portal.core.numbers import decimal
from portal.notifications.services import notify
from portal.workflow.engine import TransitionError, perform

from . import licences, scoring
from .models import (
    Assignment,
    Criterion,
    Recommendation,
    Reconciliation,
    RoundAssessment,
    Rubric,
    Score,
)


class AssessmentError(Exception):
    """A refusal with a translated, user-facing message."""


# --- settings and rubric -------------------------------------------------------------------------------
def settings_for(round_):
    settings_row, _created = RoundAssessment.objects.get_or_create(round=round_)
    return settings_row


def active_rubric(scheme):
    rubric = Rubric.objects.filter(scheme=scheme, is_active=True).first()
    if rubric is None:
        raise AssessmentError(_("The scheme %(scheme)s has no active rubric.") % {"scheme": scheme})
    return rubric


def is_blind(application):
    return settings_for(application.round).blind


# --- suggestions and assignment --------------------------------------------------------------------------
def open_workload():
    """Open assignments per assessor (user id → count)."""
    return dict(
        Assignment.objects.open().values("assessor").annotate(n=Count("id")).values_list("assessor", "n")
    )


def suggest_assessors(application, limit=10, workload=None):
    """Active assessors without a conflict with the applicant and with a No. Reg. MET valid today for
    the application's scheme, least busy first, then from the application's regional office.
    Returns [(AssessorProfile, open assignments)]."""
    return assessor_options(application, limit=limit, workload=workload)[0]


def assessor_options(application, limit=10, workload=None, day=None):
    """(suggestions, left out): the suggestions of `suggest_assessors` and [(AssessorProfile, reason)]
    of the assessors without a conflict left out for their licence (expired, not for this scheme…).
    Conflicts of interest are not listed: a declaration is the assessor's own business."""
    from registry.models import AssessorProfile, ConflictFacts

    workload = open_workload() if workload is None else workload
    taken = set(application.assignments.values_list("assessor_id", flat=True))  # incl. declared conflicts
    candidates = licences.with_licences(
        AssessorProfile.objects.filter(is_active=True, user__is_active=True, user__role=Role.ASSESSOR)
        .exclude(user_id__in=taken)
        .select_related("user", "regional_office")
        .prefetch_related("declarations")
    )
    applicant = ConflictFacts.of(application.applicant)  # read once for every candidate
    without_conflict = [profile for profile in candidates if not profile.conflicts_with(applicant)]
    allowed, left_out = licences.screen(without_conflict, licences.scheme_id_of(application), day)
    suggestions = [(profile, workload.get(profile.user_id, 0)) for profile in allowed]
    suggestions.sort(
        key=lambda pair: (pair[1], pair[0].regional_office_id != application.regional_office_id, pair[0].user.full_name)
    )
    left_out.sort(key=lambda pair: pair[0].user.full_name)
    return suggestions[:limit], left_out


def _check_assessor(application, user):
    from registry.models import AssessorProfile

    profile = licences.with_licences(
        AssessorProfile.objects.filter(user=user, is_active=True).prefetch_related("declarations")
    ).first()
    if profile is None or not user.is_assessor:
        raise AssessmentError(_("%(name)s is not an active assessor.") % {"name": user})
    if profile.conflicts_with(application.applicant):
        raise AssessmentError(
            _("%(name)s has a conflict of interest with this applicant.") % {"name": user.get_full_name()}
        )
    problem = licences.licence_problem(profile, licences.scheme_id_of(application))
    if problem:
        raise AssessmentError(
            _("%(name)s cannot be assigned: %(reason)s.") % {"name": user.get_full_name(), "reason": problem}
        )


def assign(actor, application, assessors, request=None):
    """Assign assessors to an eligible (or in-assessment) application; starts the assessment."""
    if not is_verifier(actor, application):
        raise PermissionDenied
    if application.status not in (ApplicationStatus.ELIGIBLE, ApplicationStatus.IN_ASSESSMENT):
        raise AssessmentError(_("Assessors can be assigned only to eligible applications."))
    round_settings = settings_for(application.round)
    rubric = active_rubric(application.round.scheme)
    created = []
    with transaction.atomic():
        Application.objects.select_for_update().get(pk=application.pk)
        active = application.assignments.active().filter(role=Assignment.Role.ASSESSOR).count()
        if active + len(assessors) > round_settings.assessors_per_application:
            raise AssessmentError(
                _("This round takes %(n)s assessor(s) per application.") % {"n": round_settings.assessors_per_application}
            )
        for user in assessors:
            _check_assessor(application, user)
            if application.assignments.filter(assessor=user).exists():
                raise AssessmentError(_("%(name)s was already assigned to this application.") % {"name": user.get_full_name()})
            assignment = Assignment.objects.create(
                application=application,
                assessor=user,
                rubric=rubric,
                assigned_by=actor,
                due_at=timezone.now() + timedelta(days=round_settings.days_to_assess),
            )
            record(actor, "assessment.assign", application, after={"assessor": user.email}, request=request)
            notify(
                user,
                "assessment/assigned",
                {"assignment": assignment, "application": application},
                url=assignment.get_absolute_url(),
            )
            created.append(assignment)
        if application.status == ApplicationStatus.ELIGIBLE:
            perform(application, "start_assessment", actor, request=request)
    return created


def bulk_assign(actor, round_, request=None):
    """Assign suggested assessors to every eligible application of a round that the actor may
    manage, balancing open workload as it goes. Returns (assigned applications, [(application, reason)])."""
    per_application = settings_for(round_).assessors_per_application
    workload = open_workload()
    done, skipped = 0, []
    applications = (
        Application.objects.visible_to(actor)
        .filter(round=round_, status__in=[ApplicationStatus.ELIGIBLE, ApplicationStatus.IN_ASSESSMENT])
        .select_related("applicant", "round", "regional_office")
        .order_by("submitted_at", "pk")
    )
    for application in applications:
        missing = per_application - application.assignments.active().filter(role=Assignment.Role.ASSESSOR).count()
        if missing <= 0:
            continue
        picks = [profile.user for profile, _load in suggest_assessors(application, limit=missing, workload=workload)]
        if len(picks) < missing:
            skipped.append((application, _("Not enough assessors without a conflict of interest and with a valid No. Reg. MET for the scheme.")))
            continue
        try:
            assign(actor, application, picks, request=request)
        except (AssessmentError, TransitionError) as error:
            skipped.append((application, str(error)))
            continue
        for user in picks:
            workload[user.pk] = workload.get(user.pk, 0) + 1
        done += 1
    return done, skipped


# --- the assessor's side ---------------------------------------------------------------------------------
def declare(assessor, assignment, *, conflict, note="", request=None):
    """Before anything beyond the scheme is shown, the assessor declares (no) conflict of interest."""
    if assignment.assessor_id != assessor.pk:
        raise PermissionDenied
    if assignment.declared or assignment.is_locked:
        raise AssessmentError(_("You already made your declaration for this file."))
    assignment.declared_at = timezone.now()
    if conflict:
        assignment.status = Assignment.Status.CONFLICT
        assignment.conflict_note = (note or "").strip()
        assignment.save(update_fields=["declared_at", "status", "conflict_note"])
        record(assessor, "assessment.conflict_declared", assignment.application, note=assignment.conflict_note, request=request)
        application = assignment.application
        staff = User.objects.filter(role=Role.SECRETARIAT, regional_office_id=application.regional_office_id, is_active=True)
        for user in staff:
            notify(user, "assessment/conflict", {"assignment": assignment, "application": application},
                   url=f"/secretariat/assessment/applications/{application.pk}/")
    else:
        assignment.status = Assignment.Status.IN_PROGRESS
        assignment.save(update_fields=["declared_at", "status"])
        record(assessor, "assessment.no_conflict_declared", assignment.application, request=request)
    return assignment


def _require_scoring(assessor, assignment):
    if assignment.assessor_id != assessor.pk:
        raise PermissionDenied
    if not assignment.declared or assignment.status == Assignment.Status.CONFLICT:
        raise AssessmentError(_("Declare that you have no conflict of interest first."))
    if assignment.status == Assignment.Status.SUBMITTED:
        raise AssessmentError(_("Your scores were submitted and are locked."))


def save_scores(assessor, assignment, entries):
    """Save a draft: `entries` maps criterion id → (value or None, not_applicable, evidence).
    Validates each value against the scale; returns the running total."""
    assignment.refresh_from_db()
    _require_scoring(assessor, assignment)
    rubric = assignment.rubric
    criteria = {c.pk: c for c in rubric.criteria.all()}
    errors = {}
    clean = {}
    for criterion_id, (value, not_applicable, evidence) in entries.items():
        criterion = criteria.get(criterion_id)
        if criterion is None:
            continue
        if not_applicable and criterion.required:
            errors[criterion_id] = _("This criterion is required; “not applicable” is not allowed.")
            continue
        if value is not None and not (rubric.scale_min <= value <= rubric.scale_max):
            errors[criterion_id] = _("Choose a score from %(min)s to %(max)s.") % {
                "min": rubric.scale_min, "max": rubric.scale_max,
            }
            continue
        clean[criterion_id] = (None if not_applicable else value, bool(not_applicable), (evidence or "").strip())
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = Assignment.objects.select_for_update().get(pk=assignment.pk)
        _require_scoring(assessor, locked)
        for criterion_id, (value, not_applicable, evidence) in clean.items():
            Score.objects.update_or_create(
                assignment=locked,
                criterion_id=criterion_id,
                defaults={"value": value, "not_applicable": not_applicable, "evidence": evidence},
            )
    return running_total(assignment)


def running_total(assignment):
    rubric = assignment.rubric
    weights = dict(rubric.criteria.values_list("pk", "weight"))
    entries = [
        (weights[s.criterion_id], s.value, s.not_applicable)
        for s in assignment.scores.all()
        if s.criterion_id in weights
    ]
    return scoring.weighted_total(entries, rubric.scale_min, rubric.scale_max)


def missing_scores(assignment):
    scored = {
        s.criterion_id
        for s in assignment.scores.all()
        if s.not_applicable or s.value is not None
    }
    return [c for c in assignment.rubric.criteria.all() if c.pk not in scored]


def submit(assessor, assignment, *, recommendation, feedback="", request=None):
    """Lock the assessor's scores with a recommendation; finalise the application when all are in."""
    assignment.refresh_from_db()
    _require_scoring(assessor, assignment)
    missing = missing_scores(assignment)
    if missing:
        raise AssessmentError(
            _("Score every criterion first (or mark an optional one “not applicable”): %(items)s")
            % {"items": "; ".join(c.title for c in missing)}
        )
    if recommendation not in Recommendation.values:
        raise ValidationError({"recommendation": _("Choose a recommendation.")})
    feedback = (feedback or "").strip()
    if recommendation == Recommendation.NOT_YET and not feedback:
        raise ValidationError({"feedback": _("Write feedback for the applicant: what to improve.")})
    with transaction.atomic():
        locked = Assignment.objects.select_for_update().get(pk=assignment.pk)
        _require_scoring(assessor, locked)
        locked.total = running_total(locked)
        locked.recommendation = recommendation
        locked.feedback = feedback
        locked.status = Assignment.Status.SUBMITTED
        locked.submitted_at = timezone.now()
        locked.save(update_fields=["total", "recommendation", "feedback", "status", "submitted_at"])
        record(
            assessor, "assessment.submit", locked.application,
            after={"total": str(locked.total), "recommendation": recommendation}, request=request,
        )
        if locked.role == Assignment.Role.RECONCILER:
            reconcile(assessor, locked.application, recommendation, feedback or _("Decided by the third assessor."), request=request)
        else:
            after_submission(locked.application, assessor, request=request)
    assignment.refresh_from_db()
    return assignment


def _assessor_assignments(application):
    return list(application.assignments.filter(role=Assignment.Role.ASSESSOR).exclude(status=Assignment.Status.CONFLICT))


def after_submission(application, actor, request=None):
    """When every assessor has submitted: agree → move on; disagree → reconciliation."""
    required = settings_for(application.round).assessors_per_application
    assignments = _assessor_assignments(application)
    if len(assignments) < required or any(a.status != Assignment.Status.SUBMITTED for a in assignments):
        return None
    threshold = settings_for(application.round).reconciliation_threshold
    reasons = scoring.disagreement([a.total for a in assignments], [a.recommendation for a in assignments], threshold)
    if reasons:
        texts = {
            "recommendations": _("the recommendations differ"),
            "totals": _("the totals differ by more than %(t)s points") % {"t": decimal(threshold)},
        }
        reconciliation, _created = Reconciliation.objects.update_or_create(
            application=application,
            defaults={"reason": "; ".join(texts[r] for r in reasons), "status": Reconciliation.Status.OPEN},
        )
        record(actor, "assessment.reconciliation_opened", application, note=reconciliation.reason, request=request)
        for admin in User.objects.filter(role=Role.LSP_ADMIN, is_active=True):
            notify(admin, "assessment/reconciliation", {"application": application, "reconciliation": reconciliation},
                   url=f"/assessment/reconciliation/{application.pk}/")
        return reconciliation
    return finalise(application, actor, request=request)


def outcome(application):
    """The recommendation the assessment reached, or None while it is not settled."""
    reconciliation = Reconciliation.objects.filter(application=application).first()
    if reconciliation is not None:
        return reconciliation.recommendation if reconciliation.status == Reconciliation.Status.DECIDED else None
    required = settings_for(application.round).assessors_per_application
    assignments = _assessor_assignments(application)
    if len(assignments) < required or any(a.status != Assignment.Status.SUBMITTED for a in assignments):
        return None
    recommendations = {a.recommendation for a in assignments}
    if len(recommendations) != 1:
        return None
    threshold = settings_for(application.round).reconciliation_threshold
    if scoring.disagreement([a.total for a in assignments], [a.recommendation for a in assignments], threshold):
        return None
    return recommendations.pop()


def finalise(application, actor, request=None):
    result = outcome(application)
    if result is None:
        return None
    name = "recommend_proceed" if result == Recommendation.PROCEED else "recommend_not_yet"
    return perform(application, name, actor, request=request)


def reconcile(actor, application, recommendation, reason, request=None):
    """The LSP admin (or the third assessor) settles a disagreement, with a reason."""
    reconciliation = Reconciliation.objects.filter(application=application).first()
    if reconciliation is None or reconciliation.status != Reconciliation.Status.OPEN:
        raise AssessmentError(_("There is nothing to reconcile for this application."))
    is_reconciler = application.assignments.filter(assessor=actor, role=Assignment.Role.RECONCILER).exists()
    if not actor.is_lsp_admin and not is_reconciler:
        raise PermissionDenied
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Please write a reason.")})
    if recommendation not in Recommendation.values:
        raise ValidationError({"recommendation": _("Choose a recommendation.")})
    with transaction.atomic():
        reconciliation.status = Reconciliation.Status.DECIDED
        reconciliation.recommendation = recommendation
        reconciliation.decision_reason = reason
        reconciliation.decided_by = actor
        reconciliation.decided_at = timezone.now()
        reconciliation.save()
        record(actor, "assessment.reconcile", application, after={"recommendation": recommendation}, note=reason, request=request)
        name = "recommend_proceed" if recommendation == Recommendation.PROCEED else "recommend_not_yet"
        return perform(application, name, actor, note=reason, request=request)


def assign_reconciler(actor, application, assessor, request=None):
    if not actor.is_lsp_admin:
        raise PermissionDenied
    reconciliation = Reconciliation.objects.filter(application=application, status=Reconciliation.Status.OPEN).first()
    if reconciliation is None:
        raise AssessmentError(_("There is nothing to reconcile for this application."))
    _check_assessor(application, assessor)
    if application.assignments.filter(assessor=assessor).exists():
        raise AssessmentError(_("%(name)s was already assigned to this application.") % {"name": assessor.get_full_name()})
    assignment = Assignment.objects.create(
        application=application, assessor=assessor, role=Assignment.Role.RECONCILER,
        rubric=active_rubric(application.round.scheme), assigned_by=actor,
        due_at=timezone.now() + timedelta(days=settings_for(application.round).days_to_assess),
    )
    record(actor, "assessment.assign_reconciler", application, after={"assessor": assessor.email}, request=request)
    notify(assessor, "assessment/assigned", {"assignment": assignment, "application": application}, url=assignment.get_absolute_url())
    return assignment


def reopen(actor, assignment, reason, request=None):
    """The secretariat reopens a submitted assessment (audited) while the outcome is not final."""
    application = assignment.application
    if not is_verifier(actor, application):
        raise PermissionDenied
    if application.status != ApplicationStatus.IN_ASSESSMENT or assignment.status != Assignment.Status.SUBMITTED:
        raise AssessmentError(_("Only a submitted assessment of an application still in assessment can be reopened."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Please write a reason.")})
    assignment.status = Assignment.Status.IN_PROGRESS
    assignment.submitted_at = None
    assignment.save(update_fields=["status", "submitted_at"])
    Reconciliation.objects.filter(application=application, status=Reconciliation.Status.OPEN).delete()
    record(actor, "assessment.reopen", application, after={"assessor": assignment.assessor.email}, note=reason, request=request)
    notify(assignment.assessor, "assessment/reopened", {"assignment": assignment, "application": application, "note": reason},
           url=assignment.get_absolute_url())
    return assignment


def others_visible(assignment):
    """Other assessors' submitted assessments, visible once one's own is in (or to a reconciler)."""
    if assignment.role != Assignment.Role.RECONCILER and assignment.status != Assignment.Status.SUBMITTED:
        return []
    return list(
        assignment.application.assignments.filter(status=Assignment.Status.SUBMITTED)
        .exclude(pk=assignment.pk)
        .select_related("assessor")
        .prefetch_related("scores")
    )


# --- reminders ------------------------------------------------------------------------------------------
def remind_overdue(now=None):
    """Remind assessors of overdue files (at most once a day each) and tell each regional
    secretariat who is late. Returns the number of assessor reminders sent."""
    now = now or timezone.now()
    overdue = (
        Assignment.objects.open()
        .filter(due_at__lt=now)
        .filter(Q(last_reminded_at__isnull=True) | Q(last_reminded_at__lt=now - timedelta(days=1)))
        .select_related("assessor", "application", "application__regional_office", "application__round")
    )
    late_by_office = {}
    sent = 0
    for assignment in overdue:
        with transaction.atomic():
            notify(assignment.assessor, "assessment/reminder", {"assignment": assignment, "application": assignment.application},
                   url=assignment.get_absolute_url())
            Assignment.objects.filter(pk=assignment.pk).update(last_reminded_at=now)
        late_by_office.setdefault(assignment.application.regional_office_id, []).append(assignment)
        sent += 1
    for office_id, assignments in late_by_office.items():
        for user in User.objects.filter(role=Role.SECRETARIAT, regional_office_id=office_id, is_active=True):
            notify(user, "assessment/late_summary", {"assignments": assignments}, url="/secretariat/assessment/")
    return sent


def criteria_by_area(rubric):
    criteria = list(rubric.criteria.all())
    areas = []
    for value, label in Criterion._meta.get_field("area").choices:
        items = [c for c in criteria if c.area == value]
        if items:
            areas.append((label, items))
    return areas


def total_weight(rubric):
    return sum((c.weight for c in rubric.criteria.all()), Decimal(0))
