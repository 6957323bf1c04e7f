"""The kinds of record the portal deletes when their retention period ends (UU 27/2022 Pasal 43/44).

Each app declares its kinds in `<app>/retention.py` and registers them in `AppConfig.ready()`, as it
registers its part of the personal-data export:

    from portal.retention import rules
    rules.register(rules.Kind(
        key="certification.drafts", label=_("Draft applications"), description=_("…"),
        default_months=12, minimum_months=3, owner_role=Role.LSP_ADMIN, menu=hooks.MENU, order=10,
        due=lambda cutoff: Application.objects.filter(status="draft", updated_at__lt=cutoff),
        purge=delete_drafts,                  # optional: the default deletes the queryset's rows
    ))

`due(cutoff)` gives the rows of one model whose period ended before `cutoff` (a datetime): the rows to
delete, or the rows whose files go. It must stop naming a row once `purge` has dealt with it (so that a
second run removes nothing more), and must not use `distinct()` (the batches lock the rows). `purge(rows)`
removes one batch inside the batch's transaction and may return a dict that the audit event adds
(e.g. `{"documents": [...]}`). What no kind names is kept: issued credentials and the audit trail are
never a kind's rows.
"""

from dataclasses import dataclass
from typing import Any, Callable

_kinds = {}


@dataclass(frozen=True)
class Kind:
    key: str
    label: Any
    description: Any
    default_months: int
    due: Callable[[Any], Any]
    #: removes one batch (a queryset of `due`'s model, inside a transaction); None: delete the rows
    purge: Callable[[Any], dict | None] | None = None
    #: the shortest period a policy may set (what the law or the programme needs at least)
    minimum_months: int = 1
    #: the role that answers for these records (Role.LSP_ADMIN, Role.BALKS_ADMIN); "" the portal's own
    owner_role: str = ""
    #: the top bar's menu of the owner's programme: the owner's "Data retention" link goes in it
    menu: str = ""
    order: int = 50


def register(kind):
    existing = _kinds.get(kind.key)
    if existing is not None and existing != kind:
        raise ValueError(f"Retention kind {kind.key!r} is registered twice")
    _kinds[kind.key] = kind
    return kind


def kinds():
    return sorted(_kinds.values(), key=lambda k: (k.order, k.key))


def get(key):
    return _kinds.get(key)


def kinds_for(user):
    """The kinds a portal admin answers for: their programme's and the portal's own."""
    return [k for k in kinds() if k.owner_role in ("", user.role)]


def menu_for(role):
    """The one menu the kinds of a role name, or "" (none, or several)."""
    menus = {k.menu for k in _kinds.values() if k.owner_role == role and k.menu}
    return menus.pop() if len(menus) == 1 else ""
