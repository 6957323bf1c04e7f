from django.urls import path

from . import views

app_name = "credentials"
urlpatterns = [
    # Public, no login (the MFA middleware lets /verify/ and /api/ through).
    path("verify/", views.verify_search, name="search"),
    path("verify/<path:number>/", views.verify, name="verify"),
    path("api/v1/credentials/<path:number>/vc/", views.api_credential_vc, name="api_credential_vc"),
    path("api/v1/credentials/<path:number>/", views.api_credential, name="api_credential"),
    path("api/v1/issuers/<slug:slug>/", views.issuer, name="issuer"),
    path("api/v1/status/<slug:slug>/<slug:purpose>/<int:number>/", views.status_list, name="status_list"),
    path("api/v1/keys/", views.api_keys, name="api_keys"),
    # Holders.
    path("credentials/", views.my_credentials, name="mine"),
    path("credentials/<int:pk>/pdf/", views.download, name="download"),
    path("credentials/<int:pk>/credential.jwt", views.download_vc, name="download_vc"),
    # LSP and BALKS admins.
    path("credentials/manage/", views.manage_list, name="manage"),
    path("credentials/manage/<int:pk>/", views.manage_detail, name="manage_detail"),
    path("credentials/batches/<int:pk>/", views.batch_detail, name="batch"),
    path("credentials/batches/<int:pk>/progress/", views.batch_progress, name="batch_progress"),
]
