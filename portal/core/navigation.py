"""Role-aware navigation. Domain apps register link providers in AppConfig.ready():
`provider(user) -> list[NavLink]`, and the menus their links go in: `register_menu(key, label)`.

The top bar (`menu_for`) shows a few items per role: a link with no `menu` on its own, the links of one
menu as a dropdown under the menu's label (in the place of its first link), a menu that holds a single
link for this user as that link. So the bar stays as wide as it is whatever the number of pages a role
has (a test in tests/kernel/test_navigation.py keeps every role at most at `MAX_TOP_ITEMS`)."""

from dataclasses import dataclass, field, replace

_providers = []
_menus = {}

#: The most items a role's top bar holds besides the dashboard (1280 px leave room for five).
MAX_TOP_ITEMS = 5


@dataclass
class NavLink:
    label: str
    url: str
    url_name: str = ""  # resolver url_name (or prefix) that marks the link active
    order: int = 50
    menu: str = ""  # key of a menu (`register_menu`) the link sits in; "" for a top-level link
    active: bool = False


@dataclass
class NavMenu:
    label: str
    links: list = field(default_factory=list)
    active: bool = False


def register(provider):
    if provider not in _providers:
        _providers.append(provider)
    return provider


def register_menu(key, label):
    """A dropdown of the top bar: links with `menu=key` go in it, under `label` (a lazy string)."""
    _menus[key] = label


def links_for(user):
    links = []
    for provider in _providers:
        links.extend(provider(user) or [])
    return sorted(links, key=lambda link: link.order)


def menu_for(user, path=""):
    """The top-bar items of `user` (NavLink or NavMenu, in order), the one for `path` marked active:
    the link whose address is the longest start of the path (a booking page under "Exams")."""
    links = links_for(user)
    current = _current(links, path)
    items, menus = [], {}
    for link in links:
        link = replace(link, active=link is current)
        if link.menu in _menus:
            menu = menus.get(link.menu)
            if menu is None:
                menu = menus[link.menu] = NavMenu(label=str(_menus[link.menu]))
                items.append(menu)
            menu.links.append(link)
            menu.active = menu.active or link.active
        else:
            items.append(link)
    return [item.links[0] if isinstance(item, NavMenu) and len(item.links) == 1 else item for item in items]


def _current(links, path):
    best = None
    for link in links:
        url = link.url.split("?", 1)[0]
        if url == path or (url.endswith("/") and url != "/" and path.startswith(url)):
            if best is None or len(url) > len(best.url.split("?", 1)[0]):
                best = link
    return best
