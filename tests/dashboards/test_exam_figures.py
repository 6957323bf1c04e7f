"""The exams panels from bookings made through the booking service: seats offered, booked and waitlisted, by
province and by test site (TUK)."""

import pytest

from certification.exams.services.booking import book_seat
from portal.accounts.roles import Role
from portal.statistics import dashboards, summaries
from tests.exams.helpers import candidate, make_session, make_tuk

pytestmark = pytest.mark.django_db


def test_seats_offered_booked_and_waitlisted_by_province_and_tuk(make_user):
    tuk = make_tuk(name="TUK Lembang")
    session = make_session(capacity=2, tuk=tuk)
    make_session(province="11", office="I", capacity=30)  # Aceh, online: no TUK
    for i in range(3):
        application = candidate(make_user)
        book_seat(application.applicant, application, session, waitlist=i == 2)
    summaries.rebuild("certification")
    dashboard = dashboards.get("certification")
    form = dashboards.FilterForm({}, dashboard=dashboard)
    assert form.is_valid()
    panels = {p.name: {row[0]: row[1:] for row in p.rows} for p in dashboard.panels(dashboards.Query(dashboard, form.cleaned_data))}
    # sessions, offered, booked, attended, no-shows, waitlisted
    assert panels["exams"]["Jawa Barat"] == [1, 2, 2, 0, 0, 1]
    assert panels["exams"]["Aceh"] == [1, 30, 0, 0, 0, 0]
    assert panels["exams"]["Total"] == [2, 32, 2, 0, 0, 1]
    assert panels["tuk"] == {"TUK Lembang": [1, 2, 2, 0, 0, 1]}
    bandung = make_user(Role.SECRETARIAT, regional_office=session.regional_office)
    form = dashboards.FilterForm({}, dashboard=dashboard, office=bandung.regional_office)
    assert form.is_valid()
    mine = {p.name: {row[0]: row[1:] for row in p.rows} for p in dashboard.panels(dashboards.Query(dashboard, form.cleaned_data))}
    assert "Aceh" not in mine["exams"] and mine["exams"]["Total"] == [1, 2, 2, 0, 0, 1]
