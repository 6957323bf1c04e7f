"""The .ics file of a booking: one event with the session's time, place (or meeting link) and the
candidate's seat and code, plus a display alarm two hours before; in the candidate's language."""

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from portal.core.calendar import CalendarEvent, ics


def calendar_for(booking, language=None):
    """The .ics file's text (CRLF line ends)."""
    session = booking.session
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
    event = CalendarEvent(
        uid=f"exam-booking-{booking.pk}",
        start=session.starts_at,
        end=session.ends_at,
        sequence=int(session.updated_at.timestamp()) if session.updated_at else 0,
        summary=summary,
        location=location,
        description=description,
        url=url,
        alarm=alarm,
    )
    return ics(event).decode()


def filename(booking):
    return f"ujikom-{booking.code.lower()}.ics"
