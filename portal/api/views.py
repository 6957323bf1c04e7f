"""The partner API, `/api/v1/partner/…` (Django REST framework, OAuth 2.0 client credentials with scopes),
described by OpenAPI 3 (`/api/v1/schema/`, `/api/v1/docs/`). See docs/api.md."""

import django_filters
from django.db import transaction
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from oauth2_provider.contrib.rest_framework import OAuth2Authentication, TokenHasScope
from rest_framework import generics, status
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import CursorPagination
from rest_framework.response import Response
from rest_framework.views import APIView

from portal.audit.services import record
from portal.credentials import numbering
from portal.credentials.models import Credential
from portal.regions.models import Province
from portal.statistics import public as statistics

from .serializers import CredentialSerializer, LookupRequestSerializer, LookupResponseSerializer
from .services import holder_of, masked_nik


class PartnerView:
    authentication_classes = [OAuth2Authentication]
    permission_classes = [TokenHasScope]


class ChangedFirst(CursorPagination):
    """Oldest change first, so a partner synchronises by following `next` and keeps the last cursor. A page
    size that is not a number from 1 to 500, or a cursor we did not give, is a 400 with the reason (DRF
    would quietly cap the one and answer 404 to the other)."""

    ordering = ("updated_at", "id")
    page_size = 100
    page_size_query_param = "page_size"
    max_page_size = 500

    def get_page_size(self, request):
        asked = request.query_params.get(self.page_size_query_param)
        if asked is None:
            return self.page_size
        if not asked.isdigit() or not 1 <= int(asked) <= self.max_page_size:
            raise ValidationError({self.page_size_query_param: [
                f"A whole number from 1 to {self.max_page_size} (default {self.page_size})."]})
        return int(asked)

    def decode_cursor(self, request):
        try:
            return super().decode_cursor(request)
        except NotFound:
            raise ValidationError({self.cursor_query_param: ["Not a cursor this API gave: follow `next`."]}) from None


class CredentialFilter(django_filters.FilterSet):
    changed_since = django_filters.IsoDateTimeFilter(field_name="updated_at", lookup_expr="gte")
    kind = django_filters.ChoiceFilter(choices=Credential.Kind.choices)
    status = django_filters.ChoiceFilter(choices=Credential.Status.choices)
    province = django_filters.ModelChoiceFilter(field_name="province", to_field_name="code", queryset=Province.objects.all())

    class Meta:
        model = Credential
        fields = ["changed_since", "kind", "status", "province"]


@extend_schema(tags=["credentials"], summary="Certificates and accreditations, oldest change first")
class CredentialList(PartnerView, generics.ListAPIView):
    """Every credential, filtered; with `changed_since` (ISO 8601) the ones changed since then (issued,
    suspended, revoked, reinstated, expired), for synchronisation. Scope `credentials:read`."""

    required_scopes = ["credentials:read"]
    serializer_class = CredentialSerializer
    pagination_class = ChangedFirst
    filterset_class = CredentialFilter
    queryset = Credential.objects.exclude(number="").select_related("province")


@extend_schema(tags=["credentials"], summary="One certificate or accreditation by its number")
class CredentialDetail(PartnerView, generics.RetrieveAPIView):
    """By number, typed in any case, with or without dashes. Scope `credentials:read`."""

    required_scopes = ["credentials:read"]
    serializer_class = CredentialSerializer
    queryset = Credential.objects.exclude(number="").select_related("province")
    lookup_url_kwarg = "number"

    def get_object(self):
        compact = numbering.normalise(self.kwargs["number"])
        return generics.get_object_or_404(self.get_queryset(), lookup=compact)


class RegisterFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=Credential.Kind.choices)
    province = django_filters.ModelChoiceFilter(field_name="province", to_field_name="code", queryset=Province.objects.all())

    class Meta:
        model = Credential
        fields = ["kind", "province"]


@extend_schema(tags=["register"], summary="The public register: credentials valid today")
class Register(CredentialList):
    """The certificates and accreditations in force today (not suspended, revoked or expired). Scope
    `credentials:read`."""

    filterset_class = RegisterFilter

    def get_queryset(self):
        return super().get_queryset().filter(status=Credential.Status.VALID, valid_until__gte=timezone.localdate())


@extend_schema(tags=["statistics"], summary="The public statistics (small counts suppressed)", responses={200: dict})
class Statistics(PartnerView, APIView):
    """The figures of `/statistics/`: per province and scheme (workers) or grade (LKS), suppressed as there
    ("<5", "x"). Scope `statistics:read`."""

    required_scopes = ["statistics:read"]

    def get(self, request):
        figures = statistics.figures()

        def table(t):
            return {
                "columns": t.columns,
                "rows": [{"province_code": code, "province": name, "counts": cells, "total": total}
                         for code, name, cells, total in t.rows],
                "column_totals": t.column_totals, "total": t.total,
            }

        return Response({"computed_at": figures.computed_at.isoformat(), "workers": table(figures.workers),
                         "lks": table(figures.lks)})


@extend_schema(
    tags=["registry"], summary="Is this person certified? (by NIK)",
    request=LookupRequestSerializer, responses={200: LookupResponseSerializer},
)
class Lookup(PartnerView, APIView):
    """Yes or no, and the public facts of their certificates; never the profile. The NIK travels in the body
    (never in a URL or a log line). Every call is audited with the partner's name. Scope `registry:lookup`."""

    required_scopes = ["registry:lookup"]

    def post(self, request):
        form = LookupRequestSerializer(data=request.data)
        if not form.is_valid():
            return Response(form.errors, status=status.HTTP_400_BAD_REQUEST)
        nik = form.validated_data["nik"]
        holder = holder_of(nik)
        credentials = []
        if holder is not None:
            credentials = list(
                Credential.objects.filter(holder_id=holder, kind=Credential.Kind.WORKER_CERTIFICATE)
                .exclude(number="").select_related("province").order_by("-issued_on")
            )
        certified = any(c.effective_status == Credential.Status.VALID for c in credentials)
        partner = getattr(request.auth.application, "partner", None)
        with transaction.atomic():
            record(None, "api.registry_lookup", partner, request=request, after={
                "client": partner.organisation if partner else request.auth.application.name,
                "nik": masked_nik(nik), "registered": holder is not None, "certified": certified,
            })
        return Response({
            "registered": holder is not None,
            "certified": certified,
            "credentials": CredentialSerializer(credentials, many=True).data,
        })
