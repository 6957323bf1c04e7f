"""What the portal holds about a person, for the data-subject export (UU 27/2022 Pasal 32).

Each app registers its part in `AppConfig.ready()`, as dashboard panels are registered:

    from portal.privacy import exporters
    exporters.register(exporters.Section(
        key="applications", title=_("Certification applications"), order=30,
        export=lambda user: [...],            # JSON-ready data (str, numbers, bools, None, lists, dicts)
        records=lambda user: [Application.objects.filter(applicant=user)],  # optional
        labels={"reference": _("reference"), ...},  # optional: the readable PDF's names of its keys
    ))

`export` gives the person's data in full (their own NIK included: it is theirs). `records` names the
rows that are the person's, so that the processing history (portal.privacy.history) finds what other
people did with them in the audit trail. `labels` translate the keys for the readable PDF; a key
without a label is shown as written. `erase` carries out a granted erasure for this part. The kernel registers the account, documents, credentials and
notifications itself (portal/privacy/apps.py).
"""

from dataclasses import dataclass, field
from typing import Any, Callable

_sections = []


@dataclass(frozen=True)
class Section:
    key: str
    title: Any
    export: Callable[[Any], Any]
    records: Callable[[Any], list] | None = None
    labels: dict = field(default_factory=dict)
    order: int = 50
    #: erasure (a granted request): deletes what of this part may go and returns (erased, kept), two
    #: lists of translated lines; a kept line says why the record stays (e.g. an issued certificate)
    erase: Callable[[Any], tuple] | None = None
    #: what the app's audit actions on these records mean to the person, for the processing history
    #: ({"assessment.assign": _("Assigned assessors to your application")}; workflow transitions are
    #: named by their past-tense event labels already)
    actions: dict = field(default_factory=dict)
    #: the lookup from the rows `records` names to their person ("applicant", "application__applicant"),
    #: so that the breach register can find whose records an audit event touched
    owner: str = ""
    #: the app's audit actions that are accesses to personal data, with what they mean to the data
    #: protection officer, for the access log ({"registry.profile.view": _("Opened a full profile")})
    accesses: dict = field(default_factory=dict)


def register(section):
    if all(s.key != section.key for s in _sections):
        _sections.append(section)
    return section


def sections():
    return sorted(_sections, key=lambda s: (s.order, s.key))


def action_labels():
    merged = {}
    for section in sections():
        merged.update(section.actions)
    return merged


def access_labels():
    merged = {}
    for section in sections():
        merged.update(section.accesses)
    return merged


def labels():
    """Every key's readable name, across the sections."""
    merged = {}
    for section in sections():
        merged.update(section.labels)
    return merged


def iso(value):
    """A date or datetime for JSON (None stays None)."""
    return value.isoformat() if value is not None else None


def document(doc):
    """A document as the export lists it: name, type, size, fingerprint and date, never the file."""
    if doc is None:
        return None
    return {
        "file_name": doc.original_name,
        "content_type": doc.content_type,
        "size": doc.size,
        "sha256": doc.sha256,
        "uploaded_at": iso(doc.created_at),
    }
