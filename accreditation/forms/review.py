"""The desk review, the visitation's planning, the plenary's decision and the queue's filter."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from portal.core.review import forms as checklist
from registry.models import AssessorProfile

from ..choices import Grade
from ..workflows import AccreditationStatus
from .common import date_field


class ReviewItemForm(checklist.ReviewItemForm):
    """`item` is the line's key ("indicator:12", "legal:npwp", "recommendation")."""

    note = forms.CharField(label=_("Note for the LKS"), required=False, max_length=2000)


class DeskDecisionForm(forms.Form):
    action = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            ("return_for_revision", _("Return for revision")),
            ("accept_for_visitation", _("Accept for visitation")),
        ],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label=_("Note or reason"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def clean(self):
        data = super().clean()
        if data.get("action") == "return_for_revision" and not (data.get("note") or "").strip():
            self.add_error("note", gettext("Please write a reason."))
        return data


class AssessorChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.user.full_name or obj.user.email} · {obj.institution}"


class VisitationForm(forms.Form):
    date = date_field(_("Date of the visit"), past=False)
    start_time = forms.TimeField(label=_("Start time"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    duration_hours = forms.IntegerField(label=_("Duration (hours)"), min_value=1, max_value=24, initial=6)
    assessors = AssessorChoiceField(
        label=_("Team"), queryset=AssessorProfile.objects.none(), widget=forms.CheckboxSelectMultiple,
        error_messages={
            "invalid_choice": _(
                "An assessor who is not active or has a conflict of interest with this LKS cannot be chosen."
            )
        },
    )
    lead = forms.ModelChoiceField(label=_("Team lead"), queryset=AssessorProfile.objects.none())
    notes = forms.CharField(
        label=_("Notes for the team and the LKS"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )

    def __init__(self, *args, candidates, minimum=2, **kwargs):
        super().__init__(*args, **kwargs)
        self.candidates = candidates  # [(assessor, reason or None)]
        self.minimum = minimum
        allowed = [a.pk for a, reason in candidates if reason is None]
        queryset = AssessorProfile.objects.filter(pk__in=allowed).select_related("user")
        self.fields["assessors"].queryset = queryset
        self.fields["lead"].queryset = queryset
        self.fields["lead"].empty_label = _("Choose the lead")
        self.fields["start_time"].initial = "09:00"

    def clean_date(self):
        from django.utils import timezone

        value = self.cleaned_data["date"]
        if value < timezone.localdate():
            raise ValidationError(gettext("The visit cannot be in the past."))
        return value

    def clean(self):
        data = super().clean()
        team = list(data.get("assessors") or [])
        if "assessors" not in self.errors and len(team) < self.minimum:
            self.add_error("assessors", gettext("Choose at least %(n)s assessors.") % {"n": self.minimum})
        lead = data.get("lead")
        if lead is not None and team and lead not in team:
            self.add_error("lead", gettext("The team lead must be one of the team."))
        return data

    def candidate_rows(self):
        chosen = {str(v) for v in (self.data.getlist(self.add_prefix("assessors")) if self.is_bound else [])}
        if not self.is_bound and self.initial.get("assessors"):
            chosen = {str(a.pk) for a in self.initial["assessors"]}
        return [
            {"assessor": a, "reason": reason, "checked": str(a.pk) in chosen, "id": f"assessor-{a.pk}"}
            for a, reason in self.candidates
        ]


class DecisionForm(forms.Form):
    grade = forms.ChoiceField(label=_("Grade"), choices=Grade.choices, widget=forms.RadioSelect)
    reason = forms.CharField(
        label=_("Reason for overriding the suggested grade"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when the grade differs from the suggested grade; it is recorded in the audit trail."),
        max_length=4000,
    )

    def __init__(self, *args, suggested, **kwargs):
        super().__init__(*args, **kwargs)
        self.suggested = suggested
        self.fields["grade"].initial = suggested

    def clean(self):
        data = super().clean()
        if data.get("grade") and data["grade"] != self.suggested and not (data.get("reason") or "").strip():
            self.add_error("reason", gettext("Overriding the suggested grade needs a reason."))
        return data


class QueueFilterForm(forms.Form):
    STATUS_CHOICES = [
        ("", _("Waiting for the desk review")),
        (AccreditationStatus.REVISION_REQUESTED, AccreditationStatus.REVISION_REQUESTED.label),
        (AccreditationStatus.DESK_ACCEPTED, AccreditationStatus.DESK_ACCEPTED.label),
        (AccreditationStatus.VISITATION_SCHEDULED, AccreditationStatus.VISITATION_SCHEDULED.label),
        (AccreditationStatus.VISITED, AccreditationStatus.VISITED.label),
        (AccreditationStatus.DECIDED, AccreditationStatus.DECIDED.label),
        (AccreditationStatus.CERTIFIED, AccreditationStatus.CERTIFIED.label),
        ("all", _("All")),
    ]
    q = forms.CharField(label=_("LKS name or reference"), required=False, max_length=100)
    status = forms.ChoiceField(label=_("Status"), choices=STATUS_CHOICES, required=False)
