"""The forms of the breach register and of the access log's filter."""

import datetime

import django_filters
from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from portal.audit.models import AuditEvent

from . import access, history
from .models import DataCategory

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format=DATETIME_FORMAT)


#: dates outside these years are typing mistakes (and would overflow when shifted to UTC)
YEARS = range(1990, 2200)


class DateTimeField(forms.DateTimeField):
    def to_python(self, value):
        value = super().to_python(value)
        if value is not None and value.year not in YEARS:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return value


def datetime_field(label, *, required=True, help_text=""):
    return DateTimeField(label=label, required=required, help_text=help_text, widget=DateTimeLocalInput(),
                         input_formats=[DATETIME_FORMAT, "%Y-%m-%d %H:%M", "%Y-%m-%d"])


def _not_future(value):
    if value is not None and value > timezone.now():
        raise forms.ValidationError(_("This is in the future."))
    return value


def _person_by_email(email):
    return get_user_model().objects.filter(email__iexact=email.strip()).first()


class BreachForm(forms.Form):
    title = forms.CharField(label=_("What happened, in a line"), max_length=200)
    description = forms.CharField(
        label=_("What happened and how"), max_length=8000, widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("In words the people affected understand: this fills the notice to them."),
    )
    categories = forms.MultipleChoiceField(
        label=_("Categories of personal data involved"), choices=DataCategory.choices, widget=forms.CheckboxSelectMultiple,
    )
    subjects_description = forms.CharField(
        label=_("Whose data"), max_length=4000, widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Who and about how many, e.g. “applicants of the March round in Jawa Barat, about 300”. "
                    "The list of the people affected is made on the incident's page."),
    )
    occurred_from = datetime_field(_("Happening since"), required=False, help_text=_("If known."))
    occurred_until = datetime_field(_("Happening until"), required=False, help_text=_("If known."))
    discovered_at = datetime_field(
        _("Discovered at"), help_text=_("The 3×24 hours to notify the people affected and the authority run from here."),
    )
    discovery = forms.CharField(label=_("How it was discovered"), max_length=4000, widget=forms.Textarea(attrs={"rows": 2}))
    measures = forms.CharField(
        label=_("Measures taken"), max_length=8000, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What was done to stop it, to recover and to protect the people affected."),
    )

    def clean_occurred_from(self):
        return _not_future(self.cleaned_data["occurred_from"])

    def clean_discovered_at(self):
        return _not_future(self.cleaned_data["discovered_at"])

    def clean(self):
        data = super().clean()
        since, until, discovered = data.get("occurred_from"), data.get("occurred_until"), data.get("discovered_at")
        if since and until and until < since:
            self.add_error("occurred_until", _("This is before the start."))
        if since and discovered and discovered < since:
            self.add_error("discovered_at", _("This is before the incident started."))
        for name in ("title", "description", "subjects_description", "discovery", "measures"):
            if name in data:
                data[name] = data[name].strip()
        return data


class AuthorityForm(forms.Form):
    authority_notified_at = datetime_field(_("Authority notified at"))
    authority_note = forms.CharField(
        label=_("To whom and how"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("E.g. the letter's number and the institution it went to."),
    )

    def __init__(self, *args, breach, **kwargs):
        self.breach = breach
        super().__init__(*args, **kwargs)

    def clean_authority_notified_at(self):
        value = _not_future(self.cleaned_data["authority_notified_at"])
        if value < self.breach.discovered_at:
            raise forms.ValidationError(_("This is before the discovery."))
        return value


class NoticeForm(forms.Form):
    notice_id = forms.CharField(label=_("Notice in Indonesian"), max_length=12000, widget=forms.Textarea(attrs={"rows": 12}))
    notice_en = forms.CharField(label=_("Notice in English"), max_length=12000, widget=forms.Textarea(attrs={"rows": 12}))


class TraceForm(forms.Form):
    """Which audit events the breach concerns: a misused account and/or kinds of action, in a window."""

    actor = forms.EmailField(
        label=_("Account misused (e-mail)"), required=False,
        help_text=_("The events this account made. Leave empty to take every account's."),
    )
    actions = forms.MultipleChoiceField(
        label=_("Kinds of action"), required=False, widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: every kind of action of the account."),
    )
    since = datetime_field(_("From"))
    until = datetime_field(_("Until"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["actions"].choices = sorted(access.labels().items(), key=lambda item: str(item[1]))

    def clean_actor(self):
        email = self.cleaned_data["actor"]
        if not email:
            return None
        person = _person_by_email(email)
        if person is None:
            raise forms.ValidationError(_("No account has this e-mail address."))
        return person

    def clean(self):
        data = super().clean()
        since, until = data.get("since"), data.get("until")
        if since and until and until <= since:
            self.add_error("until", _("This is not after the start."))
        if not self.errors and data.get("actor") is None and not data.get("actions"):
            raise forms.ValidationError(_("Choose the account misused, kinds of action, or both."))
        return data

    def criteria(self):
        data = self.cleaned_data
        return {"actor": data["actor"].email if data["actor"] else None, "actions": list(data["actions"]),
                "since": data["since"].isoformat(), "until": data["until"].isoformat()}


class AddPersonForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address of the person"))

    def clean_email(self):
        person = _person_by_email(self.cleaned_data["email"])
        if person is None:
            raise forms.ValidationError(_("No account has this e-mail address."))
        return person


class NoteForm(forms.Form):
    note = forms.CharField(label=_("Note"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))


class AccessLogFilter(django_filters.FilterSet):
    """The accesses to personal data in the audit trail, newest first."""

    actor = django_filters.CharFilter(label=_("By (e-mail)"), max_length=254, method="filter_actor")
    action = django_filters.ChoiceFilter(label=_("Access"), choices=[], empty_label=_("Any"))
    person = django_filters.CharFilter(label=_("Whose data (e-mail)"), max_length=254, method="filter_person")
    record = django_filters.CharFilter(label=pgettext_lazy("access log", "Record"), max_length=100, field_name="object_repr", lookup_expr="icontains")
    since = django_filters.DateFilter(label=_("From (date)"), field_name="created_at", method="filter_since",
                                      widget=forms.DateInput(attrs={"type": "date"}))
    until = django_filters.DateFilter(label=_("Until (date)"), field_name="created_at", method="filter_until",
                                      widget=forms.DateInput(attrs={"type": "date"}))

    class Meta:
        model = AuditEvent
        fields = []

    def __init__(self, data=None, **kwargs):
        super().__init__(data, queryset=access.access_events().select_related("content_type"), **kwargs)
        self.filters["action"].extra["choices"] = sorted(access.labels().items(), key=lambda item: str(item[1]))

    def filter_actor(self, queryset, name, value):
        actor = _person_by_email(value)
        return queryset.filter(actor=actor) if actor is not None else queryset.none()

    def filter_person(self, queryset, name, value):
        person = _person_by_email(value)
        if person is None:
            return queryset.none()
        return queryset.filter(history.record_filter(person))

    @staticmethod
    def _day_start(value):
        """Midnight of the day in Asia/Jakarta; None for a year nobody means."""
        if value.year not in YEARS:
            return None
        return timezone.make_aware(datetime.datetime.combine(value, datetime.time.min))

    def filter_since(self, queryset, name, value):
        start = self._day_start(value)
        return queryset.filter(created_at__gte=start) if start else queryset.none()

    def filter_until(self, queryset, name, value):
        start = self._day_start(value)
        return queryset.filter(created_at__lt=start + datetime.timedelta(days=1)) if start else queryset.none()
