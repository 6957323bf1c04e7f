from django.urls import path

from . import views

app_name = "unitdecisions"
urlpatterns = [
    path("assessment/units/<int:pk>/", views.record, name="record"),
    path("assessment/units/<int:pk>/report/", views.report, name="report"),
    path("assessment/units/<int:pk>/review/", views.review, name="review"),
    path("applications/<int:pk>/assessment-feedback/", views.feedback, name="feedback"),
    path("applications/<int:pk>/resit/", views.resit, name="resit"),
]
