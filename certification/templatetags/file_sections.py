"""`{% file_sections application "review" %}`: the parts of an application file that sub-apps add to
certification's pages and to each other's (`certification.extensions.register_section`)."""

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from certification import extensions

register = template.Library()


@register.simple_tag(takes_context=True)
def file_sections(context, application, place):
    request = context.get("request")
    user = getattr(request, "user", None)
    parts = [
        render_to_string(name, {**section_context, "application": application, "place": place}, request=request)
        for name, section_context in extensions.sections(application, user, place)
    ]
    return mark_safe("".join(parts))
