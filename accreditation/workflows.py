"""The accreditation workflow, declared as data on the kernel's engine.

draft → submitted → revision_requested ⇄ submitted → desk_accepted → visitation_scheduled → visited
→ decided (A | B | C | not accredited) → certified (A, B and C only).
"""

import rules
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.workflow.engine import Transition, Workflow


class AccreditationStatus(models.TextChoices):
    DRAFT = "draft", gettext_lazy("Self-assessment in progress")
    SUBMITTED = "submitted", gettext_lazy("Submitted, waiting for the desk review")
    REVISION_REQUESTED = "revision_requested", gettext_lazy("Revision requested")
    DESK_ACCEPTED = "desk_accepted", gettext_lazy("Accepted for visitation")
    VISITATION_SCHEDULED = "visitation_scheduled", gettext_lazy("Visitation scheduled")
    VISITED = "visited", gettext_lazy("Visited, waiting for the plenary")
    DECIDED = "decided", gettext_lazy("Decided by the plenary")
    CERTIFIED = "certified", gettext_lazy("Accredited, certificate issued")


S = AccreditationStatus
#: States in which an LKS has an accreditation under way (at most one at a time).
OPEN_STATES = [S.DRAFT, S.SUBMITTED, S.REVISION_REQUESTED, S.DESK_ACCEPTED, S.VISITATION_SCHEDULED, S.VISITED]
#: States in which the visitation is open: its team opens the LKS's papers (legal documents, evidence,
#: recommendation, the team's photos). Once the team lead completes it, the team keeps only its own.
VISITING_STATES = [S.VISITATION_SCHEDULED]


# --- who may -------------------------------------------------------------------------------------
@rules.predicate
def is_operator(user, accreditation):
    from .models import InstitutionOperator

    return (
        accreditation is not None
        and getattr(user, "is_authenticated", False)
        and user.role == "lks_operator"
        and InstitutionOperator.objects.filter(user=user, institution_id=accreditation.institution_id).exists()
    )


@rules.predicate
def is_region_secretariat(user, accreditation):
    return (
        accreditation is not None
        and getattr(user, "is_authenticated", False)
        and user.role == "secretariat"
        and user.regional_office_id is not None
        and accreditation.regional_office_id == user.regional_office_id
    )


@rules.predicate
def is_balks_admin(user, accreditation=None):
    return getattr(user, "is_authenticated", False) and user.role == "balks_admin"


@rules.predicate
def is_team_lead(user, accreditation):
    from .models import TeamMember

    return (
        accreditation is not None
        and getattr(user, "is_authenticated", False)
        and user.role == "assessor"
        and TeamMember.objects.filter(
            visitation__accreditation_id=accreditation.pk, assessor__user=user, is_lead=True
        ).exists()
    )


is_desk_reviewer = is_region_secretariat | is_balks_admin

rules.set_perm("accreditation.review", is_desk_reviewer)
rules.set_perm("accreditation.decide", is_balks_admin)


# --- who is told ---------------------------------------------------------------------------------
def operators(accreditation):
    return list(accreditation.institution.operators.filter(is_active=True))


def desk(accreditation):
    from portal.accounts.models import User

    return list(
        User.objects.filter(role="secretariat", regional_office_id=accreditation.regional_office_id, is_active=True)
    )


def team(accreditation):
    from portal.accounts.models import User

    return list(User.objects.filter(assessor_profile__visitation_memberships__visitation__accreditation=accreditation))


def balks_admins(accreditation):
    from portal.accounts.models import User

    return list(User.objects.filter(role="balks_admin", is_active=True))


def operators_and_desk(accreditation):
    return [*operators(accreditation), *desk(accreditation)]


def operators_and_team(accreditation):
    return [*operators(accreditation), *team(accreditation), *desk(accreditation)]


def operators_and_plenary(accreditation):
    return [*operators(accreditation), *balks_admins(accreditation)]


# --- guards and effects ----------------------------------------------------------------------------
def can_submit(accreditation):
    from .services import submission_problems

    problems = submission_problems(accreditation)
    if problems:
        return _("The self-assessment is not complete: %(problems)s") % {"problems": "; ".join(problems)}
    return None


def can_resubmit(accreditation):
    from .services import submission_problems, unrevised_items

    pending = unrevised_items(accreditation)
    if pending:
        return _("Please revise first: %(items)s") % {"items": "; ".join(i.label for i in pending)}
    return can_submit(accreditation)


def has_flagged_items(accreditation):
    from .services import flagged_items

    if not flagged_items(accreditation):
        return _("Mark at least one item as “needs revision”, with a note, first.")
    return None


def all_items_accepted(accreditation):
    from .services import unaccepted_items

    remaining = unaccepted_items(accreditation)
    if remaining:
        return _("Check every item first; not accepted yet: %(items)s") % {
            "items": "; ".join(i.label[:60] for i in remaining[:10]) + ("…" if len(remaining) > 10 else "")
        }
    return None


def visitation_ready(accreditation):
    from .services import visitation_problems

    problems = visitation_problems(accreditation)
    return "; ".join(problems) if problems else None


def reconciliation_complete(accreditation):
    from .services import completion_problems

    problems = completion_problems(accreditation)
    return "; ".join(problems) if problems else None


def decision_ready(accreditation):
    if not accreditation.grade:
        return _("Choose the grade.")
    if accreditation.grade != accreditation.suggested_grade and not accreditation.grade_reason.strip():
        return _("Overriding the suggested grade needs a reason.")
    return None


def accredited_grade(accreditation):
    from .choices import ACCREDITED_GRADES

    if accreditation.grade not in ACCREDITED_GRADES:
        return _("An LKS that is not accredited gets no certificate.")
    return None


def on_submit(accreditation, actor):
    from .services import prepare_review

    province = accreditation.institution.province
    accreditation.province = province
    accreditation.regional_office_id = province.regional_office_id
    if accreditation.submitted_at is None:
        accreditation.submitted_at = timezone.now()
    prepare_review(accreditation)


def on_resubmit(accreditation, actor):
    from .services import reopen_revised_items

    reopen_revised_items(accreditation)


def on_desk_accept(accreditation, actor):
    accreditation.desk_accepted_at = timezone.now()


def on_visited(accreditation, actor):
    from .services import store_computed_result

    accreditation.visited_at = timezone.now()
    store_computed_result(accreditation)


def on_decide(accreditation, actor):
    accreditation.decided_at = timezone.now()
    accreditation.decided_by = actor


def on_certify(accreditation, actor):
    from .services import issue_certificate

    issue_certificate(accreditation, actor)


ACCREDITATION_WORKFLOW = Workflow(
    name="accreditation",
    field="status",
    states=AccreditationStatus,
    transitions=[
        Transition(
            name="submit",
            source=(S.DRAFT,),
            target=S.SUBMITTED,
            label=gettext_lazy("Submit the self-assessment"),
            allowed=is_operator,
            recipients=operators_and_desk,
            template="accreditation/submitted",
            guard=can_submit,
            effect=on_submit,
        ),
        Transition(
            name="return_for_revision",
            source=(S.SUBMITTED,),
            target=S.REVISION_REQUESTED,
            label=gettext_lazy("Return for revision"),
            allowed=is_desk_reviewer,
            recipients=operators,
            template="accreditation/revision",
            guard=has_flagged_items,
            note_required=True,
        ),
        Transition(
            name="resubmit",
            source=(S.REVISION_REQUESTED,),
            target=S.SUBMITTED,
            label=gettext_lazy("Resubmit"),
            allowed=is_operator,
            recipients=operators_and_desk,
            template="accreditation/submitted",
            guard=can_resubmit,
            effect=on_resubmit,
        ),
        Transition(
            name="accept_for_visitation",
            source=(S.SUBMITTED,),
            target=S.DESK_ACCEPTED,
            label=gettext_lazy("Accept for visitation"),
            allowed=is_desk_reviewer,
            recipients=operators,
            template="accreditation/desk_accepted",
            guard=all_items_accepted,
            effect=on_desk_accept,
        ),
        Transition(
            name="schedule_visitation",
            source=(S.DESK_ACCEPTED,),
            target=S.VISITATION_SCHEDULED,
            label=gettext_lazy("Schedule the visitation"),
            allowed=is_desk_reviewer,
            recipients=operators_and_team,
            template="accreditation/visitation_scheduled",
            guard=visitation_ready,
        ),
        Transition(
            name="complete_visitation",
            source=(S.VISITATION_SCHEDULED,),
            target=S.VISITED,
            label=gettext_lazy("Complete the visitation"),
            allowed=is_team_lead,
            recipients=operators_and_plenary,
            template="accreditation/visited",
            guard=reconciliation_complete,
            effect=on_visited,
        ),
        Transition(
            name="decide",
            source=(S.VISITED,),
            target=S.DECIDED,
            label=gettext_lazy("Decide the grade"),
            allowed=is_balks_admin,
            recipients=operators,
            template="accreditation/decided",
            guard=decision_ready,
            effect=on_decide,
        ),
        Transition(
            name="certify",
            source=(S.DECIDED,),
            target=S.CERTIFIED,
            label=gettext_lazy("Issue the certificate"),
            allowed=is_balks_admin,
            recipients=operators,
            template="accreditation/certified",
            guard=accredited_grade,
            effect=on_certify,
        ),
    ],
)
