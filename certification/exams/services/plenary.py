"""The plenary decision and the certificates it issues."""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from certification import extensions
from certification.choices import ApplicationStatus
from certification.models import Application
from portal.audit.services import record
from portal.workflow.engine import perform

from ..models import (
    Attendance,
    ExamBooking,
    Result,
)
from .common import ExamError, lock_session
from .scores import outcome_of


# ---- plenary ------------------------------------------------------------------------------------------
@dataclass
class Decision:
    booking: ExamBooking
    result: str
    reason: str = ""
    feedback: str = ""


@dataclass
class PlenaryReport:
    competent: int
    not_yet_competent: int
    batch: object = None


def decision_problem(decision, outcome):
    """A reason is required where the decision differs from the computed suggestion (or where no
    suggestion exists because a score is missing)."""
    if decision.result not in (Result.COMPETENT, Result.NOT_YET_COMPETENT):
        return _("Choose Kompeten or Belum Kompeten.")
    if decision.result != outcome.suggestion and not decision.reason.strip():
        if outcome.suggestion is None:
            return _("Some scores are missing: give the reason for this decision.")
        return _("The decision differs from the computed suggestion: give the reason.")
    return None


def plenary_problem(decision, outcome, extra=None):
    """`decision_problem`, or for an application a sub-app's plenary rule applies to (`extra`: (rule,
    summary) from `certification.extensions.plenary_summaries`) that rule: the units of competency's
    decision per unit, for instance, instead of the scores that fed it."""
    if extra is None:
        return decision_problem(decision, outcome)
    if decision.result not in (Result.COMPETENT, Result.NOT_YET_COMPETENT):
        return _("Choose Kompeten or Belum Kompeten.")
    rule, summary = extra
    return rule.problem(summary, decision.result, decision.reason)


def hold_plenary(actor, session, decisions, *, request=None):
    """The LSP admin decides *Kompeten* / *Belum Kompeten* for the session's candidates in one go:
    one workflow transition (one audit event, one notification) per candidate. Certificates for
    the *Kompeten* are issued in one background batch (`portal.credentials`)."""
    if not getattr(actor, "is_lsp_admin", False):
        raise PermissionDenied
    with transaction.atomic():
        session = lock_session(session.pk)
        if not session.is_exam:
            raise ExamError(_("A technical briefing has no plenary."))
        if not session.attendance_closed_at:
            raise ExamError(_("Close the attendance first: every candidate must be present or marked absent."))
        components = list(session.components.prefetch_related("parts"))
        ids = [d.booking.pk for d in decisions]
        locked = {
            b.pk: b
            for b in ExamBooking.objects.select_for_update(of=("self",))
            .filter(pk__in=ids, session=session)
            .select_related("application", "application__route", "application__round", "application__applicant", "session")
            .prefetch_related("scores")
        }
        extras = extensions.plenary_summaries([b.application for b in locked.values()])
        problems = {}
        for decision in decisions:
            booking = locked.get(decision.booking.pk)
            if booking is None or booking.attendance != Attendance.PRESENT:
                problems[decision.booking.pk] = _("This candidate did not attend this session.")
                continue
            if booking.result:
                problems[decision.booking.pk] = _("Already decided.")
                continue
            problem = plenary_problem(decision, outcome_of(booking, components), extras.get(booking.application_id))
            if problem:
                problems[decision.booking.pk] = problem
        if problems:
            raise PlenaryProblems(problems)
        report = PlenaryReport(0, 0)
        competent = []
        now = timezone.now()
        for decision in decisions:
            booking = locked[decision.booking.pk]
            booking.result = decision.result
            booking.result_reason = decision.reason.strip()
            booking.feedback = decision.feedback.strip()
            booking.decided_by = actor
            booking.decided_at = now
            booking.save(update_fields=["result", "result_reason", "feedback", "decided_by", "decided_at"])
            transition = "declare_competent" if decision.result == Result.COMPETENT else "declare_not_yet_competent"
            perform(
                booking.application, transition, actor, note=booking.result_reason, request=request,
                context={"booking": booking, "feedback": booking.feedback},
            )
            if decision.result == Result.COMPETENT:
                report.competent += 1
                competent.append(booking)
            else:
                report.not_yet_competent += 1
        undecided = session.bookings.filter(attendance=Attendance.PRESENT, result="").exists()
        if not undecided:
            session.plenary_at = now
            session.save(update_fields=["plenary_at", "updated_at"])
        record(actor, "exams.plenary", session,
               after={"competent": report.competent, "not_yet_competent": report.not_yet_competent}, request=request)
        if competent:
            report.batch = issue_certificates(actor, session, competent, request=request)
    return report


class PlenaryProblems(ExamError):
    def __init__(self, problems):
        self.problems = problems
        super().__init__(_("Some decisions need attention; see the marked rows."))


def credential_item(application):
    """The arguments of `portal.credentials.services.issue_credential` for a *Kompeten* application."""
    from registry.models import WorkerProfile

    profile = WorkerProfile.objects.filter(user_id=application.applicant_id).only("full_name").first()
    scheme = application.round.scheme
    return {
        "source": f"certification.application:{application.pk}",
        "holder": application.applicant,
        "holder_name": (profile.full_name if profile and profile.full_name else application.applicant.get_full_name()),
        "subject": scheme.name,
        "subject_code": scheme.credential_code,
        "issuer": "LSP Kemensos",
        "province": application.province,
    }


def issue_certificates(actor, session, bookings, *, request=None):
    """One background batch for the plenary's *Kompeten* candidates; each certificate is idempotent
    on its application, so a retry never issues twice."""
    from portal.credentials.models import Credential
    from portal.credentials.services import start_bulk_issuance

    items = [credential_item(b.application) for b in bookings]
    return start_bulk_issuance(
        kind=Credential.Kind.WORKER_CERTIFICATE,
        items=items,
        actor=actor,
        title=_("Plenary of %(session)s") % {"session": session},
        request=request,
    )


def issue_missing_certificates(limit=200):
    """A safety net run by beat: a *Kompeten* application without its certificate (a batch lost to
    a broker outage) gets it now. Returns how many were issued."""
    from django.db.models import CharField, Value
    from django.db.models.functions import Cast, Concat

    from portal.credentials.models import Credential
    from portal.credentials.services import issue_credential

    source = Concat(Value("certification.application:"), Cast("pk", CharField()), output_field=CharField())
    missing = (
        Application.objects.filter(status=ApplicationStatus.COMPETENT)
        .annotate(source=source)
        .exclude(Exists(Credential.objects.filter(kind=Credential.Kind.WORKER_CERTIFICATE, source=OuterRef("source"))))
        .select_related("applicant", "round__scheme", "province")
        .order_by("pk")[:limit]
    )
    count = 0
    for application in missing:
        decided = application.exam_bookings.filter(result=Result.COMPETENT).select_related("decided_by").order_by("-decided_at").first()
        issue_credential(
            kind=Credential.Kind.WORKER_CERTIFICATE, actor=decided.decided_by if decided else None, **credential_item(application)
        )
        count += 1
    return count


def on_competent(application, actor):
    """Effect of *Kompeten*: the registry shows the worker as certified."""
    from registry.models import WorkerProfile

    WorkerProfile.objects.filter(user_id=application.applicant_id).update(certification_status="certified")
