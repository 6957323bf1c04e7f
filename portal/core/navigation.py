"""Role-aware navigation. Domain apps register link providers in AppConfig.ready():
`provider(user) -> list[NavLink]`. The base template shows them in the top bar."""

from dataclasses import dataclass

_providers = []


@dataclass
class NavLink:
    label: str
    url: str
    url_name: str = ""  # resolver url_name (or prefix) that marks the link active
    order: int = 50


def register(provider):
    if provider not in _providers:
        _providers.append(provider)
    return provider


def links_for(user):
    links = []
    for provider in _providers:
        links.extend(provider(user) or [])
    return sorted(links, key=lambda link: link.order)
