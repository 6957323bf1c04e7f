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


def timeline_rows(obj, actions=None):
    """(audit event, what happened) pairs for a status timeline, oldest first: each transition's
    past-tense `event_label` ("Submitted"), never its button label ("Submit"). `actions`: only these
    audit actions (e.g. the exam stage's)."""
    workflow = type(obj).workflow
    labels = {f"{workflow.name}.{t.name}": t.event_label for t in workflow.transitions}
    return [(event, labels[event.action]) for event in timeline(obj) if actions is None or event.action in actions]
