from django.urls import path

from . import views

app_name = "planning"
urlpatterns = [
    path("planning/", views.index, name="index"),
    path("planning/sessions/<int:pk>/", views.session, name="session"),
    path("planning/bookings/<int:pk>/plan/", views.plan, name="plan"),
    path("planning/bookings/<int:pk>/agreement/", views.agreement, name="agreement"),
    path("planning/applications/<int:pk>/adjustments/", views.adjustments, name="adjustments"),
    path("planning/defaults/", views.defaults, name="defaults"),
    path("planning/defaults/<int:pk>/", views.default_edit, name="default_edit"),
]
