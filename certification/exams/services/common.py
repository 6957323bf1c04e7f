"""What the exam services share: the states that may book, the refusals, who manages a session."""

import logging

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from certification.choices import ApplicationStatus

from ..models import ExamSession

CARD_TASK = "certification.exams.tasks.render_admission_card"

logger = logging.getLogger(__name__)

EXAM_BOOKABLE = (ApplicationStatus.ASSESSED_PROCEED, ApplicationStatus.NO_SHOW, ApplicationStatus.NOT_YET_COMPETENT)
BRIEFING_BOOKABLE = (ApplicationStatus.ELIGIBLE, ApplicationStatus.IN_ASSESSMENT, ApplicationStatus.ASSESSED_PROCEED, ApplicationStatus.EXAM_BOOKED)


class ExamError(Exception):
    """A refusal with a translated, user-facing message."""


class SessionFull(ExamError):
    """No seat is left; the candidate may join the waitlist."""

    def __init__(self, session):
        self.session = session
        super().__init__(
            _("This session is full. You can join its waitlist: when someone cancels, the first on the waitlist gets the seat automatically.")
        )


def local(dt, fmt="DATETIME_FORMAT"):
    return date_format(timezone.localtime(dt), fmt)


# ---- who may do what -----------------------------------------------------------------------------
def manages(user, session):
    """The secretariat of the session's regional office, or an LSP admin."""
    if user is None or not user.is_authenticated:
        return False
    if user.is_lsp_admin:
        return True
    return user.is_secretariat and user.regional_office_id == session.regional_office_id


def assessor_profile(user, session):
    """The user's assessor profile when they assess this session, else None."""
    if user is None or not user.is_authenticated or not user.is_assessor:
        return None
    return session.assessors.filter(user=user, is_active=True).first()


def lock_session(session_id):
    """The session's row, locked (the first lock taken in every booking change: see the lock order)."""
    return ExamSession.objects.select_for_update().select_related("province", "scheme").get(pk=session_id)
