"""What can be imported, declared by the programme that owns it (as retention kinds and appeal kinds are).

In `<app>/importers.py`, registered in `AppConfig.ready()`:

    from portal.imports import kinds
    kinds.register(kinds.Importer(
        key="workers", label=_("Certified workers"), description=_("…"), role=Role.LSP_ADMIN, menu=hooks.MENU,
        columns=[Column("nik", "NIK", _("16 digits, as text")), …],
        check=check_rows,      # check_rows([(row number, {key: raw value})]) -> Plan
        commit=commit_plan,    # commit_plan(plan, *, actor, progress) -> {"created": n, …}, inside the import's transaction
        example=[[…], …],      # rows of the example file and of the templates
    ))

`check` reads the whole file against the database with set-based queries (no query per row) and returns a
`Plan`: the errors by row, the rows that would be created, the rows already in the register exactly as the
file has them (an import run twice changes nothing), and a preview. `commit` writes what the plan created,
in bulk; the engine calls it inside one transaction with the kind's lock held, after checking the file again,
so nothing is half-imported.
"""

from dataclasses import dataclass, field
from typing import Any, Callable

from .spreadsheet import Column, RowError  # noqa: F401 (re-exported for the importers)

_importers = {}


@dataclass
class Plan:
    errors: list = field(default_factory=list)  # [RowError]
    #: the prepared rows to create (what `commit` receives), in file order
    new: list = field(default_factory=list)
    #: rows already in the register as the file has them
    unchanged: int = 0
    #: the first rows as the preview shows them: [{"row": n, "cells": [text per column], "action": "new"/"unchanged"}]
    preview: list = field(default_factory=list)
    total: int = 0
    #: anything else the importer's commit needs (looked up once)
    context: dict = field(default_factory=dict)

    @property
    def ok(self):
        return not self.errors

    def counts(self):
        return {"total": self.total, "new": len(self.new), "unchanged": self.unchanged, "errors": len(self.errors)}


@dataclass(frozen=True)
class Importer:
    key: str
    label: Any
    description: Any
    role: str
    columns: list
    check: Callable[[list], Plan]
    commit: Callable[..., dict]
    example: list = field(default_factory=list)
    menu: str = ""
    order: int = 50

    @property
    def headers(self):
        return [column.header for column in self.columns]


def register(importer):
    existing = _importers.get(importer.key)
    if existing is not None and existing != importer:
        raise ValueError(f"Importer {importer.key!r} is registered twice")
    _importers[importer.key] = importer
    return importer


def importers():
    return sorted(_importers.values(), key=lambda i: (i.order, i.key))


def get(key):
    return _importers.get(key)


def for_user(user):
    """The importers `user` may run: those of the user's admin role."""
    if user is None or not getattr(user, "is_authenticated", False):
        return []
    return [i for i in importers() if i.role == user.role]
