"""Which audit events are accesses to personal data, and whose records an audit event touched.

The access log of the data protection officer lists the events whose action is an access
(`ACCESSES` here, the apps' `Section.accesses`). The breach register asks `people_touched` for the
people whose records a set of events touched: an event names its object (content type and id), and
each object leads to its person — an account is its own person, a document its owner, a certificate
its holder, a data request its person, and an app's rows the person its `Section.owner` names (the
same sections that give the processing history its records, portal/privacy/history.py).
"""

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from portal.audit.models import AuditEvent

from . import exporters

#: The kernel's accesses to personal data; the apps add theirs (`Section.accesses`).
ACCESSES = {
    "document.view": _("Opened or downloaded a document of someone else"),
    "credential.download": _("Downloaded the certificate PDF of someone else"),
    "privacy.export": _("Took their own data (export)"),
    "data_request.complete": _("Answered a data request: a correction made or an erasure carried out"),
}


def labels():
    return {**ACCESSES, **exporters.access_labels()}


def actions():
    return sorted(labels())


def access_events():
    """Every access to personal data in the audit trail, newest first."""
    return AuditEvent.objects.filter(action__in=actions()).order_by("-created_at", "-id")


def owner_paths():
    """{model: lookup from a row of it to its person's id}."""
    from portal.credentials.models import Credential
    from portal.documents.models import Document

    from .models import DataRequest

    User = get_user_model()
    paths = {User: "pk", Document: "owner", Credential: "holder", DataRequest: "person"}
    probe = User(pk=0, email="")
    for section in exporters.sections():
        if section.records is not None and section.owner:
            for queryset in section.records(probe):
                paths.setdefault(queryset.model, section.owner)
    return paths


def _ids(model, object_ids):
    pk = model._meta.pk
    valid = []
    for value in object_ids:
        try:
            valid.append(pk.to_python(value))
        except ValidationError:
            continue
    return valid


def people_touched(events):
    """(ids of the people whose records `events` touched, how many of the events lead to nobody: a
    bulk export, an object without a person, a row since deleted)."""
    paths = {ContentType.objects.get_for_model(model).pk: (model, path) for model, path in owner_paths().items()}
    by_type = {}
    untraced = 0
    for content_type_id, object_id, count in _object_counts(events):
        if content_type_id not in paths:
            untraced += count
            continue
        by_type.setdefault(content_type_id, {})[object_id] = count
    people = set()
    for content_type_id, objects in by_type.items():
        model, path = paths[content_type_id]
        found = {
            str(pk): person
            for pk, person in model._default_manager.filter(pk__in=_ids(model, objects)).values_list("pk", path)
        }
        for object_id, count in objects.items():
            person = found.get(object_id)
            if person is None:
                untraced += count
            else:
                people.add(person)
    return people, untraced


def _object_counts(events):
    rows = events.order_by().values("content_type_id", "object_id").annotate(n=Count("id"))
    return [(r["content_type_id"], r["object_id"], r["n"]) for r in rows]
