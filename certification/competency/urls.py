from django.urls import path

from . import views

app_name = "competency"
urlpatterns = [
    path("schemes/units/", views.schemes, name="schemes"),
    path("schemes/units/import/", views.import_units, name="import"),
    path("schemes/units/template.xlsx", views.template_file, {"fmt": "xlsx"}, name="template_xlsx"),
    path("schemes/units/template.csv", views.template_file, {"fmt": "csv"}, name="template_csv"),
    path("schemes/units/versions/<int:pk>/", views.version, name="version"),
    path("schemes/units/versions/<int:pk>/publish/", views.publish, name="publish"),
    path("schemes/units/versions/<int:pk>/discard/", views.discard, name="discard"),
    path("applications/<int:pk>/self-assessment/", views.self_assessment, name="self_assessment"),
    path("applications/<int:pk>/self-assessment.pdf", views.self_assessment_pdf, name="self_assessment_pdf"),
]
