"""The role-aware home dashboard. Domain apps register panel providers in their AppConfig.ready();
each provider returns a list of `Panel` for a user (often empty). The kernel knows no domain app."""

from dataclasses import dataclass, field

_providers = []


@dataclass
class Panel:
    title: str
    body: str = ""
    count: int | None = None
    url: str = ""
    link_label: str = ""
    items: list = field(default_factory=list)  # (label, url, detail) tuples
    tone: str = "primary"  # bootstrap contextual colour
    order: int = 50


def register(provider):
    if provider not in _providers:
        _providers.append(provider)
    return provider


def panels_for(user):
    panels = []
    for provider in _providers:
        panels.extend(provider(user) or [])
    return sorted(panels, key=lambda p: p.order)
