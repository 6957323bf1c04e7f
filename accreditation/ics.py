"""An iCalendar (RFC 5545) event for a visitation, for the team's and the LKS's calendars."""

from datetime import datetime, timedelta
from urllib.parse import urlparse
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone


def _escape(text):
    return (
        str(text or "").replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\r\n", "\\n").replace("\n", "\\n")
    )


def _fold(line):
    """Lines longer than 75 octets are folded (continuation lines start with a space)."""
    raw = line.encode("utf-8")
    if len(raw) <= 75:
        return line
    parts, current = [], b""
    for char in line:
        encoded = char.encode("utf-8")
        if len(current) + len(encoded) > (75 if not parts else 74):
            parts.append(current.decode("utf-8"))
            current = b""
        current += encoded
    parts.append(current.decode("utf-8"))
    return "\r\n ".join(parts)


def _utc(value):
    return value.astimezone(ZoneInfo("UTC")).strftime("%Y%m%dT%H%M%SZ")


def visitation_event(visitation):
    """The .ics text of the visitation (UID stable, SEQUENCE raised on every reschedule)."""
    accreditation = visitation.accreditation
    institution = accreditation.institution
    tz = ZoneInfo(settings.TIME_ZONE)
    start = datetime.combine(visitation.date, visitation.start_time).replace(tzinfo=tz)
    end = start + timedelta(hours=visitation.duration_hours)
    host = urlparse(settings.SITE_URL).hostname or "portal"
    team = list(visitation.team.select_related("assessor__user"))
    description = "\n".join(
        [
            f"Visitasi akreditasi LKS {institution.name} ({accreditation.reference}).",
            "Tim asesor: " + ", ".join(
                f"{m.assessor.user.full_name or m.assessor.user.email}{' (ketua)' if m.is_lead else ''}" for m in team
            ),
            visitation.notes,
            settings.SITE_URL + visitation.get_absolute_url(),
        ]
    ).strip()
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Kemensos//Portal LSP dan BALKS//ID",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "BEGIN:VEVENT",
        f"UID:visitation-{visitation.pk}@{host}",
        f"SEQUENCE:{visitation.sequence}",
        f"DTSTAMP:{_utc(timezone.now())}",
        f"DTSTART:{_utc(start)}",
        f"DTEND:{_utc(end)}",
        f"SUMMARY:{_escape('Visitasi akreditasi: ' + institution.name)}",
        f"LOCATION:{_escape(', '.join(p for p in [institution.address, institution.regency, institution.province.name] if p))}",
        f"DESCRIPTION:{_escape(description)}",
        f"URL:{settings.SITE_URL}{visitation.get_absolute_url()}",
    ]
    for member in team:
        name = _escape(member.assessor.user.full_name or member.assessor.user.email)
        lines.append(f"ATTENDEE;CN={name};ROLE={'CHAIR' if member.is_lead else 'REQ-PARTICIPANT'}:mailto:{member.assessor.user.email}")
    lines += ["STATUS:CONFIRMED", "END:VEVENT", "END:VCALENDAR"]
    return "\r\n".join(_fold(line) for line in lines) + "\r\n"
