"""The processing history of a person's data (UU 27/2022 Pasal 32: access "and its processing
history"): what other people did with the person's records, from the audit trail — who opened their
full profile or a document of theirs, who decided on their application — and when.

The records are those the exporters name (`Section.records`) plus the account and the documents the
person owns. The person's own actions are not listed (they are in their own timelines).
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from portal.audit.models import AuditEvent

from . import exporters

#: What the kernel's audit actions mean to the person; the apps add theirs (`Section.actions`), and
#: workflow transitions are named by their past-tense event labels.
ACTION_LABELS = {
    "document.view": _("Opened a document of yours"),
    "credential.download": _("Downloaded your certificate"),
    "credential.issue": _("Issued your certificate"),
}


def record_filter(user):
    """One Q over the audit trail matching every record of the person."""
    from django.contrib.auth import get_user_model

    from portal.documents.models import Document

    querysets = [get_user_model().objects.filter(pk=user.pk), Document.objects.filter(owner=user)]
    for section in exporters.sections():
        if section.records is not None:
            querysets.extend(section.records(user))
    match = Q(pk__in=[])
    for queryset in querysets:
        ids = [str(pk) for pk in queryset.values_list("pk", flat=True)]
        if ids:
            match |= Q(content_type=ContentType.objects.get_for_model(queryset.model), object_id__in=ids)
    return match


def _workflow_labels(content_type):
    model = content_type.model_class()
    workflow = getattr(model, "workflow", None) if model is not None else None
    if workflow is None:
        return {}
    return {f"{workflow.name}.{t.name}": t.event_label for t in workflow.transitions}


def events(user):
    """The audit events of others on the person's records, newest first."""
    return (
        AuditEvent.objects.filter(record_filter(user)).exclude(actor=user)
        .select_related("content_type").order_by("-created_at", "-id")
    )


def rows(user, limit=None):
    """(event, what it meant) pairs, newest first."""
    queryset = events(user)
    if limit is not None:
        queryset = queryset[:limit]
    cache = {}
    known = {**ACTION_LABELS, **exporters.action_labels()}
    result = []
    for event in queryset:
        label = known.get(event.action)
        if label is None and event.content_type_id is not None:
            if event.content_type_id not in cache:
                cache[event.content_type_id] = _workflow_labels(event.content_type)
            label = cache[event.content_type_id].get(event.action)
        result.append((event, label or _("Processed (%(action)s)") % {"action": event.action}))
    return result


def export(user):
    return [
        {"at": exporters.iso(event.created_at), "by": event.actor_repr, "what": str(label), "record": event.object_repr}
        for event, label in rows(user)
    ]
