"""iCalendar (RFC 5545) files with the `icalendar` library: one event, with an alarm and attendees.

The caller gives the texts already translated (in the recipient's or the request's language)."""

from dataclasses import dataclass, field
from datetime import timedelta, timezone
from urllib.parse import urlparse

from django.conf import settings
from django.utils import timezone as django_timezone
from icalendar import Alarm, Calendar, Event, vCalAddress, vText

PRODID = "-//Kementerian Sosial RI//Portal Sertifikasi dan Akreditasi//ID"


@dataclass
class Attendee:
    name: str
    email: str
    chair: bool = False


@dataclass
class CalendarEvent:
    uid: str  # stable per object ("exam-booking-42"); the site's host is appended
    start: object  # aware datetimes
    end: object
    summary: str
    location: str = ""
    description: str = ""
    url: str = ""
    sequence: int = 0  # raised on every change, so calendars replace the old event
    alarm: str = ""  # shown `alarm_before` ahead of the start when set
    alarm_before: timedelta = timedelta(hours=2)
    attendees: list = field(default_factory=list)


def ics(event):
    """The .ics file's bytes (CRLF lines, folded at 75 octets, texts escaped)."""
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    item = Event()
    item.add("uid", f"{event.uid}@{urlparse(settings.SITE_URL).hostname or 'portal'}")
    item.add("dtstamp", django_timezone.now().astimezone(timezone.utc))
    item.add("dtstart", event.start.astimezone(timezone.utc))
    item.add("dtend", event.end.astimezone(timezone.utc))
    item.add("sequence", event.sequence)
    item.add("summary", event.summary)
    if event.location:
        item.add("location", event.location)
    if event.description:
        item.add("description", event.description)
    if event.url:
        item.add("url", event.url)
    item.add("status", "CONFIRMED")
    for person in event.attendees:
        address = vCalAddress(f"mailto:{person.email}")
        address.params["cn"] = vText(person.name)
        address.params["role"] = vText("CHAIR" if person.chair else "REQ-PARTICIPANT")
        item.add("attendee", address, encode=0)
    if event.alarm:
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("trigger", -event.alarm_before)
        alarm.add("description", event.alarm)
        item.add_component(alarm)
    cal.add_component(item)
    return cal.to_ical()
