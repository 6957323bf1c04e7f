"""What the staff running an exam session may open of its candidates' papers. Plain predicates
(django-rules), next to the models; enforced where the files leave: the kernel's `/documents/<id>/`
(through the access rule below); the admission card has its own download (`views.card`), open to the
candidate and to the staff of the session.

A candidate may book a session of another regional office (when the round allows it). That office's
secretariat then needs to recognise the person at the door, nothing more: the photo on file (the one
the card and the check-in page show) and the admission card. The candidate's CV, diploma, transcript,
letters and everything else they own stay with the office that handles the application."""

import rules

from certification.rules import is_owner, is_verifier

from .cards import PHOTO_TYPES, photo_document
from .models import BookingStatus, ExamBooking, ExamSession, Tuk


def _staff(user):
    return getattr(user, "is_authenticated", False) and (user.is_secretariat or user.is_lsp_admin)


def bookings_run_by(user):
    """Bookings (not cancelled) of the sessions the user runs."""
    if not _staff(user):
        return ExamBooking.objects.none()
    return ExamBooking.objects.filter(session__in=ExamSession.objects.managed_by(user)).exclude(
        status=BookingStatus.CANCELLED
    )


# --- who may move an application through the exam stage (certification.exams.workflows) -------------
@rules.predicate
def is_system(user, application=None):
    """No user: a move made by the portal itself (a waitlist promotion after someone cancels)."""
    return user is None


@rules.predicate
def runs_a_session_of(user, application):
    """Staff running a session where the application holds a seat (a session of another regional
    office, when the round lets candidates book elsewhere)."""
    if application is None or not _staff(user):
        return False
    return bookings_run_by(user).filter(application=application).exists()


#: booking and cancelling: the candidate, the secretariat of the application's regional office, the
#: staff running the session, an LSP admin, or the portal itself (waitlist promotion)
may_book = is_system | is_owner | is_verifier | runs_a_session_of
may_record_attendance = is_verifier | runs_a_session_of


# --- documents ----------------------------------------------------------------------------------
@rules.predicate
def is_check_in_photo(user, document):
    """`document` is the photo on file of a candidate booked in a session the user runs."""
    if document is None or not _staff(user) or document.content_type not in PHOTO_TYPES:
        return False
    bookings = bookings_run_by(user).filter(application__applicant_id=document.owner_id).select_related("application")
    applications = {booking.application_id: booking for booking in bookings}
    return any(photo_document(booking) == document for booking in applications.values())


def can_view_document(user, document):
    """Kernel access rule for `/documents/<id>/`: the check-in photo and nothing else."""
    return is_check_in_photo(user, document)


# --- test sites (TUK) ---------------------------------------------------------------------------
@rules.predicate
def keeps_test_sites(user, tuk=None):
    """Who keeps a register of test sites at all: the secretariat (of an office) and LSP admins."""
    return _staff(user) and (user.is_lsp_admin or user.regional_office_id is not None)


@rules.predicate
def keeps_test_site(user, tuk):
    """`tuk` is in the user's scope (`Tuk.objects.managed_by`): its region's secretariat, LSP admins."""
    return tuk is not None and _staff(user) and Tuk.objects.managed_by(user).filter(pk=tuk.pk).exists()


#: listing and adding test sites; editing one and recording its verification
may_list_test_sites = keeps_test_sites
may_keep_test_site = keeps_test_site
may_verify_test_site = keeps_test_site

rules.add_perm("exams.keep_test_site", may_keep_test_site)


# --- the BNSP export ----------------------------------------------------------------------------
@rules.predicate
def is_lsp_admin(user, obj=None):
    return getattr(user, "is_authenticated", False) and user.is_lsp_admin


#: The list of Kompeten candidates for BNSP carries NIK, contact data and addresses: LSP admins only.
may_export_for_bnsp = is_lsp_admin

rules.add_perm("exams.export_for_bnsp", may_export_for_bnsp)
