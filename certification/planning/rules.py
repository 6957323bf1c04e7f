"""Who may plan, agree and record adjustments. Plain predicates (django-rules); objects a user may not
see answer 404 (the views raise it).

- The plan (FR.MAPA.01) of a booking: the assessor the booking is assigned to, nobody else writes it.
- The agreement (FR.AK.01) of a booking: the candidate confirms as candidate, the booking's assessor as
  assessor; both read it, and so do the staff running the session (the secretariat of its office, LSP
  admins), who cannot confirm for anyone.
- The reasonable adjustments (FR.AK.07) of an application: recorded by the assessor of one of its exam
  bookings, the secretariat of the application's office or of a session it is booked in, LSP admins; read
  by those and the candidate.
- The scheme defaults: LSP admins."""

import rules

from certification.exams.models import BookingStatus, ExamBooking
from certification.exams.rules import runs_a_session_of
from certification.exams.services import manages
from certification.rules import is_owner, is_verifier

from .models import Party


def _authenticated(user):
    return bool(getattr(user, "is_authenticated", False))


@rules.predicate
def is_lsp_admin(user, obj=None):
    return _authenticated(user) and user.is_lsp_admin


@rules.predicate
def assesses_booking(user, booking):
    """`user` is the assessor the (exam, not cancelled) booking is assigned to."""
    return (
        booking is not None
        and _authenticated(user)
        and user.is_assessor
        and booking.assessor_id is not None
        and booking.assessor.user_id == user.pk
    )


@rules.predicate
def is_candidate(user, booking):
    return booking is not None and _authenticated(user) and booking.application.applicant_id == user.pk


@rules.predicate
def runs_session(user, booking):
    return booking is not None and _authenticated(user) and manages(user, booking.session)


@rules.predicate
def assesses_application(user, application):
    return (
        application is not None
        and _authenticated(user)
        and user.is_assessor
        and ExamBooking.objects.filter(application=application, assessor__user=user)
        .exclude(status=BookingStatus.CANCELLED)
        .exists()
    )


@rules.predicate
def owns_application(user, application):
    return application is not None and _authenticated(user) and is_owner(user, application)


@rules.predicate
def verifies_application(user, application):
    return application is not None and _authenticated(user) and is_verifier(user, application)


@rules.predicate
def runs_a_session_of_application(user, application):
    return application is not None and _authenticated(user) and runs_a_session_of(user, application)


may_plan = assesses_booking
may_view_agreement = is_candidate | assesses_booking | runs_session
may_record_adjustments = verifies_application | runs_a_session_of_application | assesses_application
may_view_adjustments = owns_application | may_record_adjustments
may_manage_defaults = is_lsp_admin

rules.add_perm("planning.plan", may_plan)
rules.add_perm("planning.view_agreement", may_view_agreement)
rules.add_perm("planning.record_adjustments", may_record_adjustments)


def party_of(user, booking):
    """The party `user` confirms the agreement as, or None (staff read it but confirm for nobody)."""
    if is_candidate(user, booking):
        return Party.CANDIDATE
    if assesses_booking(user, booking):
        return Party.ASSESSOR
    return None
