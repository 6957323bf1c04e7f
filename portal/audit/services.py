from django.contrib.contenttypes.models import ContentType

from .models import AuditEvent


def client_ip(request):
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


def record(actor, action, obj=None, *, before=None, after=None, note="", request=None):
    """Append one audit event. The only way the portal writes to the audit trail."""
    actor = actor if getattr(actor, "is_authenticated", False) else None
    return AuditEvent.objects.create(
        actor=actor,
        actor_repr=(str(actor.email) if actor else "system")[:255],
        action=action,
        content_type=ContentType.objects.get_for_model(obj) if obj is not None else None,
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=str(obj)[:255] if obj is not None else "",
        before=before,
        after=after,
        note=note,
        ip=client_ip(request),
    )


def record_many(actor, action, items, *, note=""):
    """Append one audit event per (object, after) in `items`, in bulk (an import of many rows): the same
    events `record` writes, without a query per event."""
    actor = actor if getattr(actor, "is_authenticated", False) else None
    events = []
    content_types = {}
    for obj, after in items:
        model = type(obj)
        if model not in content_types:
            content_types[model] = ContentType.objects.get_for_model(obj)
        events.append(AuditEvent(
            actor=actor,
            actor_repr=(str(actor.email) if actor else "system")[:255],
            action=action,
            content_type=content_types[model],
            object_id=str(obj.pk),
            object_repr=str(obj)[:255],
            after=after,
            note=note,
        ))
    from portal.core.bulk import insert

    insert(AuditEvent, events)
    return len(events)
