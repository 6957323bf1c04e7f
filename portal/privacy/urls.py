from django.urls import path

from . import views

app_name = "privacy"

urlpatterns = [
    path("my-data/", views.my_data, name="my_data"),
    path("my-data/export.json", views.export_json, name="export_json"),
    path("my-data/export.pdf", views.export_pdf, name="export_pdf"),
    path("my-data/requests/", views.new_request, name="new_request"),
    path("privacy/requests/", views.requests, name="requests"),
    path("privacy/requests/<int:pk>/", views.request_detail, name="request"),
]
