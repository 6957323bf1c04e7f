"""`{% next_steps obj %}`: the card of what waits for the signed-in user on `obj` (portal/core/next_steps.py)."""

from django import template

from portal.core import next_steps as registry

register = template.Library()


@register.inclusion_tag("includes/next_steps.html", takes_context=True)
def next_steps(context, obj):
    """The steps, except one leading to the page shown (the booking page does not offer "Open my booking")."""
    request = context.get("request")
    if request is None:
        return {"steps": []}
    return {"steps": [step for step in registry.for_user(request.user, obj) if step.url != request.path]}
