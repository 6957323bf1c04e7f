from django.urls import path

from .views import candidates, checkin, plenary, scoring, sessions, tuks

app_name = "exams"
urlpatterns = [
    # Candidates.
    path("exams/", candidates.mine, name="mine"),
    path("exams/applications/<int:pk>/sessions/", candidates.choose, name="choose"),
    path("exams/sessions/<int:pk>/book/", candidates.book, name="book"),
    path("exams/bookings/<int:pk>/", candidates.booking, name="booking"),
    path("exams/bookings/<int:pk>/card.pdf", candidates.card, name="card"),
    path("exams/bookings/<int:pk>/calendar.ics", candidates.calendar, name="calendar"),
    path("exams/bookings/<int:pk>/cancel/", candidates.cancel, name="cancel"),
    # Secretariat (and LSP admins).
    path("secretariat/exams/", sessions.session_list, name="session_list"),
    path("secretariat/exams/new/", sessions.session_create, name="session_create"),
    path("secretariat/exams/<int:pk>/", sessions.session_detail, name="session"),
    path("secretariat/exams/<int:pk>/edit/", sessions.session_edit, name="session_edit"),
    path("secretariat/exams/<int:pk>/components/", sessions.components, name="components"),
    path("secretariat/exams/<int:pk>/assessors/", sessions.assessors, name="assessors"),
    path("secretariat/exams/<int:pk>/allocate/", sessions.allocate, name="allocate"),
    path("secretariat/exams/<int:pk>/check-in/", checkin.check_in, name="check_in"),
    path("secretariat/exams/<int:pk>/close-attendance/", checkin.close_attendance, name="close_attendance"),
    path("secretariat/exams/<int:pk>/attendance-list/", checkin.attendance_list, name="attendance_list"),
    path("secretariat/exams/bookings/<int:pk>/cancel/", sessions.staff_cancel, name="staff_cancel"),
    path("secretariat/exams/bookings/<int:pk>/assessor/", sessions.reassign, name="reassign"),
    # Test sites (TUK): the secretariat (its provinces) and LSP admins.
    path("secretariat/exams/tuk/", tuks.tuk_list, name="tuk_list"),
    path("secretariat/exams/tuk/new/", tuks.tuk_create, name="tuk_create"),
    path("secretariat/exams/tuk/<int:pk>/", tuks.tuk_detail, name="tuk"),
    path("secretariat/exams/tuk/<int:pk>/edit/", tuks.tuk_edit, name="tuk_edit"),
    # Assessors.
    path("secretariat/exams/<int:pk>/scoring/", scoring.scoring, name="scoring"),
    path("secretariat/exams/<int:pk>/scoring/<int:booking_pk>/", scoring.score, name="score"),
    # LSP admins.
    path("secretariat/exams/<int:pk>/plenary/", plenary.plenary, name="plenary"),
    path("secretariat/exams/<int:pk>/plenary/bnsp.xlsx", plenary.bnsp_export, name="bnsp_export"),
    path("secretariat/exams/rounds/<int:round_pk>/rules/", plenary.policy, name="policy"),
]
