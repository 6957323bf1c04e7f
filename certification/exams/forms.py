from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from certification.models import Round, Scheme
from portal.core.numbers import decimal
from registry.models import AssessorProfile

from .models import ExamPolicy, ExamSession, Result, SessionMode

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format=DATETIME_FORMAT)


class ProvinceChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.capital} ({obj.name})"


class ExamSessionForm(forms.ModelForm):
    """A session of the secretariat's regional office, in the capital of one of its provinces."""

    map_url = forms.URLField(
        label=_("Map link"), max_length=500, required=False, assume_scheme="https",
        widget=forms.URLInput(attrs={"placeholder": "https://maps.google.com/…"}),
    )
    meeting_url = forms.URLField(
        label=_("Meeting link"), max_length=500, required=False, assume_scheme="https",
        widget=forms.URLInput(attrs={"placeholder": "https://…"}),
    )

    class Meta:
        model = ExamSession
        fields = [
            "kind", "scheme", "round", "title", "province", "mode", "venue_name", "venue_address", "map_url",
            "meeting_url", "starts_at", "ends_at", "capacity", "cancel_cutoff_hours", "pass_mark", "instructions",
            "is_published",
        ]
        widgets = {
            "kind": forms.RadioSelect,
            "mode": forms.RadioSelect,
            "starts_at": DateTimeLocalInput(),
            "ends_at": DateTimeLocalInput(),
            "venue_address": forms.Textarea(attrs={"rows": 2}),
            "instructions": forms.Textarea(attrs={"rows": 3}),
        }
        field_classes = {"province": ProvinceChoiceField}
        help_texts = {
            "title": _("Optional; by default the type, scheme and city."),
            "capacity": _("Seats in the room (or the online meeting). A waitlist opens when they are taken."),
            "pass_mark": _("The computed suggestion is Kompeten from this total, when every component reaches its minimum."),
        }

    def __init__(self, *args, office, **kwargs):
        super().__init__(*args, **kwargs)
        self.office = office
        self.fields["province"].queryset = office.provinces.order_by("name")
        self.fields["province"].label = _("City (provincial capital)")
        self.fields["scheme"].queryset = Scheme.objects.filter(is_active=True)
        self.fields["round"].queryset = Round.objects.select_related("scheme").order_by("-opens_at")
        self.fields["starts_at"].input_formats = [DATETIME_FORMAT]
        self.fields["ends_at"].input_formats = [DATETIME_FORMAT]
        for name in ("venue_name", "venue_address", "map_url"):
            self.fields[name].widget.attrs["data-mode"] = SessionMode.IN_PERSON
        self.fields["meeting_url"].widget.attrs["data-mode"] = SessionMode.ONLINE
        if self.instance.pk:
            self.fields["kind"].disabled = True
            self.fields["scheme"].disabled = True
            self.fields["kind"].help_text = _("The type and scheme of a session cannot change once it exists.")

    def clean(self):
        data = super().clean()
        starts, ends = data.get("starts_at"), data.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", _("The session must end after it starts."))
        if starts and (not self.instance.pk or "starts_at" in self.changed_data) and starts <= timezone.now():
            self.add_error("starts_at", _("Choose a time in the future."))
        mode = data.get("mode")
        if mode == SessionMode.ONLINE and not data.get("meeting_url"):
            self.add_error("meeting_url", _("An online session needs its meeting link."))
        if mode == SessionMode.IN_PERSON:
            if not (data.get("venue_name") or "").strip():
                self.add_error("venue_name", _("Name the venue (building or office)."))
            if not (data.get("venue_address") or "").strip():
                self.add_error("venue_address", _("Give the venue's street address."))
        for name in ("map_url", "meeting_url"):
            url = data.get(name)
            if url and not url.lower().startswith(("https://", "http://")):
                self.add_error(name, _("Enter a web address starting with https://."))
        scheme, round_ = data.get("scheme") or self.instance_scheme(), data.get("round")
        if round_ is not None and scheme is not None and round_.scheme_id != scheme.pk:
            self.add_error("round", _("This round belongs to another scheme."))
        capacity = data.get("capacity")
        if capacity and self.instance.pk:
            taken = self.instance.bookings.confirmed().count()
            if capacity < taken:
                self.add_error(
                    "capacity",
                    _("%(taken)s seats are booked; cancel bookings first or keep at least %(taken)s seats.") % {"taken": taken},
                )
        return data

    def instance_scheme(self):
        return self.instance.scheme if self.instance.pk else None


class ComponentsForm(forms.Form):
    """Weights of the session's components and of the cognitive test's parts, and the minimums."""

    def __init__(self, *args, components, **kwargs):
        super().__init__(*args, **kwargs)
        self.components = components
        self.rows = []
        for component in components:
            weight = f"weight_{component.pk}"
            minimum = f"min_{component.pk}"
            self.fields[weight] = forms.DecimalField(
                label=_("Weight"), min_value=Decimal("0.01"), max_value=100, decimal_places=2, initial=component.weight
            )
            self.fields[minimum] = forms.DecimalField(
                label=_("Minimum score"), min_value=0, max_value=100, decimal_places=2, initial=component.min_score
            )
            parts = []
            multi = [p for p in component.parts.all() if p.kind != "score"]
            for part in multi:
                name = f"part_{part.pk}"
                self.fields[name] = forms.DecimalField(
                    label=part.get_kind_display(), min_value=Decimal("0.01"), max_value=100, decimal_places=2, initial=part.weight
                )
                parts.append((part, name))
            self.rows.append({"component": component, "weight": weight, "min": minimum, "parts": parts})

    def bound_rows(self):
        for row in self.rows:
            yield {
                "component": row["component"],
                "weight": self[row["weight"]],
                "min": self[row["min"]],
                "parts": [self[name] for _part, name in row["parts"]],
            }

    def values(self):
        return {
            row["component"]: {
                "weight": self.cleaned_data[row["weight"]],
                "min_score": self.cleaned_data[row["min"]],
                "parts": {part: self.cleaned_data[name] for part, name in row["parts"]},
            }
            for row in self.rows
        }


class AssessorChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.user.get_full_name()} — {obj.institution} ({obj.regional_office.code})"


class AssessorsForm(forms.Form):
    assessors = AssessorChoiceField(
        label=_("Assessors"),
        queryset=AssessorProfile.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Candidates are shared among them; nobody assesses a candidate they have a conflict of interest with."),
    )

    def __init__(self, *args, session, **kwargs):
        super().__init__(*args, **kwargs)
        from django.db.models import Case, IntegerField, Value, When

        self.fields["assessors"].queryset = (
            AssessorProfile.objects.filter(is_active=True)
            .select_related("user", "regional_office")
            .annotate(home=Case(When(regional_office=session.regional_office, then=Value(0)), default=Value(1), output_field=IntegerField()))
            .order_by("home", "user__full_name", "pk")
        )
        self.fields["assessors"].initial = list(session.assessors.values_list("pk", flat=True))


class AllocateForm(forms.Form):
    applications = forms.ModelMultipleChoiceField(
        label=_("Candidates"), queryset=None, widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Select at least one candidate.")},
    )

    def __init__(self, *args, queryset, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["applications"].queryset = queryset
        self.fields["applications"].label_from_instance = lambda a: f"{a.applicant.get_full_name()} · {a.reference}"


class CheckInForm(forms.Form):
    code = forms.CharField(
        label=_("Code on the admission card"),
        max_length=200,
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false", "placeholder": "ABCD-EFGH",
                   "inputmode": "text", "class": "form-control-lg checkin-code"}
        ),
    )


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("Reason (optional)"), max_length=300, required=False)


class StaffCancelForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=300, error_messages={"required": _("Give the reason for the cancellation.")})


class ScoreForm(forms.Form):
    """One field (0–100) per part that applies to the candidate; empty fields are saved empty."""

    def __init__(self, *args, components, scores, note="", disabled=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.groups = []
        for component in components:
            names = []
            for part in component.parts.all():
                name = f"part_{part.pk}"
                if part.kind == "score":
                    label = _("Score (0–100)")
                else:
                    label = _("%(part)s (weight %(weight)s)") % {
                        "part": part.get_kind_display(), "weight": decimal(part.weight)
                    }
                self.fields[name] = forms.DecimalField(
                    label=label,
                    required=False,
                    min_value=0,
                    max_value=100,
                    decimal_places=2,
                    initial=scores.get(part.pk),
                    disabled=disabled,
                    error_messages={
                        "invalid": _("Enter a number from 0 to 100."),
                        "min_value": _("Scores are from 0 to 100."),
                        "max_value": _("Scores are from 0 to 100."),
                        "max_decimal_places": _("At most two decimals."),
                    },
                    widget=forms.NumberInput(
                        attrs={"inputmode": "decimal", "step": "0.01", "min": "0", "max": "100", "class": "score-input"}
                    ),
                )
                self.fields[name].part = part
                names.append(name)
            self.groups.append((component, names))
        self.fields["note"] = forms.CharField(
            label=_("Note for the plenary (optional)"), required=False, initial=note, disabled=disabled,
            widget=forms.Textarea(attrs={"rows": 2}),
        )

    def bound_groups(self):
        for component, names in self.groups:
            yield component, [self[name] for name in names]

    def values(self):
        return {self.fields[name].part.pk: self.cleaned_data.get(name) for name in self.fields if name.startswith("part_")}


class PlenaryForm(forms.Form):
    """A decision per candidate, prefilled with the computed suggestion; a reason where it differs."""

    def __init__(self, *args, rows, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = rows
        for row in rows:
            pk = row["booking"].pk
            self.fields[f"result_{pk}"] = forms.ChoiceField(
                label=_("Decision"),
                choices=Result.choices,
                widget=forms.RadioSelect,
                initial=row["outcome"].suggestion,
                required=False,
            )
            self.fields[f"reason_{pk}"] = forms.CharField(
                label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 2})
            )
            self.fields[f"feedback_{pk}"] = forms.CharField(
                label=_("Feedback for the candidate"), required=False, widget=forms.Textarea(attrs={"rows": 2})
            )

    def bound_rows(self):
        for row in self.rows:
            pk = row["booking"].pk
            yield {**row, "result": self[f"result_{pk}"], "reason": self[f"reason_{pk}"], "feedback": self[f"feedback_{pk}"]}

    def clean(self):
        data = super().clean()
        from .services import Decision, decision_problem

        self.decisions = []
        for row in self.rows:
            pk = row["booking"].pk
            result = data.get(f"result_{pk}")
            if not result:
                continue
            decision = Decision(row["booking"], result, data.get(f"reason_{pk}", ""), data.get(f"feedback_{pk}", ""))
            problem = decision_problem(decision, row["outcome"])
            if problem:
                self.add_error(f"reason_{pk}", problem)
            self.decisions.append(decision)
        if not self.decisions and not self.errors:
            raise forms.ValidationError(_("Decide for at least one candidate."))
        return data


class ExamPolicyForm(forms.ModelForm):
    class Meta:
        model = ExamPolicy
        fields = ["allow_other_regions", "max_attempts", "rebook_after_no_show", "rebook_after_not_yet_competent"]
