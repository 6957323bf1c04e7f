from django.urls import path

from . import record_views, views

app_name = "certification"
urlpatterns = [
    path("rounds/", views.round_list, name="round_list"),
    path("rounds/<int:pk>/", views.round_detail, name="round_detail"),
    path("rounds/<int:pk>/check/", views.precheck, name="precheck"),
    path("rounds/<int:pk>/apply/<int:route_pk>/", views.start, name="start"),
    path("applications/", views.my_applications, name="my_applications"),
    path("applications/<int:pk>/", views.application_detail, name="application_detail"),
    path("applications/<int:pk>/step/<slug:step>/", views.application_step, name="application_step"),
    path("applications/<int:pk>/documents/<int:requirement_pk>/", views.upload_document, name="upload_document"),
    path("applications/<int:pk>/essays/<int:prompt_pk>/", views.autosave_essay, name="autosave_essay"),
    path("applications/<int:pk>/submit/", views.submit, name="submit"),
    path("applications/<int:pk>/records/<str:code>.pdf", record_views.record_pdf, name="record_pdf"),
    path("applications/<int:pk>/assessment-file.pdf", record_views.assessment_file, name="assessment_file"),
    path("applications/<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("secretariat/applications/", views.queue, name="queue"),
    path("secretariat/applications/eligible/", views.bulk_eligible, name="bulk_eligible"),
    path("secretariat/applications/<int:pk>/", views.review, name="review"),
    path("secretariat/applications/<int:pk>/item/", views.review_item, name="review_item"),
    path("secretariat/applications/<int:pk>/accept-all/", views.accept_all, name="accept_all"),
    path("secretariat/applications/<int:pk>/decide/", views.decide, name="decide"),
]
