"""Certification's appeals (FR.AK.04): a candidate appeals a *Belum Kompeten* — the plenary's, after the
competency exam, or the assessors', after the portfolio. Declared to the kernel's appeals registry
(`portal.appeals.kinds`) and carried out through the application workflow:

- plenary *Belum Kompeten*, granted with a **re-assessment**: the exam's decision is opened again
  (`appeal_reassess`: not_yet_competent → exam_attended; the booking's result cleared, the scores open to
  the assessor again, the session back in the plenary's queue), the assessor re-scores the named units and
  the plenary decides again;
- plenary *Belum Kompeten*, granted with the **decision changed**: *Kompeten* (`appeal_declare_competent`),
  the certificate issued (once: idempotent on the application);
- portfolio *not yet competent*, granted with the decision changed: recommended for the exam
  (`appeal_recommend_proceed`).

The panel is chosen from assessors and LSP admins; nobody who assessed the portfolio, scored the exam or
chaired its plenary, and no assessor with a conflict of interest with the candidate (the registry's rules)."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from certification.choices import ApplicationStatus
from certification.competency.models import SelfAssessment
from certification.hooks import MENU
from certification.workflows import APPLICATION_WORKFLOW, sync_registry
from portal.accounts.roles import Role
from portal.appeals import kinds
from portal.appeals.services import grant_note, grant_pending
from portal.audit.models import AuditEvent
from portal.audit.services import record
from portal.notifications.services import notify
from portal.workflow.engine import Transition, perform
from registry.models import AssessorProfile, ConflictFacts

from .models import ExamBooking, Result
from .services import on_competent
from .services.plenary import credential_item


def _bk_booking(application):
    return (
        application.exam_bookings.filter(result=Result.NOT_YET_COMPETENT, decided_at__isnull=False)
        .select_related("decided_by", "session", "assessor__user")
        .order_by("-decided_at")
        .first()
    )


def decision(application):
    title = f"{application.reference} · {application.round.scheme.name}"
    if application.status == ApplicationStatus.NOT_YET_COMPETENT:
        booking = _bk_booking(application)
        if booking is None:
            return None
        return kinds.Decided(at=booking.decided_at, label=_("Belum Kompeten (plenary after the competency exam)"),
                             by=booking.decided_by, title=title)
    if application.status == ApplicationStatus.ASSESSED_NOT_YET:
        event = (AuditEvent.objects.for_object(application).filter(action="application.recommend_not_yet")
                 .select_related("actor").order_by("-created_at").first())
        if event is None:
            return None
        return kinds.Decided(at=event.created_at, label=_("Not yet competent (portfolio assessment)"),
                             by=event.actor, title=title)
    return None


def appellants(application):
    return [application.applicant]


def involved(application):
    reasons = {}
    for assessor_id in application.assignments.values_list("assessor_id", flat=True):
        reasons[assessor_id] = _("assessed the candidate's portfolio")
    for booking in ExamBooking.objects.filter(application=application).select_related("assessor"):
        if booking.assessor_id:
            reasons[booking.assessor.user_id] = _("scored the candidate's competency exam")
        if booking.decided_by_id:
            reasons[booking.decided_by_id] = _("decided on the candidate in the plenary")
    decided = decision(application)
    if decided is not None and decided.by is not None:
        reasons.setdefault(decided.by.pk, _("took the decision appealed"))
    return reasons


def conflicts(application, users):
    facts = ConflictFacts.of(application.applicant)
    profiles = AssessorProfile.objects.filter(user__in=users).prefetch_related("declarations")
    return {p.user_id: _("has a conflict of interest with the candidate") for p in profiles if p.conflicts_with(facts)}


def outcomes(application):
    if application.status == ApplicationStatus.NOT_YET_COMPETENT:
        return [(kinds.REASSESS, _("Re-assessment")), (kinds.CHANGE, _("The decision is changed"))]
    if application.status == ApplicationStatus.ASSESSED_NOT_YET:
        return [(kinds.CHANGE, _("The decision is changed"))]
    return []


def new_decisions(application):
    if application.status == ApplicationStatus.NOT_YET_COMPETENT:
        return [("competent", _("Kompeten"))]
    if application.status == ApplicationStatus.ASSESSED_NOT_YET:
        return [("proceed", _("Recommended for the competency exam"))]
    return []


def units(application):
    self_assessment = SelfAssessment.objects.filter(application=application).select_related("version").first()
    if self_assessment is None:
        return []
    return [(u.code, f"{u.code} {u.title}") for u in self_assessment.covered_units()]


def apply(appeal, actor, request):
    application = appeal.subject
    note = grant_note(appeal)
    if appeal.outcome == kinds.REASSESS:
        booking = _bk_booking(application)  # the decision reopened; its assessor scores again
        perform(application, "appeal_reassess", actor, note=note, request=request, context={"appeal": appeal})
        if booking is not None and booking.assessor_id:
            notify(booking.assessor.user, "appeals/reassessment", {"appeal": appeal, "booking": booking},
                   url=reverse("exams:score", args=[booking.session_id, booking.pk]))
    elif application.status == ApplicationStatus.NOT_YET_COMPETENT:
        perform(application, "appeal_declare_competent", actor, note=note, request=request)
    else:
        perform(application, "appeal_recommend_proceed", actor, note=note, request=request)


def reopen_exam_decision(application, actor):
    """Effect of `appeal_reassess`: the plenary's *Belum Kompeten* on the exam booking is cleared (kept in
    the audit trail), so the assessor may score again and the plenary decides again."""
    booking = _bk_booking(application)
    if booking is None:
        return
    before = {"result": booking.result, "reason": booking.result_reason, "decided_at": booking.decided_at.isoformat()}
    booking.result = ""
    booking.result_reason = ""
    booking.decided_by = None
    booking.decided_at = None
    booking.save(update_fields=["result", "result_reason", "decided_by", "decided_at"])
    session = booking.session
    session.plenary_at = None
    session.save(update_fields=["plenary_at", "updated_at"])
    record(actor, "exams.reopen_after_appeal", booking, before=before, after={"result": ""})
    sync_registry(application, actor)


def competent_after_appeal(application, actor):
    """Effect of `appeal_declare_competent`: the registry shows the worker certified and the certificate is
    issued (once per application, whatever retries)."""
    from portal.credentials.models import Credential
    from portal.credentials.services import issue_credential

    on_competent(application, actor)
    issue_credential(kind=Credential.Kind.WORKER_CERTIFICATE, actor=actor, **credential_item(application))


APPEAL_TRANSITIONS = [
    Transition(
        name="appeal_reassess",
        source=(ApplicationStatus.NOT_YET_COMPETENT,),
        target=ApplicationStatus.EXAM_ATTENDED,
        label=gettext_lazy("Re-assess after the appeal"),
        event_label=pgettext_lazy("workflow event", "Re-assessment after an appeal"),
        allowed=grant_pending,
        effect=reopen_exam_decision,
    ),
    Transition(
        name="appeal_declare_competent",
        source=(ApplicationStatus.NOT_YET_COMPETENT,),
        target=ApplicationStatus.COMPETENT,
        label=gettext_lazy("Declare Kompeten after the appeal"),
        event_label=pgettext_lazy("workflow event", "Declared Kompeten after an appeal"),
        allowed=grant_pending,
        effect=competent_after_appeal,
    ),
    Transition(
        name="appeal_recommend_proceed",
        source=(ApplicationStatus.ASSESSED_NOT_YET,),
        target=ApplicationStatus.ASSESSED_PROCEED,
        label=gettext_lazy("Recommend for the exam after the appeal"),
        event_label=pgettext_lazy("workflow event", "Recommended for the competency exam after an appeal"),
        allowed=grant_pending,
        effect=sync_registry,
    ),
]
APPLICATION_WORKFLOW.extend(APPEAL_TRANSITIONS)

APPEAL_KIND = kinds.AppealKind(
    key="certification",
    model="certification.application",
    label=gettext_lazy("Certification decision"),
    handler_role=Role.LSP_ADMIN,
    panel_roles=(Role.ASSESSOR, Role.LSP_ADMIN),
    menu=MENU,
    decision=decision,
    appellants=appellants,
    involved=involved,
    conflicts=conflicts,
    outcomes=outcomes,
    new_decisions=new_decisions,
    units=units,
    apply=apply,
    owner_url=lambda application: reverse("certification:application_detail", args=[application.pk]),
    staff_url=lambda application: reverse("certification:review", args=[application.pk]),
)
