"""The admins' credential list as a django-filter FilterSet. The queryset it filters is already scoped
to the user (`Credential.objects.managed_by`)."""

import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import Credential


class CredentialFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Number or holder name"), max_length=100, method="filter_text")
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Credential.Status.choices, empty_label=_("All statuses"), method="filter_status"
    )

    class Meta:
        model = Credential
        fields = []

    def __init__(self, data=None, *, user, **kwargs):
        super().__init__(data, queryset=Credential.objects.managed_by(user).select_related("province"), **kwargs)

    def filter_text(self, queryset, name, value):
        return queryset.matching(value)

    def filter_status(self, queryset, name, value):
        """As the holder and the public page see it: a valid credential past its end date is expired."""
        today = timezone.localdate()
        if value == Credential.Status.VALID:
            return queryset.filter(status=value, valid_until__gte=today)
        if value == Credential.Status.EXPIRED:
            return queryset.filter(Q(status=value) | Q(status=Credential.Status.VALID, valid_until__lt=today))
        return queryset.filter(status=value)
