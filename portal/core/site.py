"""The portal's name and address as e-mails, QR codes and calendar files give them: from settings
(PORTAL_NAME, SITE_URL), never from the request that happened to cause the message."""

from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings


@dataclass(frozen=True)
class PortalSite:
    """What allauth's e-mail templates read as `current_site` (`{{ current_site.name }}`,
    `{{ current_site.domain }}`). The portal does not use django.contrib.sites: a database row would
    be one more place for the name and address to go stale."""

    name: str
    domain: str


def current_site():
    """PORTAL_NAME (translated when rendered, in the language active then) and SITE_URL's host[:port]."""
    return PortalSite(name=settings.PORTAL_NAME, domain=urlsplit(settings.SITE_URL).netloc)
