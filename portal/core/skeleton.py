"""Render once, fill many: for a hot public page whose layout depends on a few "shape" facts (the
language, a status, which optional fields are present) and whose other values are plain text.

The page is rendered by the template engine once per shape with markers in place of the values; each
later request fills the markers in one regular-expression pass (values HTML-escaped exactly as the
template's autoescape does: Django's `escape` is `html.escape`). The result is byte for byte what the template renders (the credential
verification page has a test that says so); it costs a few microseconds instead of a template render.

Rules for a page served this way: every value is shown as text (no filter is applied to it in the
template: format dates before, as text), whatever else the page shows depends only on the shape, and
nothing in it belongs to the visitor (no CSRF token, no account menu).
"""

import html
import re

from django.conf import settings

_PATTERN = re.compile(r"zqSKEL([a-z_]+)LEKSqz")


def marker(name):
    """The placeholder for the value `name` (letters and underscores): unchanged by HTML escaping,
    URL quoting and the URL resolver."""
    return f"zqSKEL{name}LEKSqz"


class Skeletons:
    """Skeletons of one page, by shape, kept in this process (a shape is a handful of facts, so there
    are few; `limit` bounds them anyway). With DEBUG on nothing is kept, so template edits show."""

    def __init__(self, limit=512):
        self._pages = {}
        self._limit = limit

    def fill(self, shape, values, render):
        """The page for `shape` with `values` ({name: text}) in place; `render()` makes the skeleton
        (with `marker(name)` for every value) when this shape has none yet (with `render` None: the
        page is None then)."""
        parts = self._pages.get(shape)
        if parts is None:
            if render is None:
                return None
            parts = _PATTERN.split(render())  # text, name, text, name, …, text
            if not settings.DEBUG:
                if len(self._pages) >= self._limit:
                    self._pages.clear()
                self._pages[shape] = parts
        escape = html.escape
        out = parts[:]
        for index in range(1, len(out), 2):
            out[index] = escape(values[out[index]])
        return "".join(out)
