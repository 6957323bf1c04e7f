"""`{% next_steps obj %}`: the card of what waits for the signed-in user on `obj` (portal/core/next_steps.py)."""

from django import template

from portal.core import next_steps as registry

register = template.Library()


@register.inclusion_tag("includes/next_steps.html", takes_context=True)
def next_steps(context, obj):
    request = context.get("request")
    return {"steps": registry.for_user(request.user, obj) if request is not None else []}
