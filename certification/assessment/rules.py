"""Which portfolio documents an assessor may open. Plain predicates (django-rules), next to the models;
enforced where the files leave: the assessment's own download (`views.document`) and, through the
kernel's access rule, `/documents/<id>/`.

A blind round hides the applicant's identity from assessors, so a blind assessor may open only the
kinds of document that do not name the applicant (`BLIND_SAFE_KINDS`). The check is an allow-list:
a kind added later stays hidden until someone decides it is anonymous."""

import rules

from certification.models import ApplicationDocument
from certification.rules import is_verifier

from .models import Assignment, RoundAssessment

#: Kinds of portfolio document (`certification.models.DocumentKind`) an assessor may open in a blind
#: round. None of the kinds asked for today qualifies: the photo shows the face; the CV opens with the
#: name, NIK and address; the diploma, transcript, work-experience letter, recommendation, training
#: certificates and student letter are each made out to the applicant by name. A blind assessor scores
#: the essays; the secretariat checked the papers when it declared the file eligible.
BLIND_SAFE_KINDS = frozenset()

#: Assignment states in which the assessor has declared no conflict and may read the file.
READING = (Assignment.Status.IN_PROGRESS, Assignment.Status.SUBMITTED)


def reading_assignments(user):
    """The user's assignments whose file is open to them: declared without conflict."""
    return Assignment.objects.filter(assessor=user, declared_at__isnull=False, status__in=READING)


@rules.predicate
def may_finalise(user, application):
    """Who may record the assessment's outcome (certification.assessment.workflows): the LSP admin, or
    an assessor of the application whose own assessment is in."""
    if user.is_lsp_admin:
        return True
    return application.assignments.filter(assessor=user, status=Assignment.Status.SUBMITTED).exists()


def round_is_blind(round_id):
    return RoundAssessment.objects.filter(round_id=round_id, blind=True).exists()


def shown_to_assessors(kind, *, blind):
    """May a document of this kind reach an assessor of a round that is (or is not) blind?"""
    return not blind or kind in BLIND_SAFE_KINDS


@rules.predicate
def reads_the_file(user, item):
    """`item` (an ApplicationDocument) belongs to a file the user assesses and has declared for."""
    return (
        item is not None
        and getattr(user, "is_authenticated", False)
        and user.is_assessor
        and reading_assignments(user).filter(application_id=item.application_id).exists()
    )


@rules.predicate
def hidden_by_blind_round(user, item):
    """A blind round withholds every document that names the applicant."""
    return not shown_to_assessors(item.requirement.kind, blind=round_is_blind(item.application.round_id))


#: The assessment's own download (neutral file names).
may_open_document = reads_the_file & ~hidden_by_blind_round

rules.add_perm("assessment.open_document", may_open_document)


def can_view_document(user, document):
    """Kernel access rule for `/documents/<id>/`: an assessor opens the documents of files assigned to
    them, after declaring no conflict, in rounds that are not blind. In a blind round nothing goes
    through the kernel's download, which names the file as uploaded (“KTP Budi.pdf”); the documents
    a blind round allows go through the assessment's own download."""
    if not getattr(user, "is_authenticated", False) or not user.is_assessor:
        return False
    return (
        ApplicationDocument.objects.filter(
            document=document, application__assignments__in=reading_assignments(user)
        )
        .exclude(application__round__assessment_settings__blind=True)
        .exists()
    )


# --- the assignment letter (surat tugas) -------------------------------------------------------------
@rules.predicate
def is_assigned_assessor(user, assignment):
    return assignment is not None and assignment.assessor_id == user.pk and user.is_assessor


@rules.predicate
def runs_the_application(user, assignment):
    """The secretariat of the application's regional office, or an LSP admin."""
    return assignment is not None and is_verifier(user, assignment.application)


#: The assessor named in it, the secretariat of the application's office, LSP admins; nobody else
#: (404). A letter of an assignment handed back for a conflict is not printed.
may_download_letter = (is_assigned_assessor | runs_the_application) & ~rules.predicate(
    lambda user, assignment: assignment.status == Assignment.Status.CONFLICT, name="handed_back"
)

rules.add_perm("assessment.download_letter", may_download_letter)
