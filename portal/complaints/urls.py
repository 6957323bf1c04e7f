from django.urls import path

from . import views

app_name = "complaints"
urlpatterns = [
    # Public, no login.
    path("complaints/", views.file, name="file"),
    path("complaints/filed/", views.filed, name="filed"),
    path("complaints/track/", views.track, name="track"),
    # The handlers (LSP admins, BALKS admins: by the subject kind).
    path("complaints/manage/", views.queue, name="queue"),
    path("complaints/manage/<int:pk>/", views.detail, name="detail"),
    path("complaints/manage/<int:pk>/triage/", views.triage, name="triage"),
    path("complaints/manage/<int:pk>/assign/", views.assign, name="assign"),
    path("complaints/manage/<int:pk>/respond/", views.respond, name="respond"),
    path("complaints/manage/<int:pk>/decide/", views.decide, name="decide"),
    path("complaints/manage/<int:pk>/credential/", views.credential, name="credential"),
    path("complaints/manage/<int:pk>/<slug:name>/", views.move, name="move"),
]
