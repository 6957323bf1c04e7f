from django.urls import path

from . import breach_views, views

app_name = "privacy"

urlpatterns = [
    path("my-data/", views.my_data, name="my_data"),
    path("my-data/export.json", views.export_json, name="export_json"),
    path("my-data/export.pdf", views.export_pdf, name="export_pdf"),
    path("my-data/requests/", views.new_request, name="new_request"),
    path("privacy/requests/", views.requests, name="requests"),
    path("privacy/requests/<int:pk>/", views.request_detail, name="request"),
    path("privacy/access-log/", breach_views.access_log, name="access_log"),
    path("privacy/breaches/", breach_views.breaches, name="breaches"),
    path("privacy/breaches/new/", breach_views.breach_new, name="breach_new"),
    path("privacy/breaches/<int:pk>/", breach_views.breach_detail, name="breach"),
    path("privacy/breaches/<int:pk>/edit/", breach_views.breach_edit, name="breach_edit"),
    path("privacy/breaches/<int:pk>/trace/", breach_views.breach_trace, name="breach_trace"),
    path("privacy/breaches/<int:pk>/people/", breach_views.breach_add_person, name="breach_add_person"),
    path("privacy/breaches/<int:pk>/people/<int:affected_pk>/remove/", breach_views.breach_remove_person,
         name="breach_remove_person"),
    path("privacy/breaches/<int:pk>/authority/", breach_views.breach_authority, name="breach_authority"),
    path("privacy/breaches/<int:pk>/notice/", breach_views.breach_notice, name="breach_notice"),
    path("privacy/breaches/<int:pk>/send/", breach_views.breach_send, name="breach_send"),
    path("privacy/breaches/<int:pk>/do/<str:name>/", breach_views.breach_transition, name="breach_transition"),
]
