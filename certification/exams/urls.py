from django.urls import path

from . import views

app_name = "exams"
urlpatterns = [
    # Candidates.
    path("exams/", views.mine, name="mine"),
    path("exams/applications/<int:pk>/sessions/", views.choose, name="choose"),
    path("exams/sessions/<int:pk>/book/", views.book, name="book"),
    path("exams/bookings/<int:pk>/", views.booking, name="booking"),
    path("exams/bookings/<int:pk>/card.pdf", views.card, name="card"),
    path("exams/bookings/<int:pk>/calendar.ics", views.calendar, name="calendar"),
    path("exams/bookings/<int:pk>/cancel/", views.cancel, name="cancel"),
    # Secretariat (and LSP admins).
    path("secretariat/exams/", views.session_list, name="session_list"),
    path("secretariat/exams/new/", views.session_create, name="session_create"),
    path("secretariat/exams/<int:pk>/", views.session_detail, name="session"),
    path("secretariat/exams/<int:pk>/edit/", views.session_edit, name="session_edit"),
    path("secretariat/exams/<int:pk>/components/", views.components, name="components"),
    path("secretariat/exams/<int:pk>/assessors/", views.assessors, name="assessors"),
    path("secretariat/exams/<int:pk>/allocate/", views.allocate, name="allocate"),
    path("secretariat/exams/<int:pk>/check-in/", views.check_in, name="check_in"),
    path("secretariat/exams/<int:pk>/close-attendance/", views.close_attendance, name="close_attendance"),
    path("secretariat/exams/<int:pk>/attendance-list/", views.attendance_list, name="attendance_list"),
    path("secretariat/exams/bookings/<int:pk>/cancel/", views.staff_cancel, name="staff_cancel"),
    path("secretariat/exams/bookings/<int:pk>/assessor/", views.reassign, name="reassign"),
    # Assessors.
    path("secretariat/exams/<int:pk>/scoring/", views.scoring, name="scoring"),
    path("secretariat/exams/<int:pk>/scoring/<int:booking_pk>/", views.score, name="score"),
    # LSP admins.
    path("secretariat/exams/<int:pk>/plenary/", views.plenary, name="plenary"),
    path("secretariat/exams/rounds/<int:round_pk>/rules/", views.policy, name="policy"),
]
