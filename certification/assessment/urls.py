from django.urls import path

from . import views

app_name = "assessment"
urlpatterns = [
    path("assessment/", views.my_assignments, name="my_assignments"),
    path("assessment/<int:pk>/", views.assignment_detail, name="assignment"),
    path("assessment/<int:pk>/declare/", views.declare, name="declare"),
    path("assessment/<int:pk>/scores/", views.save_scores, name="save_scores"),
    path("assessment/<int:pk>/documents/<int:document_pk>/", views.document, name="document"),
    path("assessment/<int:pk>/surat-tugas.pdf", views.letter, name="letter"),
    path("assessment/reconciliation/", views.reconciliations, name="reconciliations"),
    path("assessment/reconciliation/<int:pk>/", views.reconciliation, name="reconciliation"),
    path("secretariat/assessment/", views.progress, name="progress"),
    path("secretariat/assessment/rounds/<int:pk>/assign/", views.bulk_assign, name="bulk_assign"),
    path("secretariat/assessment/applications/<int:pk>/", views.application_assignments, name="application"),
    path("secretariat/assessment/assignments/<int:pk>/reopen/", views.reopen, name="reopen"),
]
