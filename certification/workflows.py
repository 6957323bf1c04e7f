"""The application workflow, declared as data on the kernel's engine.

draft → submitted → revision_requested ⇄ submitted → eligible | ineligible;
withdrawn from draft, submitted or revision_requested. Later steps (assessment, exam, plenary)
continue from `eligible`.
"""

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from portal.accounts.models import User
from portal.accounts.roles import Role
from portal.workflow.engine import Transition, Workflow

from .choices import ApplicationStatus
from .rules import is_owner, is_verifier
from .services import (
    flagged_items,
    reopen_revised_items,
    round_closed_message,
    stamp_region,
    submission_problems,
    sync_registry_status,
    unaccepted_items,
    unrevised_items,
)


# --- who is told ------------------------------------------------------------------------------
def applicant(application):
    return [application.applicant]


def applicant_and_verifiers(application):
    staff = User.objects.filter(role=Role.SECRETARIAT, regional_office_id=application.regional_office_id, is_active=True)
    return [application.applicant, *staff]


# --- guards and effects -------------------------------------------------------------------------
def can_submit(application):
    if not application.round.is_open:
        return round_closed_message(application.round)
    problems = submission_problems(application)
    if problems:
        return _("The application is not complete: %(problems)s") % {"problems": "; ".join(problems)}
    return None


def can_resubmit(application):
    # A file returned for revision stays alive after the round closes: only the flagged items matter.
    pending = unrevised_items(application)
    if pending:
        return _("Please revise first: %(items)s") % {"items": "; ".join(str(i) for i in pending)}
    problems = submission_problems(application)
    if problems:
        return _("The application is not complete: %(problems)s") % {"problems": "; ".join(problems)}
    return None


def has_flagged_items(application):
    if not flagged_items(application):
        return _("Mark at least one document or essay as “needs revision”, with a note, first.")
    return None


def flagged_for_message(application):
    """The revision message lists each flagged item with the secretariat's note."""
    return {"flagged": flagged_items(application)}


def all_items_accepted(application):
    remaining = unaccepted_items(application)
    if remaining:
        return _("Check every item first; not accepted yet: %(items)s") % {
            "items": "; ".join(str(i) for i in remaining)
        }
    return None


def on_submit(application, actor):

    stamp_region(application)
    if application.submitted_at is None:
        application.submitted_at = timezone.now()
    sync_registry(application, actor)


def on_resubmit(application, actor):

    reopen_revised_items(application)


def on_decision(application, actor):
    application.decided_at = timezone.now()
    sync_registry(application, actor)


def sync_registry(application, actor):

    sync_registry_status(application)


APPLICATION_WORKFLOW = Workflow(
    name="application",
    field="status",
    states=ApplicationStatus,
    transitions=[
        Transition(
            name="submit",
            source=(ApplicationStatus.DRAFT,),
            target=ApplicationStatus.SUBMITTED,
            label=gettext_lazy("Submit"),
            event_label=pgettext_lazy("workflow event", "Submitted"),
            allowed=is_owner,
            recipients=applicant_and_verifiers,
            template="certification/application_submitted",
            guard=can_submit,
            effect=on_submit,
        ),
        Transition(
            name="return_for_revision",
            source=(ApplicationStatus.SUBMITTED,),
            target=ApplicationStatus.REVISION_REQUESTED,
            label=gettext_lazy("Return for revision"),
            event_label=pgettext_lazy("workflow event", "Returned for revision"),
            allowed=is_verifier,
            recipients=applicant,
            template="certification/application_revision",
            message_context=flagged_for_message,
            guard=has_flagged_items,
        ),
        Transition(
            name="resubmit",
            source=(ApplicationStatus.REVISION_REQUESTED,),
            target=ApplicationStatus.SUBMITTED,
            label=gettext_lazy("Resubmit"),
            event_label=pgettext_lazy("workflow event", "Resubmitted"),
            allowed=is_owner,
            recipients=applicant_and_verifiers,
            template="certification/application_submitted",
            guard=can_resubmit,
            effect=on_resubmit,
        ),
        Transition(
            name="declare_eligible",
            source=(ApplicationStatus.SUBMITTED,),
            target=ApplicationStatus.ELIGIBLE,
            label=gettext_lazy("Declare eligible"),
            event_label=pgettext_lazy("workflow event", "Declared eligible"),
            allowed=is_verifier,
            recipients=applicant,
            template="certification/application_decided",
            guard=all_items_accepted,
            effect=on_decision,
        ),
        Transition(
            name="declare_ineligible",
            source=(ApplicationStatus.SUBMITTED,),
            target=ApplicationStatus.INELIGIBLE,
            label=gettext_lazy("Declare not eligible"),
            event_label=pgettext_lazy("workflow event", "Declared not eligible"),
            allowed=is_verifier,
            recipients=applicant,
            template="certification/application_decided",
            note_required=True,
            effect=on_decision,
        ),
        Transition(
            name="withdraw",
            source=(ApplicationStatus.DRAFT, ApplicationStatus.SUBMITTED, ApplicationStatus.REVISION_REQUESTED),
            target=ApplicationStatus.WITHDRAWN,
            label=gettext_lazy("Withdraw"),
            event_label=pgettext_lazy("workflow event", "Withdrawn by the applicant"),
            allowed=is_owner,
            recipients=applicant_and_verifiers,
            effect=sync_registry,
        ),
    ],
)
