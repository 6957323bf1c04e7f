"""The export as a person reads it (the PDF and the page): nested data turned into labelled fields,
lists and tables, the keys named in the reader's language (`Section.labels`), dates as dates."""

import re

from django.utils import formats, timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_DATETIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")
#: the keys of a document as `exporters.document` writes it
_DOCUMENT_KEYS = {"file_name", "content_type", "size", "sha256", "uploaded_at"}


def text(value):
    if value is None or value == "":
        return "—"
    if value is True:
        return _("yes")
    if value is False:
        return _("no")
    if isinstance(value, str):
        if _DATETIME.match(value):
            moment = parse_datetime(value)
            if moment is not None:
                return formats.date_format(timezone.localtime(moment), "DATETIME_FORMAT")
        elif _DATE.fullmatch(value):
            day = parse_date(value)
            if day is not None:
                return formats.date_format(day, "DATE_FORMAT")
        return value
    return formats.localize(value)


def _label(key, labels):
    return str(labels.get(key, key.replace("_", " ")))


def _is_document(value):
    return isinstance(value, dict) and set(value) == _DOCUMENT_KEYS


def _flat(value):
    return _is_document(value) or not isinstance(value, (dict, list))


def _cell(value, labels):
    return node(value, labels)["text"] if _is_document(value) else text(value)


def node(value, labels):
    """{"kind": "value" | "fields" | "list" | "table", ...} for the template."""
    if _is_document(value):  # a document (exporters.document): one line
        return {"kind": "value", "text": _("%(name)s, %(size)s bytes, uploaded %(at)s · SHA-256 %(sha)s") % {
            "name": value["file_name"], "size": text(value["size"]), "at": text(value["uploaded_at"]), "sha": value["sha256"],
        }}
    if isinstance(value, dict):
        return {"kind": "fields", "rows": [(_label(k, labels), node(v, labels)) for k, v in value.items()]}
    if isinstance(value, list):
        if not value:
            return {"kind": "value", "text": _("none")}
        if all(isinstance(item, dict) for item in value) and all(_flat(v) for item in value for v in item.values()):
            keys = list(dict.fromkeys(k for item in value for k in item))
            return {
                "kind": "table",
                "columns": [_label(k, labels) for k in keys],
                "rows": [[_cell(item.get(k), labels) for k in keys] for item in value],
            }
        if all(_flat(item) for item in value):
            return {"kind": "value", "text": "; ".join(text(item) for item in value)}
        return {"kind": "list", "items": [node(item, labels) for item in value]}
    return {"kind": "value", "text": text(value)}
