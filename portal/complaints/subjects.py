"""What a complaint can be about, declared by the apps that own it (as dashboard panels and navigation
links are): `register(SubjectKind(...))` in `AppConfig.ready()`. The kernel knows no domain app; it
declares only "the portal" itself.

Each kind says who handles it (`handler_role`: the admins of that programme) and, for a kind about the
holder of a credential (a certified worker, an accredited LKS), which kind of credential
(`credential_kind`): the complaint form then resolves a credential number against
`portal.credentials`, and the handler may suspend or revoke that credential from the complaint.
"""

from dataclasses import dataclass

_kinds = {}


@dataclass(frozen=True, kw_only=True)
class SubjectKind:
    #: stored on the complaint (`Complaint.subject_kind`): never rename one that is in use
    key: str
    #: the choice on the public form ("An assessor"); lazy, translated in the declaring app
    label: str
    #: the role whose users triage and handle complaints of this kind (`Role.LSP_ADMIN`…)
    handler_role: str
    #: "worker" / "lks" (`Credential.Kind`): the form asks for the credential's number
    credential_kind: str = ""
    #: the top bar's menu (`portal.core.navigation.register_menu`) of the programme that handles it:
    #: the handlers' "Complaints" link goes in it, so it takes no place of its own in the bar
    menu: str = ""
    order: int = 50


def register(kind):
    existing = _kinds.get(kind.key)
    if existing is not None and existing != kind:
        raise ValueError(f"Complaint subject kind {kind.key!r} is registered twice")
    _kinds[kind.key] = kind
    return kind


def kinds():
    return sorted(_kinds.values(), key=lambda k: (k.order, k.key))


def get(key):
    return _kinds.get(key)


def label(key):
    kind = _kinds.get(key)
    return kind.label if kind is not None else key


def menu_for(role):
    """The one menu the kinds a role handles name, or "" (none, or several)."""
    menus = {kind.menu for kind in _kinds.values() if kind.handler_role == role and kind.menu}
    return menus.pop() if len(menus) == 1 else ""


def handler_roles():
    """The roles that handle some kind of complaint."""
    return {kind.handler_role for kind in _kinds.values()}
