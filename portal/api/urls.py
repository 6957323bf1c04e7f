from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from oauth2_provider import views as oauth

from . import views

app_name = "partner_api"
urlpatterns = [
    path("api/v1/oauth/token/", oauth.TokenView.as_view(), name="token"),
    path("api/v1/oauth/revoke/", oauth.RevokeTokenView.as_view(), name="revoke"),
    path("api/v1/partner/credentials/", views.CredentialList.as_view(), name="credentials"),
    path("api/v1/partner/credentials/<path:number>/", views.CredentialDetail.as_view(), name="credential"),
    path("api/v1/partner/register/", views.Register.as_view(), name="register"),
    path("api/v1/partner/statistics/", views.Statistics.as_view(), name="statistics"),
    path("api/v1/partner/lookup/", views.Lookup.as_view(), name="lookup"),
    path("api/v1/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/v1/docs/", SpectacularSwaggerSplitView.as_view(url_name="partner_api:schema"), name="docs"),
]
