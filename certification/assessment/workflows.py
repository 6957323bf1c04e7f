"""The assessment stage of the application workflow: eligible → in_assessment → assessed_proceed |
assessed_not_yet. Declared here and added to the application workflow (`Workflow.extend`)."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from certification.choices import ApplicationStatus
from certification.rules import is_verifier
from certification.workflows import APPLICATION_WORKFLOW, applicant, sync_registry
from portal.workflow.engine import Transition

from .rules import may_finalise
from .services import outcome


def has_assessors(application):
    if not application.assignments.active().exists():
        return _("Assign at least one assessor first.")
    return None


def outcome_is(recommendation):
    def guard(application):
        result = outcome(application)
        if result is None:
            return _("The assessment is not complete yet.")
        if result != recommendation:
            return _("The assessment recommends otherwise.")
        return None

    return guard


ASSESSMENT_TRANSITIONS = [
    Transition(
        name="start_assessment",
        source=(ApplicationStatus.ELIGIBLE,),
        target=ApplicationStatus.IN_ASSESSMENT,
        label=gettext_lazy("Start the portfolio assessment"),
        event_label=pgettext_lazy("workflow event", "Portfolio assessment started"),
        allowed=is_verifier,
        recipients=applicant,
        guard=has_assessors,
    ),
    Transition(
        name="recommend_proceed",
        source=(ApplicationStatus.IN_ASSESSMENT,),
        target=ApplicationStatus.ASSESSED_PROCEED,
        label=gettext_lazy("Recommend for the competency exam"),
        event_label=pgettext_lazy("workflow event", "Recommended for the competency exam"),
        allowed=may_finalise,
        recipients=applicant,
        template="assessment/outcome",
        guard=outcome_is("proceed"),
        effect=sync_registry,
    ),
    Transition(
        name="recommend_not_yet",
        source=(ApplicationStatus.IN_ASSESSMENT,),
        target=ApplicationStatus.ASSESSED_NOT_YET,
        label=gettext_lazy("Not yet competent"),
        event_label=pgettext_lazy("workflow event", "Assessed as not yet competent"),
        allowed=may_finalise,
        recipients=applicant,
        template="assessment/outcome",
        guard=outcome_is("not_yet"),
        effect=sync_registry,
    ),
]
APPLICATION_WORKFLOW.extend(ASSESSMENT_TRANSITIONS)
