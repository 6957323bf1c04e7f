from django.urls import path

from . import views

app_name = "imports"

urlpatterns = [
    path("imports/", views.index, name="index"),
    path("imports/<slug:kind>/upload/", views.upload, name="upload"),
    path("imports/<slug:kind>/template.<str:fmt>", views.template_file, name="template"),
    path("imports/jobs/<int:pk>/", views.job, name="job"),
    path("imports/jobs/<int:pk>/confirm/", views.confirm, name="confirm"),
]
