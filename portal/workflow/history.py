from portal.audit.models import AuditEvent


def timeline(obj):
    """The object's workflow transitions, oldest first, from the audit trail."""
    workflow = type(obj).workflow
    return list(
        AuditEvent.objects.for_object(obj)
        .filter(action__in=[f"{workflow.name}.{t.name}" for t in workflow.transitions])
        .select_related("actor")
        .order_by("created_at", "id")
    )
