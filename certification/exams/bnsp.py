"""The spreadsheet of a plenary's Kompeten candidates that an LSP sends to BNSP (XLSX, openpyxl).

It carries NIK, birth data, contact data and addresses — personal data (UU 27/2022): only LSP admins
download it (`rules.may_export_for_bnsp`), every download is audited and the response is never cached
(the view). Cells are written as text, and text that a spreadsheet would read as a formula (starting
with = + - @, a tab or CR) gets a leading apostrophe, as the registry's CSV export does."""

from io import BytesIO

from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from portal.credentials.models import Credential

from .models import ExamBooking, Result

DANGEROUS = ("=", "+", "-", "@", "\t", "\r")
CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def cell_safe(value):
    """Text for a cell: empty for None, formulas neutralised."""
    if value is None:
        return ""
    text = str(value)
    return "'" + text if text.startswith(DANGEROUS) else text


def headers():
    return [
        pgettext("row number", "No"), _("Name"), "NIK", _("Place of birth"), _("Date of birth"), _("Gender"), _("Highest education"),
        _("Institution / employer"), _("Address"), _("Regency / city"), _("Province"), _("Phone"), _("Email"),
        _("Scheme"), _("Certificate number"), _("Decision date"), _("Test site (TUK)"), _("Assessor"),
    ]


def competent_bookings(session):
    """The session's candidates declared Kompeten in its plenary, in seat order (one query)."""
    return list(
        ExamBooking.objects.filter(session=session, result=Result.COMPETENT)
        .select_related("application", "application__applicant", "assessor__user", "session__scheme", "session__tuk")
        .order_by("seat", "pk")
    )


def rows(session):
    """The data rows (lists of text), three more queries whatever the number of candidates."""
    from registry.models import WorkerProfile

    bookings = competent_bookings(session)
    users = [b.application.applicant_id for b in bookings]
    profiles = {p.user_id: p for p in WorkerProfile.objects.filter(user_id__in=users).select_related("province")}
    sources = {f"certification.application:{b.application_id}": b for b in bookings}
    numbers = dict(Credential.objects.filter(kind=Credential.Kind.WORKER_CERTIFICATE, source__in=list(sources)).values_list("source", "number"))
    site = session.tuk.name if session.tuk_id else session.venue_name
    out = []
    for index, booking in enumerate(bookings, start=1):
        applicant = booking.application.applicant
        profile = profiles.get(applicant.pk)
        decided = timezone.localtime(booking.decided_at).date().isoformat() if booking.decided_at else ""
        out.append([
            str(index),
            (profile.full_name if profile and profile.full_name else applicant.get_full_name()),
            profile.nik if profile and profile.nik else "",
            profile.birth_place if profile else "",
            profile.birth_date.isoformat() if profile and profile.birth_date else "",
            profile.get_gender_display() if profile and profile.gender else "",
            profile.get_highest_education_display() if profile and profile.highest_education else "",
            profile.employer if profile else "",
            profile.address if profile else "",
            profile.regency if profile else "",
            profile.province.name if profile and profile.province_id else "",
            profile.phone if profile else "",
            applicant.email,
            session.scheme.name,
            numbers.get(f"certification.application:{booking.application_id}", ""),
            decided,
            site,
            booking.assessor.user.get_full_name() if booking.assessor_id else "",
        ])
    return out


def workbook_bytes(session):
    """The XLSX, in Indonesian (the language BNSP reads), one sheet, every cell text."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    with translation.override("id"):
        head = headers()
        data = rows(session)
        title = _("Kompeten candidates")
    book = Workbook()
    sheet = book.active
    sheet.title = title[:31]
    for column, text in enumerate(head, start=1):
        cell = sheet.cell(row=1, column=column, value=cell_safe(text))
        cell.font = Font(bold=True)
    for row_number, values in enumerate(data, start=2):
        for column, value in enumerate(values, start=1):
            cell = sheet.cell(row=row_number, column=column)
            cell.value = cell_safe(value)
            cell.data_type = "s"  # never a formula, whatever the text
            cell.number_format = "@"
    sheet.freeze_panes = "A2"
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue(), len(data)


def filename(session):
    day = timezone.localtime(session.plenary_at or session.starts_at).date().isoformat()
    return f"bnsp-kompeten-{session.scheme.code}-{day}-{session.pk}.xlsx"
