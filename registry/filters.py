"""The staff search of the worker register as a django-filter FilterSet: each filter declares its form
field and its query in one place. The queryset it filters is already scoped to the user
(`WorkerProfile.objects.visible_to`); the page stays a keyset page (`queries.keyset_page`), so no
page counts the matching rows."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from portal.regions.models import Province

from .choices import CertificationStatus, EducationLevel, RoleType
from .forms import WorkerSearchForm
from .models import WorkerProfile, normalize_name
from .queries import nik_prefix_range

SORTS = [
    ("name", _("Name A–Z")),
    ("-name", _("Name Z–A")),
    ("-created", _("Newest first")),
    ("created", _("Oldest first")),
]


class WorkerFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Name"), max_length=100, method="filter_name")
    nik = django_filters.CharFilter(
        label=_("NIK starts with"), max_length=16, method="filter_nik",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    province = django_filters.ModelChoiceFilter(
        label=_("Province"), queryset=Province.objects.none(), empty_label=_("All provinces")
    )
    role_type = django_filters.ChoiceFilter(label=_("Current role"), choices=RoleType.choices, empty_label=_("Any"))
    education = django_filters.ChoiceFilter(
        field_name="highest_education", label=_("Highest education"), choices=EducationLevel.choices,
        empty_label=_("Any"),
    )
    social_work = django_filters.ChoiceFilter(
        label=_("Social-work education"), choices=[("yes", _("Yes")), ("no", _("No"))], empty_label=_("Any"),
        method="filter_social_work",
    )
    status = django_filters.ChoiceFilter(
        field_name="certification_status", label=_("Certification status"), choices=CertificationStatus.choices,
        empty_label=_("Any"),
    )
    #: read by the keyset page, not a filter of the rows
    sort = django_filters.ChoiceFilter(label=_("Sort by"), choices=SORTS, empty_label=None, method="keep_rows")

    class Meta:
        model = WorkerProfile
        fields = []
        form = WorkerSearchForm

    def __init__(self, data=None, *, user, **kwargs):
        super().__init__(data, queryset=WorkerProfile.objects.visible_to(user), **kwargs)
        provinces = Province.objects.order_by("name")
        if not user.is_portal_admin:
            provinces = provinces.filter(regional_office_id=user.regional_office_id)
        self.filters["province"].queryset = provinces

    def filter_name(self, queryset, name, value):
        return queryset.filter(name_search__contains=normalize_name(value))

    def filter_nik(self, queryset, name, value):
        return queryset.filter(nik_prefix_range(value))

    def filter_social_work(self, queryset, name, value):
        return queryset.filter(social_work_education=value == "yes")

    def keep_rows(self, queryset, name, value):
        return queryset
