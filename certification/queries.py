from django.db.models import Q

from portal.core.inputs import parse_id

from . import extensions
from .choices import ApplicationStatus
from .models import Application, Round

STEPS = ["funding", "documents", "knowledge", "skills", "values", "review"]


def steps_for(application):
    """The wizard's steps for this application: the fixed ones and those the sub-apps add
    (`certification.extensions`, e.g. the FR.APL.02 self-assessment where the scheme has units)."""
    return extensions.steps_for(application, STEPS)


def verification_queue(user, filters):
    """The secretariat's work queue: scoped to the user first, then filtered; oldest first."""
    qs = Application.objects.visible_to(user).select_related(
        "applicant", "round", "round__scheme", "route", "province"
    )
    status = filters.get("status") or ""
    if status == "all":
        pass
    elif status:
        qs = qs.filter(status=status)
    else:
        qs = qs.filter(status=ApplicationStatus.SUBMITTED)
    if filters.get("round"):
        qs = qs.filter(round=filters["round"])
    q = (filters.get("q") or "").strip()
    if q:
        condition = Q(applicant__full_name__icontains=q)
        pk = parse_id(q.upper().removeprefix("APL-").split("-")[-1])
        if pk is not None:
            condition |= Q(pk=pk)
        qs = qs.filter(condition)
    return qs.order_by("submitted_at", "pk")


def rounds_for_queue(user):
    return Round.objects.filter(applications__in=Application.objects.visible_to(user)).distinct().order_by("-opens_at")


def step_state(application):
    """Which wizard steps are complete (for the progress stepper), and what is missing per step."""
    from .services import missing_by_step

    missing = missing_by_step(application)
    done = {step: not messages for step, messages in missing.items()}
    done["review"] = all(done.values())
    return done, missing
