"""A session's assessors and exam components."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from certification.assessment import licences
from portal.audit.services import record

from ..models import (
    ComponentPart,
    ExamBooking,
    ExamComponent,
    ExamScore,
    PartKind,
)
from .common import ExamError, lock_session, manages


# ---- assessors ---------------------------------------------------------------------------------------
def set_assessors(actor, session, profiles, *, request=None):
    """Choose the session's assessors; candidates are then distributed among them (no conflicts)."""
    if not manages(actor, session):
        raise PermissionDenied
    profiles = list(profiles)
    problems = licence_problems(session, profiles)
    if problems:
        raise ExamError(
            _("These assessors cannot assess this session: %(list)s.")
            % {"list": "; ".join(f"{profile.user.get_full_name()} ({reason})" for profile, reason in problems)}
        )
    with transaction.atomic():
        session = lock_session(session.pk)
        before = sorted(session.assessors.values_list("pk", flat=True))
        session.assessors.set(profiles)
        removed = ExamBooking.objects.filter(session=session, assessor__isnull=False).exclude(assessor__in=profiles)
        removed.update(assessor=None)
        record(actor, "exams.assessors", session, before={"assessors": before},
               after={"assessors": sorted(p.pk for p in profiles)}, request=request)
        unassigned = session.bookings.confirmed().filter(assessor__isnull=True).select_related("application__applicant")
        for booking in unassigned:
            assign_assessor(booking)
    return session


def session_day(session):
    """The day an assessor's No. Reg. MET must be valid on: the session's (local) start date."""
    return timezone.localtime(session.starts_at).date()


def licence_problems(session, profiles):
    """[(profile, reason)] of `profiles` whose No. Reg. MET does not cover the session's scheme on its day."""
    from registry.models import AssessorProfile

    checked = licences.with_licences(
        AssessorProfile.objects.filter(pk__in=[p.pk for p in profiles]).select_related("user")
    )
    return licences.screen(checked, session.scheme_id, session_day(session))[1]


def assign_assessor(booking):
    """Give the booking to the session's assessor with the fewest candidates who has no conflict of
    interest with the candidate (`AssessorProfile.conflicts_with`). None when every one conflicts."""
    from registry.models import ConflictFacts

    session = booking.session
    candidate = ConflictFacts.of(booking.application.applicant)  # read once for every assessor
    profiles = licences.with_licences(
        session.assessors.filter(is_active=True)
        .select_related("user")
        .annotate(load=Count("exam_bookings", filter=Q(exam_bookings__session=session, exam_bookings__status="confirmed")))
        .order_by("load", "pk")
    )
    allowed, _left_out = licences.screen(profiles, session.scheme_id, session_day(session))
    for profile in allowed:
        if not profile.conflicts_with(candidate):
            booking.assessor = profile
            booking.save(update_fields=["assessor"])
            return profile
    return None


def reassign(actor, booking, profile, *, request=None):
    """The secretariat gives a candidate to another assessor of the session (never a conflicting one)."""
    if not manages(actor, booking.session):
        raise PermissionDenied
    if profile is not None:
        if not booking.session.assessors.filter(pk=profile.pk).exists():
            raise ExamError(_("Choose one of the session's assessors."))
        if profile.conflicts_with(booking.application.applicant):
            raise ExamError(_("%(assessor)s has a conflict of interest with this candidate.") % {"assessor": profile})
        problem = licences.licence_problem(
            licences.with_licences(type(profile).objects.filter(pk=profile.pk)).get(), booking.session.scheme_id,
            session_day(booking.session),
        )
        if problem:
            raise ExamError(_("%(assessor)s cannot assess this session: %(reason)s.") % {"assessor": profile, "reason": problem})
    before = booking.assessor_id
    booking.assessor = profile
    booking.save(update_fields=["assessor"])
    record(actor, "exams.reassign", booking, before={"assessor": before}, after={"assessor": getattr(profile, "pk", None)}, request=request)
    return booking


# ---- components -------------------------------------------------------------------------------------
def default_components(session):
    """The exam components of the session's scheme (the union of its active routes'), with the
    default weights; the cognitive test split into knowledge, values and skills."""
    if not session.is_exam:
        return []
    kinds = []
    for route in session.scheme.routes.filter(is_active=True).order_by("id"):
        for kind in route.components:
            if kind not in kinds:
                kinds.append(kind)
    weights = settings.EXAM_COMPONENT_WEIGHTS
    order = ["portfolio", "cognitive", "practical", "interview", "practice_evidence"]
    kinds.sort(key=lambda k: order.index(k) if k in order else len(order))
    return [(kind, Decimal(weights.get(kind, 20))) for kind in kinds]


def create_default_components(session):
    for index, (kind, weight) in enumerate(default_components(session)):
        component = ExamComponent.objects.create(session=session, kind=kind, weight=weight, order=index)
        if kind == "cognitive":
            for part_index, (part, part_weight) in enumerate(settings.EXAM_COGNITIVE_PARTS.items()):
                ComponentPart.objects.create(component=component, kind=part, weight=Decimal(part_weight), order=part_index)
        else:
            ComponentPart.objects.create(component=component, kind=PartKind.SCORE, weight=Decimal(100))


def scoring_started(session):
    return ExamScore.objects.filter(booking__session=session, value__isnull=False).exists()


def save_components(actor, session, rows, *, request=None):
    """`rows`: {component: {"weight", "min_score", "parts": {part: weight}}}. Locked once scoring starts."""
    if not manages(actor, session):
        raise PermissionDenied
    with transaction.atomic():
        session = lock_session(session.pk)
        if scoring_started(session):
            raise ExamError(_("Scoring has started; the weights can no longer be changed."))
        before, after = {}, {}
        for component, values in rows.items():
            before[component.kind] = {"weight": str(component.weight), "min_score": str(component.min_score)}
            component.weight = values["weight"]
            component.min_score = values["min_score"]
            component.save(update_fields=["weight", "min_score"])
            after[component.kind] = {"weight": str(component.weight), "min_score": str(component.min_score)}
            for part, weight in values.get("parts", {}).items():
                part.weight = weight
                part.save(update_fields=["weight"])
                after[component.kind][part.kind] = str(weight)
        record(actor, "exams.components", session, before=before, after=after, request=request)
