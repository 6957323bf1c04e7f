"""Who may do what with complaints. Plain predicates (django-rules), next to the models.

A complaint is handled by the role its subject kind names (`subjects.SubjectKind.handler_role`,
stored on the complaint as `handler_role`): any user of that role may triage it, and the handler it
is assigned to works on it — as may the other admins of that role (one is on leave, the queue is
shared); nobody else sees it (404)."""

import rules

from portal.credentials.rules import manages

from . import subjects
from .choices import ComplaintStatus
from .models import Complaint


def is_complaint_staff(user):
    """The user handles some kind of complaint (the queue and the navigation link)."""
    return bool(getattr(user, "is_authenticated", False)) and user.role in subjects.handler_roles()


@rules.predicate
def handles(user, complaint):
    return (
        complaint is not None
        and bool(getattr(user, "is_authenticated", False))
        and user.is_active
        and user.role == complaint.handler_role
    )


@rules.predicate
def may_act_on_credential(user, complaint):
    """Suspend or revoke the complaint's credential: a handler of the complaint who also manages that
    kind of credential (LSP admins worker certificates, BALKS admins LKS accreditations), while the
    complaint is being handled."""
    return (
        handles(user, complaint)
        and complaint.credential_id is not None
        and complaint.status in (ComplaintStatus.TRIAGED, ComplaintStatus.IN_PROGRESS)
        and manages(user, complaint.credential)
    )


def may_respond(user, complaint):
    return handles(user, complaint) and complaint.status in (ComplaintStatus.TRIAGED, ComplaintStatus.IN_PROGRESS)


def may_reassign(user, complaint):
    return may_respond(user, complaint)


def can_view_document(user, document):
    """A handler opens the evidence of the complaints they handle (the kernel's document access rule)."""
    if not is_complaint_staff(user):
        return False
    return Complaint.objects.visible_to(user).filter(evidence=document).exists()


rules.set_perm("complaints.handle_complaint", handles)
rules.set_perm("complaints.act_on_credential", may_act_on_credential)
