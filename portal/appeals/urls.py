from django.urls import path

from . import views

app_name = "appeals"

urlpatterns = [
    path("appeals/", views.appeal_list, name="list"),
    path("appeals/new/<slug:kind>/<int:pk>/", views.new, name="new"),
    path("appeals/<int:pk>/", views.detail, name="detail"),
    path("appeals/<int:pk>/panel/", views.add_member, name="add_member"),
    path("appeals/<int:pk>/panel/<int:member_pk>/remove/", views.remove_member, name="remove_member"),
    path("appeals/<int:pk>/hand-to-panel/", views.form_panel, name="form_panel"),
    path("appeals/<int:pk>/decide/", views.decide, name="decide"),
    path("appeals/<int:pk>/fr-ak-04.pdf", views.pdf, name="pdf"),
]
