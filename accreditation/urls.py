from django.urls import path

from .views import institutions, review, selfassessment, visitation

app_name = "accreditation"
urlpatterns = [
    # LKS registration (operators) and the public register.
    path("lks/", institutions.my_institutions, name="my_institutions"),
    path("lks/new/", institutions.institution_create, name="institution_create"),
    path("lks/accredited/", institutions.public_register, name="public_register"),
    path("lks/<int:pk>/", institutions.institution_detail, name="institution_detail"),
    path("lks/<int:pk>/edit/", institutions.institution_edit, name="institution_edit"),
    path("lks/<int:pk>/staff/", institutions.staff, name="staff"),
    path("lks/<int:pk>/staff/<int:staff_pk>/remove/", institutions.staff_remove, name="staff_remove"),
    path("lks/<int:pk>/operators/", institutions.operator_add, name="operator_add"),
    path("lks/<int:pk>/operators/<int:user_pk>/remove/", institutions.operator_remove, name="operator_remove"),
    path("lks/<int:pk>/accreditation/", institutions.accreditation_start, name="start"),
    path("lks/<int:pk>/imported/", institutions.imported_attach, name="imported_attach"),
    path("lks/<int:pk>/imported/<int:link_pk>/detach/", institutions.imported_detach, name="imported_detach"),
    # The accreditation and its self-assessment.
    path("accreditation/", review.queue, name="queue"),
    path("accreditation/plenary/", review.plenary_queue, name="plenary"),
    path("accreditation/<int:pk>/", selfassessment.accreditation_detail, name="detail"),
    path("accreditation/<int:pk>/standard/<int:number>/", selfassessment.standard_page, name="standard"),
    path("accreditation/<int:pk>/answer/<int:indicator_pk>/", selfassessment.save_answer, name="save_answer"),
    path("accreditation/<int:pk>/evidence/<int:indicator_pk>/", selfassessment.upload_evidence, name="upload_evidence"),
    path("accreditation/<int:pk>/evidence/<int:evidence_pk>/remove/", selfassessment.remove_evidence, name="remove_evidence"),
    path("accreditation/<int:pk>/recommendation/", selfassessment.save_recommendation, name="recommendation"),
    path("accreditation/<int:pk>/submit/", selfassessment.submit, name="submit"),
    path("accreditation/<int:pk>/certificate.pdf", selfassessment.certificate_pdf, name="certificate_pdf"),
    # Desk review, visitation planning, plenary.
    path("accreditation/<int:pk>/review/", review.review, name="review"),
    path("accreditation/<int:pk>/review/item/", review.review_item, name="review_item"),
    path("accreditation/<int:pk>/review/accept-all/", review.accept_all, name="accept_all"),
    path("accreditation/<int:pk>/review/decide/", review.desk_decide, name="desk_decide"),
    path("accreditation/<int:pk>/visitation/", review.schedule, name="schedule"),
    path("accreditation/<int:pk>/decision/", review.decision, name="decision"),
    path("accreditation/<int:pk>/certify/", review.certify, name="certify"),
    # Visitations (assessors).
    path("visitations/", visitation.my_visitations, name="my_visitations"),
    path("visitations/<int:pk>/", visitation.visitation_detail, name="visitation_detail"),
    path("visitations/<int:pk>/calendar.ics", visitation.visitation_ics, name="visitation_ics"),
    path("visitations/<int:pk>/score/", visitation.score_page, name="score"),
    path("visitations/<int:pk>/score/<int:indicator_pk>/", visitation.save_score, name="save_score"),
    path("visitations/<int:pk>/score/<int:indicator_pk>/photo/", visitation.upload_photo, name="upload_photo"),
    path("visitations/<int:pk>/submit/", visitation.submit_scores, name="submit_scores"),
    path("visitations/<int:pk>/reconcile/", visitation.reconcile, name="reconcile"),
    path("visitations/<int:pk>/complete/", visitation.complete, name="complete"),
]
