"""Who may do what with the decisions per unit and their records. Plain predicates (django-rules);
objects a user may not see answer 404 (the views raise it).

- FR.AK.02 (decisions per unit), FR.AK.05 (report), FR.AK.06 (review): written by the assessor the
  exam booking is assigned to (`ExamBooking.assessor`), still an assessor of the session, without a
  conflict of interest with the candidate, for a candidate who attended, until the plenary decides.
- Read (the printed forms): that assessor; the secretariat of the application's regional office and
  LSP admins (`certification.rules.is_verifier`); the candidate reads FR.AK.02 (once submitted) and their
  own FR.AK.03, not the assessor's report or review.
- FR.AK.03 and the re-sit: the candidate only."""

import rules

from certification.rules import is_owner, is_verifier


def _authenticated(user):
    return bool(getattr(user, "is_authenticated", False))


@rules.predicate
def is_booking_assessor(user, booking):
    """The assessor the booking is assigned to, still assessing its session, without a conflict."""
    if booking is None or not _authenticated(user) or not user.is_assessor or booking.assessor_id is None:
        return False
    profile = booking.assessor
    if profile.user_id != user.pk or not profile.is_active:
        return False
    if not booking.session.assessors.filter(pk=profile.pk).exists():
        return False
    return not profile.conflicts_with(booking.application.applicant)


@rules.predicate
def attended(user, booking):
    return booking is not None and booking.status == "confirmed" and booking.attendance == "present"


may_record = is_booking_assessor & attended


def may_read_record(user, booking, *, candidate=True):
    """The printed FR.AK.02 (and, with `candidate=False`, FR.AK.05 / FR.AK.06)."""
    if booking is None or not _authenticated(user):
        return False
    application = booking.application
    if candidate and is_owner(user, application):
        return True
    if (user.is_secretariat or user.is_lsp_admin) and is_verifier(user, application):
        return True
    return bool(user.is_assessor and booking.assessor_id and booking.assessor.user_id == user.pk)


@rules.predicate
def is_candidate(user, booking):
    return booking is not None and _authenticated(user) and is_owner(user, booking.application)


may_give_feedback = is_candidate & attended

rules.add_perm("unitdecisions.record", may_record)
rules.add_perm("unitdecisions.give_feedback", may_give_feedback)
