"""Accreditation's appeals: an LKS appeals its grade, or the plenary's refusal ("not accredited"), within
APPEAL_PERIOD_DAYS. Declared to the kernel's appeals registry (`portal.appeals.kinds`) and carried out
through the accreditation workflow.

The panel is formed by a BALKS admin from the BALKS admins who did not decide the grade and have no part
in the visitation: the grade, the certificate and its withdrawal are BALKS's acts. A granted appeal
changes the grade (`regrade_after_appeal`: the certificate in force is revoked with the appeal as its
reason and a new one issued for the new grade; `refuse_after_appeal`: revoked, not accredited)."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from portal.accounts.roles import Role
from portal.appeals import kinds
from portal.appeals.services import grant_note, grant_pending, pending_grant
from portal.credentials.services import revoke_credential
from portal.workflow.engine import Transition, perform
from registry.models import AssessorProfile

from .choices import ACCREDITED_GRADES, AccreditationStatus, Grade
from .conflicts import conflict_reasons
from .hooks import MENU
from .services import issue_certificate
from .workflows import ACCREDITATION_WORKFLOW

APPEALABLE = (AccreditationStatus.DECIDED, AccreditationStatus.CERTIFIED)


def decision(accreditation):
    if accreditation.status not in APPEALABLE or accreditation.decided_at is None or not accreditation.grade:
        return None
    return kinds.Decided(
        at=accreditation.decided_at, label=Grade(accreditation.grade).label, by=accreditation.decided_by,
        title=accreditation.institution.name,
    )


def involved(accreditation):
    reasons = {}
    visitation = getattr(accreditation, "visitation", None)
    if visitation is not None:
        for user_id in visitation.team.values_list("assessor__user_id", flat=True):
            reasons[user_id] = _("visited the LKS")
        if visitation.reconciled_by_id:
            reasons[visitation.reconciled_by_id] = _("reconciled the visitation's scores")
    if accreditation.decided_by_id:
        reasons[accreditation.decided_by_id] = _("decided the grade")
    return reasons


def conflicts(accreditation, users):
    profiles = list(AssessorProfile.objects.filter(user__in=users))
    by_profile = conflict_reasons(profiles, accreditation.institution)
    return {p.user_id: by_profile[p.pk] for p in profiles if p.pk in by_profile}


def outcomes(accreditation):
    return [(kinds.CHANGE, _("The grade is changed"))] if accreditation.status in APPEALABLE else []


def new_decisions(accreditation):
    return [(value, label) for value, label in Grade.choices if value != accreditation.grade]


def apply(appeal, actor, request):
    accreditation = appeal.subject
    note = grant_note(appeal)
    name = "regrade_after_appeal" if appeal.new_decision in ACCREDITED_GRADES else "refuse_after_appeal"
    perform(accreditation, name, actor, note=note, request=request, context={"grade_label": Grade(appeal.new_decision).label})


def _regrade(accreditation, actor):
    appeal = pending_grant(accreditation)
    if accreditation.credential_id and accreditation.credential.status != "revoked":
        revoke_credential(accreditation.credential, actor=actor,
                          reason=_("Re-graded after the appeal %(reference)s.") % {"reference": appeal.reference})
    accreditation.grade = appeal.new_decision
    accreditation.grade_reason = appeal.decision_reason
    return appeal


def regrade(accreditation, actor):
    appeal = _regrade(accreditation, actor)
    issue_certificate(accreditation, actor, source=f"accreditation:{accreditation.pk}:appeal:{appeal.pk}")


def refuse(accreditation, actor):
    _regrade(accreditation, actor)
    institution = accreditation.institution
    if institution.current_accreditation_id == accreditation.pk:
        institution.grade = ""
        institution.accredited_until = None
        institution.save(update_fields=["grade", "accredited_until", "updated_at"])


APPEAL_TRANSITIONS = [
    Transition(
        name="regrade_after_appeal",
        source=APPEALABLE,
        target=AccreditationStatus.CERTIFIED,
        label=gettext_lazy("Re-grade after the appeal"),
        event_label=pgettext_lazy("workflow event", "Re-graded after an appeal"),
        allowed=grant_pending,
        effect=regrade,
    ),
    Transition(
        name="refuse_after_appeal",
        source=APPEALABLE,
        target=AccreditationStatus.DECIDED,
        label=gettext_lazy("Not accredited after the appeal"),
        event_label=pgettext_lazy("workflow event", "Not accredited after an appeal"),
        allowed=grant_pending,
        effect=refuse,
    ),
]
ACCREDITATION_WORKFLOW.extend(APPEAL_TRANSITIONS)

APPEAL_KIND = kinds.AppealKind(
    key="accreditation",
    model="accreditation.accreditation",
    label=gettext_lazy("Accreditation decision"),
    handler_role=Role.BALKS_ADMIN,
    panel_roles=(Role.BALKS_ADMIN,),
    menu=MENU,
    decision=decision,
    appellants=lambda accreditation: list(accreditation.institution.operators.filter(is_active=True)),
    involved=involved,
    conflicts=conflicts,
    outcomes=outcomes,
    new_decisions=new_decisions,
    apply=apply,
    owner_url=lambda accreditation: reverse("accreditation:detail", args=[accreditation.pk]),
    staff_url=lambda accreditation: reverse("accreditation:review", args=[accreditation.pk]),
)
