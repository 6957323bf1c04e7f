"""The plenary decision, the certificate, and the reminders to re-apply."""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from portal.audit.services import record
from portal.notifications.services import notify
from portal.workflow.engine import perform

from .. import scoring
from ..choices import (
    GRADE_SUBJECT,
    AccreditationStatus,
    Grade,
)
from ..models import (
    Accreditation,
    Institution,
    RenewalReminder,
)
from ..rules import is_balks_admin
from .common import AccreditationError
from .institutions import open_accreditation


# ---- decision and certificate ------------------------------------------------------------------------------
def decide(actor, accreditation, grade, reason="", *, request=None):
    """The BALKS plenary confirms the suggested grade or overrides it (a reason is required and
    audited). Not accredited ends here; A, B and C go on to the certificate."""
    if not is_balks_admin(actor, accreditation):
        raise PermissionDenied
    if grade not in Grade.values:
        raise ValidationError(_("Choose the grade."))
    reason = (reason or "").strip()
    with transaction.atomic():
        locked = Accreditation.objects.select_for_update().get(pk=accreditation.pk)
        if locked.status != AccreditationStatus.VISITED:
            raise AccreditationError(_("Only a visited accreditation can be decided."))
        overriding = grade != locked.suggested_grade
        if overriding and not reason:
            raise ValidationError(_("Overriding the suggested grade needs a reason."))
        locked.grade = grade
        locked.grade_reason = reason if overriding else ""
        locked.save(update_fields=["grade", "grade_reason", "updated_at"])
        if overriding:
            record(
                actor, "accreditation.grade_override", locked,
                before={"suggested_grade": locked.suggested_grade, "score": str(locked.score)},
                after={"grade": grade}, note=reason, request=request,
            )
        perform(locked, "decide", actor, note=reason, request=request, context={"grade_label": Grade(grade).label})
    accreditation.refresh_from_db()
    return accreditation


def issue_certificate(accreditation, actor, *, source=None):
    """Issue the accreditation credential (certify transition's effect, inside its transaction). A
    re-grade after an appeal issues a new one under its own `source` (the first stays, revoked)."""
    from portal.credentials.models import Credential
    from portal.credentials.services import issue_credential

    grade = Grade(accreditation.grade)
    subject, subject_en = GRADE_SUBJECT[grade]
    years = scoring.validity_years(grade, accreditation.snapshot)
    institution = Institution.objects.select_for_update().get(pk=accreditation.institution_id)
    credential = issue_credential(
        kind=Credential.Kind.LKS_ACCREDITATION,
        source=source or f"accreditation:{accreditation.pk}",
        holder=None,
        holder_name=institution.name,
        subject=subject,
        subject_en=subject_en,
        subject_code=grade.value,
        issuer="BALKS",
        province=institution.province,
        validity_years=years,
        actor=actor,
    )
    accreditation.credential = credential
    accreditation.certified_at = timezone.now()
    institution.current_accreditation = accreditation
    institution.grade = grade.value
    institution.accredited_until = credential.valid_until
    institution.save(update_fields=["current_accreditation", "grade", "accredited_until", "updated_at"])
    return credential


# ---- reminders to re-apply -----------------------------------------------------------------------------------
def renewal_reminder_days():
    return settings.ACCREDITATION_RENEWAL_REMINDER_DAYS


def send_renewal_reminders(today=None):
    """Tell the operators of an accredited LKS to re-apply, at each threshold (365, 180, 90 days
    before the certificate lapses), once each; an LKS that has re-applied already is not reminded.
    Returns how many reminders were sent."""
    today = today or timezone.localdate()
    thresholds = sorted(renewal_reminder_days())  # nearest first
    horizon = today + timedelta(days=max(thresholds))
    candidates = (
        Institution.objects.filter(
            accredited_until__gte=today, accredited_until__lte=horizon, current_accreditation__isnull=False,
            current_accreditation__credential__status="valid",
        )
        .select_related("current_accreditation")
        .order_by("pk")
    )
    sent = 0
    for institution in candidates:
        accreditation = institution.current_accreditation
        days_left = (institution.accredited_until - today).days
        due = [t for t in thresholds if days_left <= t]
        if not due:
            continue
        nearest = min(due)
        if open_accreditation(institution) not in (None, accreditation):
            continue  # already re-applying
        with transaction.atomic():
            done = set(RenewalReminder.objects.filter(accreditation=accreditation).values_list("days_before", flat=True))
            if nearest in done:
                continue
            RenewalReminder.objects.bulk_create(
                [RenewalReminder(accreditation=accreditation, days_before=t) for t in due if t not in done],
                ignore_conflicts=True,
            )
            for operator in institution.operators.filter(is_active=True):
                notify(
                    operator, "accreditation/renewal_reminder",
                    {"institution": institution, "accreditation": accreditation, "days_left": days_left,
                     "until": date_format(institution.accredited_until, "DATE_FORMAT")},
                    url=institution.get_absolute_url(),
                )
            record(None, "accreditation.renewal_reminder", accreditation, after={"days_before": nearest})
        sent += 1
    return sent


def verification_url(accreditation):
    if accreditation.credential_id is None:
        return ""
    return reverse("credentials:verify", args=[accreditation.credential.number])
