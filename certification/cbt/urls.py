from django.urls import path

from . import analysis_views, proctor_views, views

app_name = "cbt"
urlpatterns = [
    path("cbt/items/", views.items, name="items"),
    path("cbt/items/new/", views.item_new, name="item_new"),
    path("cbt/items/import/", views.items_import, name="import"),
    path("cbt/items/export.xlsx", views.items_export, {"fmt": "xlsx"}, name="export_xlsx"),
    path("cbt/items/export.csv", views.items_export, {"fmt": "csv"}, name="export_csv"),
    path("cbt/items/export.qti.zip", views.items_export_qti, name="export_qti"),
    path("cbt/items/<int:pk>/", views.item_detail, name="item"),
    path("cbt/items/<int:pk>/edit/", views.item_edit, name="item_edit"),
    path("cbt/items/<int:pk>/pool/", views.item_pool, name="item_pool"),
    path("cbt/analysis/", analysis_views.analysis_page, name="analysis"),
    path("cbt/analysis/export.xlsx", analysis_views.analysis_export, {"fmt": "xlsx"}, name="analysis_xlsx"),
    path("cbt/analysis/export.csv", analysis_views.analysis_export, {"fmt": "csv"}, name="analysis_csv"),
    path("cbt/blueprints/", views.blueprints, name="blueprints"),
    path("cbt/blueprints/<int:scheme_pk>/", views.blueprint_edit, name="blueprint"),
    path("cbt/", views.mine, name="mine"),
    path("cbt/bookings/<int:pk>/", views.start, name="start"),
    path("cbt/attempts/<int:pk>/", views.attempt, name="attempt"),
    path("cbt/attempts/<int:pk>/answer/", views.answer, name="answer"),
    path("cbt/attempts/<int:pk>/state.json", views.state, name="state"),
    path("cbt/attempts/<int:pk>/submit/", views.submit, name="submit"),
    path("cbt/attempts/<int:pk>/allow-device/", proctor_views.allow_device, name="allow_device"),
    path("cbt/sessions/<int:pk>/proctor/", proctor_views.proctor, name="proctor"),
    *[path(f"cbt/sessions/<int:pk>/proctor/{action}/", proctor_views.act, {"action": action}, name=f"proctor_{action}")
      for action in proctor_views.ACTIONS],
    path("cbt/sessions/<int:pk>/release/", proctor_views.release, name="release"),
]
