"""The handlers' queue as a django-filter FilterSet. The queryset it filters is already scoped to the
user (`Complaint.objects.visible_to`)."""

import re

import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from . import subjects
from .choices import OPEN_STATES, Category, ComplaintStatus
from .models import Complaint

REFERENCE = re.compile(r"(?:PGD)?-?0*([0-9]{1,9})")


class ComplaintFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Reference, name or number"), max_length=100, method="filter_text")
    status = django_filters.ChoiceFilter(
        label=_("Status"), method="filter_status", empty_label=pgettext_lazy("complaints", "Still open"),
        choices=[*ComplaintStatus.choices, ("all", _("All statuses"))],
    )
    subject_kind = django_filters.ChoiceFilter(label=_("About"), choices=[], empty_label=_("Anything"))
    category = django_filters.ChoiceFilter(label=_("Category"), choices=Category.choices, empty_label=_("Any"))
    handler = django_filters.ChoiceFilter(
        label=_("Handler"), method="filter_handler", empty_label=_("Anyone"),
        choices=[("mine", _("Me")), ("none", _("Nobody yet"))],
    )
    overdue = django_filters.ChoiceFilter(
        label=_("Service level"), method="filter_overdue", empty_label=_("Any"), choices=[("yes", _("Overdue"))],
    )

    class Meta:
        model = Complaint
        fields = []

    def __init__(self, data=None, *, user, **kwargs):
        self.user = user
        queryset = Complaint.objects.visible_to(user).select_related("handler")
        super().__init__(data, queryset=queryset, **kwargs)
        self.filters["subject_kind"].extra["choices"] = [
            (k.key, k.label) for k in subjects.kinds() if k.handler_role == user.role
        ]

    @property
    def qs(self):
        queryset = super().qs
        if not getattr(self.form, "cleaned_data", {}).get("status"):  # the default: what is still open
            queryset = queryset.filter(status__in=OPEN_STATES)
        return queryset

    def filter_text(self, queryset, name, value):
        value = value.strip()
        match = REFERENCE.fullmatch(value.upper())
        if match:
            return queryset.filter(pk=int(match.group(1)))
        return queryset.filter(
            Q(subject_name__icontains=value) | Q(credential_number__icontains=value) | Q(contact_name__icontains=value)
        )

    def filter_status(self, queryset, name, value):
        return queryset if value == "all" else queryset.filter(status=value)

    def filter_handler(self, queryset, name, value):
        return queryset.filter(handler=self.user) if value == "mine" else queryset.filter(handler__isnull=True)

    def filter_overdue(self, queryset, name, value):
        return queryset.filter(status__in=OPEN_STATES, due_at__lt=timezone.now())
