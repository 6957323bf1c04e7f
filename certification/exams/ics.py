"""An iCalendar (RFC 5545) file for a booking: one event with the session's time, place (or meeting
link) and the candidate's seat and code, plus a display alarm two hours before."""

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _


def escape(text):
    return (
        str(text or "")
        .replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\n")
        .replace("\n", "\\n")
    )


def fold(line):
    """Lines of at most 75 octets, continued with a space (never splitting a UTF-8 character)."""
    data = line.encode()
    if len(data) <= 75:
        return line
    parts, current, size = [], "", 0
    for ch in line:
        n = len(ch.encode())
        limit = 75 if not parts else 74
        if size + n > limit:
            parts.append(current)
            current, size = "", 0
        current += ch
        size += n
    parts.append(current)
    return "\r\n ".join(parts)


def _utc(dt):
    from datetime import timezone as dt_timezone

    return dt.astimezone(dt_timezone.utc).strftime("%Y%m%dT%H%M%SZ")


def calendar_for(booking, language=None):
    """The .ics file's text (CRLF line ends)."""
    session = booking.session
    host = settings.SITE_URL.split("://", 1)[-1].split("/", 1)[0] or "portal"
    url = settings.SITE_URL + booking.get_absolute_url()
    with translation.override(language or booking.application.applicant.language or settings.LANGUAGE_CODE):
        summary = f"{session.get_kind_display()}: {session.scheme.name}"
        if session.is_online:
            location = session.meeting_url
        else:
            location = ", ".join(p for p in [session.venue_name, session.venue_address.replace("\n", ", "), session.city] if p)
        lines = [
            _("Seat: %(seat)s") % {"seat": booking.seat or "—"},
            _("Check-in code: %(code)s") % {"code": booking.display_code},
        ]
        if session.is_online and session.meeting_url:
            lines.append(_("Meeting link: %(url)s") % {"url": session.meeting_url})
        if session.map_url and not session.is_online:
            lines.append(_("Map: %(url)s") % {"url": session.map_url})
        if session.instructions:
            lines.append(session.instructions)
        lines.append(_("Your booking: %(url)s") % {"url": url})
        description = "\n".join(lines)
        alarm = _("Reminder: %(summary)s") % {"summary": summary}
    event = [
        "BEGIN:VEVENT",
        f"UID:exam-booking-{booking.pk}@{host}",
        f"DTSTAMP:{_utc(timezone.now())}",
        f"DTSTART:{_utc(session.starts_at)}",
        f"DTEND:{_utc(session.ends_at)}",
        f"SEQUENCE:{int(session.updated_at.timestamp()) if session.updated_at else 0}",
        f"SUMMARY:{escape(summary)}",
        f"LOCATION:{escape(location)}",
        f"DESCRIPTION:{escape(description)}",
        f"URL:{url}",
        "STATUS:CONFIRMED",
        "BEGIN:VALARM",
        "ACTION:DISPLAY",
        "TRIGGER:-PT2H",
        f"DESCRIPTION:{escape(alarm)}",
        "END:VALARM",
        "END:VEVENT",
    ]
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Kementerian Sosial RI//Portal Sertifikasi//ID",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        *event,
        "END:VCALENDAR",
    ]
    return "\r\n".join(fold(line) for line in lines) + "\r\n"


def filename(booking):
    return f"ujikom-{booking.code.lower()}.ics"
