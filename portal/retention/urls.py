from django.urls import path

from . import views

app_name = "retention"

urlpatterns = [
    path("retention/", views.overview, name="overview"),
]
