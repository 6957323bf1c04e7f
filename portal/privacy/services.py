"""The person's rights over their data: the export (JSON and a readable PDF), the processing
history, and requests for correction or erasure answered by the data protection officer."""

import copy

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.accounts.roles import Role
from portal.audit.services import record
from portal.notifications.services import notify
from portal.workflow.engine import perform

from . import exporters, history
from .models import DataRequest, RequestKind, RequestStatus


def export(user, request=None):
    """Everything the portal holds about `user`, JSON-ready: each registered section, the
    processing history and their requests. The export itself is audited."""
    data = {"exported_at": exporters.iso(timezone.now())}
    for section in exporters.sections():
        data[section.key] = section.export(user)
    data["processing_history"] = history.export(user)
    data["data_requests"] = [
        {
            "reference": r.reference, "kind": r.kind, "details": r.details, "status": r.status,
            "received": exporters.iso(r.created_at), "due": exporters.iso(r.due_at),
            "answered": exporters.iso(r.answered_at), "answer": r.response,
        }
        for r in user.data_requests.order_by("created_at")
    ]
    record(user, "privacy.export", user, request=request)
    return data


def officers():
    return list(get_user_model().objects.filter(role=Role.DPO, is_active=True))


@transaction.atomic
def submit_request(user, kind, details, request=None):
    data_request = DataRequest.objects.create(person=user, kind=kind, details=details.strip())
    record(user, "privacy.request", data_request, after={"kind": kind}, request=request)
    context = {"object": data_request}
    notify(user, "privacy/request_received", context, url=data_request.get_absolute_url())
    for officer in officers():
        notify(officer, "privacy/request_for_officer", context, url=f"/privacy/requests/{data_request.pk}/")
    return data_request


@transaction.atomic
def answer(officer, data_request, response, request=None):
    """A correction made (or an erasure carried out: `erase` runs in the transition), with the answer
    the person reads."""
    person = copy.copy(data_request.person)  # the address and language they had, before an erasure
    done = perform(data_request, "complete", officer, note=response, request=request)
    DataRequest.objects.filter(pk=done.pk).update(response=response.strip())
    data_request.refresh_from_db()
    if data_request.kind == RequestKind.ERASURE:
        notify(person, "privacy/request_answered", {"object": data_request, "note": response.strip()},
               url=data_request.get_absolute_url(), in_app=False)
    return data_request


@transaction.atomic
def refuse(officer, data_request, reason, request=None):
    """Refused, with the legal reason (e.g. an issued certificate the register must keep)."""
    done = perform(data_request, "refuse", officer, note=reason, request=request)
    DataRequest.objects.filter(pk=done.pk).update(response=reason.strip())
    data_request.refresh_from_db()
    return data_request


def erasure_plan(user):
    """What an erasure would do, without doing it: the same sections' `erase`, in a transaction
    rolled back at once."""
    class _Preview(Exception):
        pass

    result = {}
    try:
        with transaction.atomic():
            result = erase(get_user_model().objects.get(pk=user.pk))
            raise _Preview
    except _Preview:
        pass
    return result


def erase(user):
    """Carry out an erasure: each section deletes what may go and says what it keeps and why; the
    account is closed, and made anonymous where nothing kept names the person."""
    erased, kept = [], []
    for section in exporters.sections():
        if section.erase is not None:
            gone, stays = section.erase(user)
            erased.extend(str(line) for line in gone)
            kept.extend(str(line) for line in stays)
    user.is_active = False
    user.set_unusable_password()
    if not kept:
        user.full_name = ""
        user.email = f"erased-{user.pk}@erased.invalid"
        erased.append(_("Your name and e-mail address"))
    else:
        kept.append(_("Your name and e-mail address, on the records above"))
    erased.append(_("Your account: closed"))
    user.save()
    user.emailaddress_set.all().delete()
    return {"erased": erased, "kept": kept}


def open_requests():
    return DataRequest.objects.filter(status=RequestStatus.RECEIVED)


__all__ = ["RequestKind", "answer", "erase", "erasure_plan", "export", "refuse", "submit_request"]


def remind_overdue(today=None):
    """Each request past its deadline: the officers are reminded once a day (Asia/Jakarta dates).
    Idempotent within a day. Returns how many requests were reminded of."""
    today = today or timezone.localdate()
    overdue = list(
        DataRequest.objects.filter(status=RequestStatus.RECEIVED, due_at__lt=timezone.now())
        .exclude(reminded_on=today).select_related("person")
    )
    people = officers()
    for data_request in overdue:
        with transaction.atomic():
            if DataRequest.objects.filter(pk=data_request.pk, reminded_on=today).exists():
                continue
            DataRequest.objects.filter(pk=data_request.pk).update(reminded_on=today)
            for officer in people:
                notify(officer, "privacy/request_overdue", {"object": data_request},
                       url=f"/privacy/requests/{data_request.pk}/", key=f"privacy-overdue-{data_request.pk}-{today}-{officer.pk}")
    return len(overdue)
