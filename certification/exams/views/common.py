"""What the exam pages share: ids read from the query string or a form, who may see the staff pages,
the sessions and bookings a user runs."""

from django.http import Http404
from django.shortcuts import get_object_or_404

from portal.accounts.roles import Role
from portal.core.inputs import parse_id

from ..models import ExamBooking, ExamSession

#: who sees the session pages: the staff running sessions and the assessors scoring them
STAFF_ROLES = (Role.SECRETARIAT, Role.LSP_ADMIN, Role.ASSESSOR)


def id_or_404(value):
    """A primary key from the query string or a form, or 404 (never a 500 on garbage)."""
    number = parse_id(value)
    if number is None:
        raise Http404
    return number


def posted(request):
    """The submitted data, or None for a GET (an empty POST is still a submission)."""
    return request.POST if request.method == "POST" else None


def require_role(request, *roles):
    """404 unless the user has one of `roles`: another role's pages do not exist for them."""
    if not request.user.is_authenticated or request.user.role not in roles:
        raise Http404


def managed_session(request, pk, exam_only=False):
    """A session the user runs (404 otherwise); with `exam_only`, not a briefing."""
    session = get_object_or_404(
        ExamSession.objects.managed_by(request.user).select_related("province", "scheme", "regional_office", "round"),
        pk=pk,
    )
    if exam_only and not session.is_exam:
        raise Http404
    return session


def managed_bookings(user):
    """The bookings of the sessions `user` runs."""
    return ExamBooking.objects.filter(session__in=ExamSession.objects.managed_by(user))
