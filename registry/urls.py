from django.urls import path

from . import views

app_name = "registry"
urlpatterns = [
    # The owner's profile
    path("profile/", views.profile_detail, name="profile"),
    path("profile/edit/", views.profile_edit, name="profile_edit"),
    path("profile/claim/", views.profile_claim, name="profile_claim"),
    path("profile/<str:kind>/add/", views.history_edit, name="history_add"),
    path("profile/<str:kind>/<int:pk>/edit/", views.history_edit, name="history_edit"),
    path("profile/<str:kind>/<int:pk>/delete/", views.history_delete, name="history_delete"),
    # Staff
    path("workers/", views.worker_search, name="worker_search"),
    path("workers/export.csv", views.worker_export, name="worker_export"),
    path("workers/<int:pk>/", views.worker_detail, name="worker_detail"),
    # Public
    path("register/", views.public_register, name="public_register"),
    # Assessors
    path("assessors/", views.assessor_list, name="assessor_list"),
    path("assessors/new/", views.assessor_create, name="assessor_create"),
    path("assessors/<int:pk>/edit/", views.assessor_edit, name="assessor_edit"),
    path("assessors/me/", views.assessor_me, name="assessor_me"),
    path("assessors/me/confirm/", views.declarations_confirm, name="declarations_confirm"),
    path("assessors/me/declarations/<int:pk>/delete/", views.declaration_delete, name="declaration_delete"),
]
