"""What can be appealed, declared by the programme that owns the decision (as complaint subjects and
personal-data sections are): `register(AppealKind(...))` in `AppConfig.ready()`. The kernel knows no
domain app: certification declares its *Belum Kompeten* decisions (`certification/appeals.py`),
accreditation its grades and refusals (`accreditation/appeals.py`).

A kind answers, for one decided object: what was decided, when and by whom (`decision`), who may
appeal (`appellants`), who had a part in the decision (`involved`) and who declared or has a conflict
(`conflicts`) — neither may sit on the panel —, what a granted appeal may do (`outcomes`, `new_decisions`,
`units`) and how it is carried out (`apply`, through the programme's own workflow).
"""

from dataclasses import dataclass, field
from typing import Callable

_kinds = {}

#: a granted appeal's outcomes
REASSESS = "reassess"
CHANGE = "change"


@dataclass(frozen=True)
class Decided:
    """The decision an appeal is about, as the programme knows it."""

    #: when it was decided (an aware datetime): the appeal period runs from it
    at: object
    #: what was decided, readable ("Belum Kompeten", "Grade C")
    label: str
    #: the user who decided (the plenary's chair), or None
    by: object = None
    #: one line naming the file ("APL-2026-00042 · Pekerja Sosial Ahli")
    title: str = ""


@dataclass(frozen=True, kw_only=True)
class AppealKind:
    #: stored on the appeal: never rename one in use
    key: str
    #: "app_label.model" of the decided object
    model: str
    #: what is appealed, for lists ("Certification decision")
    label: str
    #: the role that forms the panel (LSP admin, BALKS admin)
    handler_role: str
    #: the roles panel members are chosen from
    panel_roles: tuple
    #: the top bar's menu for the handlers' and panel members' link
    menu: str = ""
    #: decision(obj) -> Decided | None (None: nothing appealable now)
    decision: Callable
    #: appellants(obj) -> users who may appeal (the candidate; the LKS's operators)
    appellants: Callable
    #: involved(obj) -> {user_id: reason} of everyone who had a part in the decision
    involved: Callable
    #: conflicts(obj, users) -> {user_id: reason} of the users who must not judge it
    conflicts: Callable
    #: outcomes(obj) -> [(REASSESS | CHANGE, label)] a granted appeal may have
    outcomes: Callable
    #: apply(appeal, actor, request) carries a granted appeal out through the programme's workflow
    apply: Callable
    #: new_decisions(obj) -> [(value, label)] a CHANGE may choose from
    new_decisions: Callable = field(default=lambda obj: [])
    #: units(obj) -> [(code, label)] a REASSESS may name (units of competency, indicators)
    units: Callable = field(default=lambda obj: [])
    #: owner_url(obj): the appellant's page of the decided file
    owner_url: Callable = field(default=lambda obj: "")
    #: staff_url(obj): the staff page of the decided file
    staff_url: Callable = field(default=lambda obj: "")


def register(kind):
    existing = _kinds.get(kind.key)
    if existing is not None and existing != kind:
        raise ValueError(f"Appeal kind {kind.key!r} is registered twice")
    _kinds[kind.key] = kind
    return kind


def get(key):
    return _kinds.get(key)


def kinds():
    return list(_kinds.values())


def for_object(obj):
    label = f"{obj._meta.app_label}.{obj._meta.model_name}"
    for kind in _kinds.values():
        if kind.model == label:
            return kind
    return None


def handler_roles():
    return {kind.handler_role for kind in _kinds.values()}


def panel_roles():
    return {role for kind in _kinds.values() for role in kind.panel_roles}
