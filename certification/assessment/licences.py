"""Assessor licences (BNSP registration, No. Reg. MET): who may be offered for an assignment, and the
reminders before a registration expires.

An assessor is offered for a scheme on a day only with a licence valid on that day that lists the
scheme. An assessor without a licence on file is not offered either (a BNSP-licensed LSP may not
assign an unregistered assessor); the pages that list assessors say who was left out and why."""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from portal.notifications.services import notify

from .models import AssessorLicence, LicenceReminder

EXPIRY_TEMPLATE = "assessment/licence_expiry"


def with_licences(profiles):
    """`profiles` (AssessorProfile queryset) with what `licence_problem` reads: two queries in all."""
    return profiles.select_related("licence").prefetch_related("licence__schemes")


def licence_of(profile):
    try:
        return profile.licence
    except AssessorLicence.DoesNotExist:
        return None


def licence_problem(profile, scheme, day=None):
    """Why `profile` may not assess `scheme` (a Scheme or its id) on `day` (today by default), as a
    translated reason, or None."""
    day = day or timezone.localdate()
    licence = licence_of(profile)
    if licence is None:
        return _("no No. Reg. MET on file")
    if licence.valid_until < day:
        return _("No. Reg. MET expired on %(date)s") % {"date": formats.date_format(licence.valid_until, "DATE_FORMAT")}
    if licence.valid_from > day:
        return _("No. Reg. MET valid only from %(date)s") % {"date": formats.date_format(licence.valid_from, "DATE_FORMAT")}
    scheme_id = getattr(scheme, "pk", scheme)  # a Scheme or its id
    if scheme_id is not None and scheme_id not in {s.pk for s in licence.schemes.all()}:
        return _("not registered for this scheme")
    return None


def scheme_id_of(application):
    """The application's scheme id: from its round when loaded, else one small query that caches
    nothing (so a list of suggestions costs the same queries however it is called)."""
    from certification.models import Round

    if application._meta.get_field("round").is_cached(application):
        return application.round.scheme_id
    return Round.objects.filter(pk=application.round_id).values_list("scheme_id", flat=True).first()


def screen(profiles, scheme, day=None):
    """Split `profiles` into those who may assess `scheme` on `day` and [(profile, reason)] left out."""
    allowed, left_out = [], []
    for profile in profiles:
        problem = licence_problem(profile, scheme, day)
        if problem is None:
            allowed.append(profile)
        else:
            left_out.append((profile, problem))
    return allowed, left_out


# --- reminders before expiry ----------------------------------------------------------------------
def reminder_days():
    return sorted({int(days) for days in settings.ASSESSOR_LICENCE_REMINDER_DAYS}, reverse=True)


def due_stage(days_left, stages):
    """The most urgent reminder stage reached with `days_left` days to go (30 when 25 are left), or None."""
    reached = [days for days in stages if 0 <= days_left <= days]
    return min(reached) if reached else None


def remind_expiring(today=None):
    """Remind each active assessor whose No. Reg. MET expires within a stage (90, 30 days) — once per
    stage and expiry date, recorded as a `LicenceReminder` (and the outbox's key). A registration
    first seen with 25 days left gets the 30-day reminder only. Returns the number sent."""
    today = today or timezone.localdate()
    stages = reminder_days()
    if not stages:
        return 0
    licences = list(
        AssessorLicence.objects.filter(
            valid_until__gte=today, valid_until__lte=today + timedelta(days=stages[0]),
            assessor__is_active=True, assessor__user__is_active=True,
        ).select_related("assessor__user")
    )
    done = set(
        LicenceReminder.objects.filter(licence__in=licences).values_list("licence_id", "valid_until", "days")
    )
    sent = 0
    for licence in licences:
        days_left = (licence.valid_until - today).days
        stage = due_stage(days_left, stages)
        if stage is None or (licence.pk, licence.valid_until, stage) in done:
            continue
        with transaction.atomic():
            _reminder, created = LicenceReminder.objects.get_or_create(
                licence=licence, valid_until=licence.valid_until, days=stage
            )
            if not created:
                continue
            notify(
                licence.assessor.user, EXPIRY_TEMPLATE,
                {"licence": licence, "days_left": days_left, "stage": stage},
                url=reverse("registry:assessor_me"),
                key=f"assessment.licence_expiry:{licence.pk}:{licence.valid_until.isoformat()}:{stage}",
            )
        sent += 1
    return sent
