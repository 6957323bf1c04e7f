"""The breach register (UU 27/2022 Pasal 46): an incident recorded by the data protection officer,
the 3×24-hour clock from its discovery with reminders, the people affected (found in the audit trail
where it can, or added by hand), the notice to them prepared from a template in each language and
sent once to each, the authority's notification, and the status through the workflow engine."""

from dataclasses import dataclass
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from portal.audit.models import AuditEvent
from portal.audit.services import record
from portal.notifications.services import notify

from . import access
from .models import AffectedPerson, AffectedSource, Breach, BreachStatus
from .services import officers

#: The fields of an incident the officer records and edits.
INCIDENT_FIELDS = (
    "title", "description", "categories", "subjects_description", "occurred_from", "occurred_until",
    "discovered_at", "discovery", "measures",
)
#: How many of the people found in the audit trail the preview lists by name.
PREVIEW = 50


def _audit_value(value):
    return value.isoformat() if hasattr(value, "isoformat") else value


def prepare_notice(breach, officer, language):
    """The notice to the people affected in `language`, filled from the incident, signed with the
    officer's name and address for questions."""
    with translation.override(language):
        return render_to_string("privacy/breach_notice.txt", {"breach": breach, "officer": officer}).strip()


def prepare_notices(breach, officer):
    breach.notice_id = prepare_notice(breach, officer, "id")
    breach.notice_en = prepare_notice(breach, officer, "en")


@transaction.atomic
def record_breach(officer, data, request=None):
    breach = Breach(recorded_by=officer, **{name: data[name] for name in INCIDENT_FIELDS})
    breach.save()  # the reference needs the id
    prepare_notices(breach, officer)
    breach.save(update_fields=["notice_id", "notice_en"])
    record(officer, "breach.record", breach, after={"discovered_at": _audit_value(breach.discovered_at),
                                                    "categories": breach.categories}, request=request)
    return breach


@transaction.atomic
def update_breach(officer, breach, data, request=None):
    breach = Breach.objects.select_for_update().get(pk=breach.pk)
    before, after = {}, {}
    for name in INCIDENT_FIELDS:
        if getattr(breach, name) != data[name]:
            before[name], after[name] = _audit_value(getattr(breach, name)), _audit_value(data[name])
            setattr(breach, name, data[name])
    if after:
        breach.save()
        record(officer, "breach.update", breach, before=before, after=after, request=request)
    return breach


@transaction.atomic
def save_notice(officer, breach, notice_id, notice_en, request=None):
    Breach.objects.filter(pk=breach.pk).update(notice_id=notice_id.strip(), notice_en=notice_en.strip())
    record(officer, "breach.notice_edit", breach, request=request)
    breach.refresh_from_db()
    return breach


@transaction.atomic
def prepare_again(officer, breach, request=None):
    """The notice filled again from the incident as it is now (the officer's edits are replaced)."""
    prepare_notices(breach, officer)
    Breach.objects.filter(pk=breach.pk).update(notice_id=breach.notice_id, notice_en=breach.notice_en)
    record(officer, "breach.notice_prepare", breach, request=request)
    return breach


@transaction.atomic
def record_authority(officer, breach, notified_at, note, request=None):
    Breach.objects.filter(pk=breach.pk).update(authority_notified_at=notified_at, authority_note=note.strip())
    record(officer, "breach.authority", breach, after={"notified_at": _audit_value(notified_at)}, note=note.strip(),
           request=request)
    breach.refresh_from_db()
    return breach


@dataclass
class Trace:
    """The people whose records the chosen audit events touched."""
    events: int
    people: int
    untraced: int
    person_ids: list
    preview: list


def trace(*, since, until, actor=None, actions=()):
    """The audit events in the window [since, until) — of `actor` (a misused account) and/or of the
    `actions` kinds — and the people whose records they touched."""
    events = AuditEvent.objects.filter(created_at__gte=since, created_at__lt=until)
    if actor is not None:
        events = events.filter(actor=actor)
    if actions:
        events = events.filter(action__in=list(actions))
    person_ids, untraced = access.people_touched(events)
    people = get_user_model().objects.filter(pk__in=person_ids).order_by("full_name", "email")
    return Trace(events=events.count(), people=len(person_ids), untraced=untraced,
                 person_ids=sorted(person_ids), preview=list(people[:PREVIEW]))


def _add(breach, people, source):
    present = set(breach.affected.values_list("person_id", flat=True))
    rows = [AffectedPerson(breach=breach, person_id=pk, source=source) for pk in people if pk not in present]
    AffectedPerson.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)


@transaction.atomic
def add_traced(officer, breach, trace_result, criteria, request=None):
    added = _add(breach, trace_result.person_ids, AffectedSource.AUDIT)
    record(officer, "breach.affected_audit", breach, after={**criteria, "found": trace_result.people, "added": added},
           request=request)
    return added


@transaction.atomic
def add_person(officer, breach, person, request=None):
    added = _add(breach, [person.pk], AffectedSource.MANUAL)
    if added:
        record(officer, "breach.affected_add", breach, after={"person": person.email}, request=request)
    return added


@transaction.atomic
def remove_person(officer, breach, affected, request=None):
    """Off the list, unless already told (a notice sent stays on record)."""
    if affected.notified_at is not None:
        return False
    email = affected.person.email
    affected.delete()
    record(officer, "breach.affected_remove", breach, after={"person": email}, request=request)
    return True


def notice_key(breach, person):
    return f"privacy-breach-{breach.pk}-{person.pk}"


def send_notice(officer, breach, request=None):
    """The notice to every person affected not told yet, in their language (in-app and e-mail), at
    most once per person and breach. Returns how many were told now."""
    with transaction.atomic():
        breach = Breach.objects.select_for_update().get(pk=breach.pk)
        waiting = list(breach.affected.filter(notified_at=None).select_related("person"))
        now = timezone.now()
        context = {"breach": breach, "notice_id": breach.notice_id, "notice_en": breach.notice_en}
        told = []
        for row in waiting:
            notify(row.person, "privacy/breach_notice", context, url=reverse("privacy:my_data"),
                   key=notice_key(breach, row.person))
            told.append(row.pk)
        AffectedPerson.objects.filter(pk__in=told).update(notified_at=now)
        if told:
            Breach.objects.filter(pk=breach.pk).update(subjects_notified_at=now)
            record(officer, "breach.notice_sent", breach, after={"people": len(told)}, request=request)
    return len(told)


def open_breaches():
    return Breach.objects.exclude(status=BreachStatus.CLOSED)


#: (stage, hours left at most): the reminders before the deadline, the most urgent first
STAGES = (("6h", 6), ("24h", 24))


def _stage(breach, now):
    left = breach.due_at - now
    if left <= timedelta(0):
        return f"overdue-{timezone.localdate(now).isoformat()}", ()
    for index, (stage, hours) in enumerate(STAGES):
        if left <= timedelta(hours=hours):
            return stage, tuple(s for s, _h in STAGES[index + 1:])  # a later reminder covers the earlier ones
    return None, ()


def remind(now=None):
    """The officers reminded of each breach not yet notified: 24 h and 6 h before its deadline and
    once a day (Asia/Jakarta) once it is past; each reminder once (`Breach.reminders`). Returns how
    many reminders were sent, one per breach and stage."""
    now = now or timezone.now()
    people = officers()
    sent = 0
    for breach_id in Breach.objects.filter(status=BreachStatus.RECORDED, due_at__lte=now + timedelta(hours=24)) \
            .values_list("pk", flat=True):
        with transaction.atomic():
            breach = Breach.objects.select_for_update().get(pk=breach_id)
            stage, covered = _stage(breach, now)
            if stage is None or stage in breach.reminders:
                continue
            breach.reminders = [*breach.reminders, stage, *(s for s in covered if s not in breach.reminders)]
            Breach.objects.filter(pk=breach.pk).update(reminders=breach.reminders)
            context = {"breach": breach, "overdue": stage.startswith("overdue")}
            for officer in people:
                notify(officer, "privacy/breach_reminder", context, url=breach.get_absolute_url(),
                       key=f"privacy-breach-{breach.pk}-{stage}-{officer.pk}")
            sent += 1
    return sent
