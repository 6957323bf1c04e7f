from django.urls import path

from . import views

app_name = "statistics"
urlpatterns = [
    path("statistics/", views.page, name="public"),
    path("statistics/datapackage.json", views.datapackage, name="datapackage"),
    path("statistics/<slug:dataset>.csv", views.download, name="download"),
]
