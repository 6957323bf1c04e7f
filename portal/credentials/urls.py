from django.urls import path

from . import views

app_name = "credentials"
urlpatterns = [
    # Public, no login (the MFA middleware lets /verify/ and /api/ through).
    path("verify/", views.verify_search, name="search"),
    path("verify/<path:number>/", views.verify, name="verify"),
    path("api/v1/credentials/<path:number>/", views.api_credential, name="api_credential"),
    path("api/v1/keys/", views.api_keys, name="api_keys"),
    # Holders.
    path("credentials/", views.my_credentials, name="mine"),
    path("credentials/<int:pk>/pdf/", views.download, name="download"),
    # LSP and BALKS admins.
    path("credentials/manage/", views.manage_list, name="manage"),
    path("credentials/manage/<int:pk>/", views.manage_detail, name="manage_detail"),
    path("credentials/batches/<int:pk>/", views.batch_detail, name="batch"),
    path("credentials/batches/<int:pk>/progress/", views.batch_progress, name="batch_progress"),
]
