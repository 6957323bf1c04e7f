"""The .ics file of a visitation, for the team's and the LKS's calendars, in the active language: UID
stable, SEQUENCE raised on every reschedule, a display alarm a day before."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils.translation import gettext as _

from portal.core.calendar import Attendee, CalendarEvent, ics


def visitation_event(visitation):
    accreditation = visitation.accreditation
    institution = accreditation.institution
    start = datetime.combine(visitation.date, visitation.start_time).replace(tzinfo=ZoneInfo(settings.TIME_ZONE))
    team = list(visitation.team.select_related("assessor__user"))
    names = [
        (_("%(name)s (lead)") % {"name": m.assessor.user.full_name or m.assessor.user.email}) if m.is_lead
        else (m.assessor.user.full_name or m.assessor.user.email)
        for m in team
    ]
    url = settings.SITE_URL + visitation.get_absolute_url()
    description = "\n".join(
        part for part in [
            _("LKS accreditation visitation of %(name)s (%(reference)s).")
            % {"name": institution.name, "reference": accreditation.reference},
            _("Assessor team: %(names)s") % {"names": ", ".join(names)},
            visitation.notes,
            url,
        ] if part
    )
    summary = _("Accreditation visitation: %(name)s") % {"name": institution.name}
    return ics(CalendarEvent(
        uid=f"visitation-{visitation.pk}",
        start=start,
        end=start + timedelta(hours=visitation.duration_hours),
        sequence=visitation.sequence,
        summary=summary,
        location=", ".join(p for p in [institution.address, institution.regency, institution.province.name] if p),
        description=description,
        url=url,
        alarm=_("Tomorrow: %(summary)s") % {"summary": summary},
        alarm_before=timedelta(days=1),
        attendees=[
            Attendee(m.assessor.user.full_name or m.assessor.user.email, m.assessor.user.email, chair=m.is_lead)
            for m in team
        ],
    ))
