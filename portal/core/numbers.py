"""Numbers in the text the code writes (messages, reasons, labels), as the active language writes them.

Templates localise numbers themselves (`{{ total }}` is "66,67" in Indonesian, "66.67" in English);
a number put into a translated message with `%` or an f-string is not: "Anda memiliki 11.8". Such a
number goes through `decimal()` first. JavaScript-computed figures use `window.portalNumber` (static/js/
portal.js), with the page's language.
"""

from django.template.defaultfilters import floatformat


def decimal(value, places=2):
    """`value` with at most `places` decimals, none when it is whole, in the active language's format:
    "11,8", "66,67", "10" in Indonesian; "11.8", "66.67", "10" in English. Digits are not grouped, as
    in the templates (USE_THOUSAND_SEPARATOR is off)."""
    return str(floatformat(value, -places))


def whole(value):
    """A count with its thousands grouped as the active language groups them: "14.417" in
    Indonesian, "14,417" in English (hours of practice; the templates use `intcomma`)."""
    from django.contrib.humanize.templatetags.humanize import intcomma

    return str(intcomma(int(value)))
