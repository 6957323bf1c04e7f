"""The accreditation workflow, declared as data on the kernel's engine.

draft → submitted → revision_requested ⇄ submitted → desk_accepted → visitation_scheduled → visited
→ decided (A | B | C | not accredited) → certified (A, B and C only).
"""

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from portal.workflow.engine import Transition, Workflow

from .choices import (  # noqa: F401 (re-exported)
    ACCREDITED_GRADES,
    OPEN_STATES,
    VISITING_STATES,
    AccreditationStatus,
)
from .rules import (
    is_balks_admin,
    is_desk_reviewer,
    is_operator,
    is_team_lead,
    operators,
    operators_and_desk,
    operators_and_plenary,
    operators_and_team,
)
from .services import (
    completion_problems,
    flagged_items,
    issue_certificate,
    prepare_review,
    reopen_revised_items,
    store_computed_result,
    submission_problems,
    unaccepted_items,
    unrevised_items,
    visitation_problems,
)


# --- guards and effects ----------------------------------------------------------------------------
def can_submit(accreditation):
    problems = submission_problems(accreditation)
    if problems:
        return _("The self-assessment is not complete: %(problems)s") % {"problems": "; ".join(problems)}
    return None


def can_resubmit(accreditation):
    pending = unrevised_items(accreditation)
    if pending:
        return _("Please revise first: %(items)s") % {"items": "; ".join(i.label for i in pending)}
    return can_submit(accreditation)


def has_flagged_items(accreditation):
    if not flagged_items(accreditation):
        return _("Mark at least one item as “needs revision”, with a note, first.")
    return None


def flagged_for_message(accreditation):
    """The revision message lists each flagged item with the secretariat's note."""
    return {"flagged": flagged_items(accreditation)}


def all_items_accepted(accreditation):
    remaining = unaccepted_items(accreditation)
    if remaining:
        return _("Check every item first; not accepted yet: %(items)s") % {
            "items": "; ".join(i.label[:60] for i in remaining[:10]) + ("…" if len(remaining) > 10 else "")
        }
    return None


def visitation_ready(accreditation):
    problems = visitation_problems(accreditation)
    return "; ".join(problems) if problems else None


def reconciliation_complete(accreditation):
    problems = completion_problems(accreditation)
    return "; ".join(problems) if problems else None


def decision_ready(accreditation):
    if not accreditation.grade:
        return _("Choose the grade.")
    if accreditation.grade != accreditation.suggested_grade and not accreditation.grade_reason.strip():
        return _("Overriding the suggested grade needs a reason.")
    return None


def accredited_grade(accreditation):
    if accreditation.grade not in ACCREDITED_GRADES:
        return _("An LKS that is not accredited gets no certificate.")
    return None


def on_submit(accreditation, actor):
    province = accreditation.institution.province
    accreditation.province = province
    accreditation.regional_office_id = province.regional_office_id
    if accreditation.submitted_at is None:
        accreditation.submitted_at = timezone.now()
    prepare_review(accreditation)


def on_resubmit(accreditation, actor):
    reopen_revised_items(accreditation)


def on_desk_accept(accreditation, actor):
    accreditation.desk_accepted_at = timezone.now()


def on_visited(accreditation, actor):
    accreditation.visited_at = timezone.now()
    store_computed_result(accreditation)


def on_decide(accreditation, actor):
    accreditation.decided_at = timezone.now()
    accreditation.decided_by = actor


def on_certify(accreditation, actor):
    issue_certificate(accreditation, actor)


ACCREDITATION_WORKFLOW = Workflow(
    name="accreditation",
    field="status",
    states=AccreditationStatus,
    transitions=[
        Transition(
            name="submit",
            source=(AccreditationStatus.DRAFT,),
            target=AccreditationStatus.SUBMITTED,
            label=gettext_lazy("Submit the self-assessment"),
            event_label=pgettext_lazy("workflow event", "Self-assessment submitted"),
            allowed=is_operator,
            recipients=operators_and_desk,
            template="accreditation/submitted",
            guard=can_submit,
            effect=on_submit,
        ),
        Transition(
            name="return_for_revision",
            source=(AccreditationStatus.SUBMITTED,),
            target=AccreditationStatus.REVISION_REQUESTED,
            label=gettext_lazy("Return for revision"),
            event_label=pgettext_lazy("workflow event", "Returned for revision"),
            allowed=is_desk_reviewer,
            recipients=operators,
            template="accreditation/revision",
            message_context=flagged_for_message,
            guard=has_flagged_items,
            note_required=True,
        ),
        Transition(
            name="resubmit",
            source=(AccreditationStatus.REVISION_REQUESTED,),
            target=AccreditationStatus.SUBMITTED,
            label=gettext_lazy("Resubmit"),
            event_label=pgettext_lazy("workflow event", "Resubmitted"),
            allowed=is_operator,
            recipients=operators_and_desk,
            template="accreditation/submitted",
            guard=can_resubmit,
            effect=on_resubmit,
        ),
        Transition(
            name="accept_for_visitation",
            source=(AccreditationStatus.SUBMITTED,),
            target=AccreditationStatus.DESK_ACCEPTED,
            label=gettext_lazy("Accept for visitation"),
            event_label=pgettext_lazy("workflow event", "Accepted for visitation"),
            allowed=is_desk_reviewer,
            recipients=operators,
            template="accreditation/desk_accepted",
            guard=all_items_accepted,
            effect=on_desk_accept,
        ),
        Transition(
            name="schedule_visitation",
            source=(AccreditationStatus.DESK_ACCEPTED,),
            target=AccreditationStatus.VISITATION_SCHEDULED,
            label=gettext_lazy("Schedule the visitation"),
            event_label=pgettext_lazy("workflow event", "Visitation scheduled"),
            allowed=is_desk_reviewer,
            recipients=operators_and_team,
            template="accreditation/visitation_scheduled",
            guard=visitation_ready,
        ),
        Transition(
            name="complete_visitation",
            source=(AccreditationStatus.VISITATION_SCHEDULED,),
            target=AccreditationStatus.VISITED,
            label=gettext_lazy("Complete the visitation"),
            event_label=pgettext_lazy("workflow event", "Visitation completed"),
            allowed=is_team_lead,
            recipients=operators_and_plenary,
            template="accreditation/visited",
            guard=reconciliation_complete,
            effect=on_visited,
        ),
        Transition(
            name="decide",
            source=(AccreditationStatus.VISITED,),
            target=AccreditationStatus.DECIDED,
            label=gettext_lazy("Decide the grade"),
            event_label=pgettext_lazy("workflow event", "Grade decided"),
            allowed=is_balks_admin,
            recipients=operators,
            template="accreditation/decided",
            guard=decision_ready,
            effect=on_decide,
        ),
        Transition(
            name="certify",
            source=(AccreditationStatus.DECIDED,),
            target=AccreditationStatus.CERTIFIED,
            label=gettext_lazy("Issue the certificate"),
            event_label=pgettext_lazy("workflow event", "Certificate issued"),
            allowed=is_balks_admin,
            recipients=operators,
            template="accreditation/certified",
            guard=accredited_grade,
            effect=on_certify,
        ),
    ],
)
