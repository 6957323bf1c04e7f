from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from certification.assessment import licences
from certification.models import Round, Scheme
from portal.core.numbers import decimal
from registry.models import AssessorProfile

from .models import (
    ExamPolicy,
    ExamSession,
    Result,
    SessionKind,
    SessionMode,
    Tuk,
    TukKind,
    TukVerification,
    VerificationResult,
)
from .services.sessions import session_day
from .services.tuks import tuk_problem, tuk_status


def tuk_label(tuk):
    """A TUK in a choice list: name, city, kind and whether it may host an exam today."""
    _key, status = tuk_status(tuk)
    return f"{tuk.name} — {tuk.province.capital} · {tuk.get_kind_display()} · {status}"

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
            "kind", "scheme", "round", "title", "province", "mode", "tuk", "venue_name", "venue_address", "map_url",
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
        self.fields["province"].required = False  # an exam at a TUK takes the TUK's province
        self.fields["tuk"].queryset = (
            Tuk.objects.filter(province__in=office.provinces.all())
            .select_related("province")
            .prefetch_related("verifications")
            .order_by("province__name", "name")
        )
        self.fields["tuk"].label_from_instance = tuk_label
        self.fields["tuk"].help_text = _(
            "Exams in person take place at a test site verified by the LSP; its name and address become the venue."
        )
        self.fields["tuk"].widget.attrs["data-mode"] = SessionMode.IN_PERSON
        self.fields["venue_name"].help_text = _("Taken from the test site for an exam; typed for a briefing.")
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
        tuk = data.get("tuk") if mode == SessionMode.IN_PERSON else None
        if mode != SessionMode.IN_PERSON:
            data["tuk"] = None
        kind = data.get("kind") or (self.instance.kind if self.instance.pk else None)
        if tuk is not None:
            province = data.get("province")
            if province is None:
                data["province"] = tuk.province
            elif province.pk != tuk.province_id:
                self.add_error("tuk", _("%(tuk)s is in %(province)s: choose that city for the session.") % {
                    "tuk": tuk.name, "province": tuk.province.name,
                })
            data["venue_name"], data["venue_address"] = tuk.name, tuk.address
            if starts and (not self.instance.pk or {"tuk", "starts_at", "mode"} & set(self.changed_data)):
                problem = tuk_problem(tuk, timezone.localtime(starts).date())
                if problem:
                    self.add_error("tuk", _("%(tuk)s cannot host an exam session: %(reason)s.") % {
                        "tuk": tuk.name, "reason": problem,
                    })
        elif "province" not in self.errors and data.get("province") is None:
            self.add_error("province", _("Choose the city."))
        if mode == SessionMode.IN_PERSON and tuk is None:
            legacy = self.instance.pk and self.instance.tuk_id is None and not {"tuk", "mode"} & set(self.changed_data)
            if kind == SessionKind.EXAM and not legacy:
                self.add_error("tuk", _("An exam in person takes place at a test site (TUK): choose one."))
            else:
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

        profiles = licences.with_licences(
            AssessorProfile.objects.filter(is_active=True)
            .select_related("user", "regional_office")
            .annotate(home=Case(When(regional_office=session.regional_office, then=Value(0)), default=Value(1), output_field=IntegerField()))
            .order_by("home", "user__full_name", "pk")
        )
        # Only assessors whose No. Reg. MET covers the scheme on the session's day are offered; the
        # others are listed with the reason (`left_out`).
        allowed, self.left_out = licences.screen(profiles, session.scheme_id, session_day(session))
        self.fields["assessors"].queryset = AssessorProfile.objects.filter(pk__in=[p.pk for p in allowed]).select_related(
            "user", "regional_office"
        ).annotate(
            home=Case(When(regional_office=session.regional_office, then=Value(0)), default=Value(1), output_field=IntegerField())
        ).order_by("home", "user__full_name", "pk")
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
                initial=row.get("suggestion", row["outcome"].suggestion),
                required=False,
            )
            self.fields[f"reason_{pk}"] = forms.CharField(
                label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 2})
            )
            self.fields[f"feedback_{pk}"] = forms.CharField(
                label=_("Feedback for the candidate"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
                initial=row.get("feedback", ""),
            )

    def bound_rows(self):
        for row in self.rows:
            pk = row["booking"].pk
            yield {**row, "result": self[f"result_{pk}"], "reason": self[f"reason_{pk}"], "feedback": self[f"feedback_{pk}"]}

    def clean(self):
        data = super().clean()
        from .services import Decision, plenary_problem

        self.decisions = []
        for row in self.rows:
            pk = row["booking"].pk
            result = data.get(f"result_{pk}")
            if not result:
                continue
            decision = Decision(row["booking"], result, data.get(f"reason_{pk}", ""), data.get(f"feedback_{pk}", ""))
            problem = plenary_problem(decision, row["outcome"], row.get("extra"))
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


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class TukForm(forms.ModelForm):
    """A test site in one of the user's provinces (LSP admins: any)."""

    map_url = forms.URLField(
        label=_("Map link"), max_length=500, required=False, assume_scheme="https",
        widget=forms.URLInput(attrs={"placeholder": "https://maps.google.com/…"}),
    )

    class Meta:
        model = Tuk
        fields = ["name", "kind", "province", "address", "capacity", "facilities", "map_url"]
        widgets = {
            "kind": forms.RadioSelect,
            "address": forms.Textarea(attrs={"rows": 2}),
            "facilities": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        from portal.regions.models import Province

        provinces = Province.objects.select_related("regional_office").order_by("name")
        if not user.is_lsp_admin:
            provinces = provinces.filter(regional_office_id=user.regional_office_id)
        self.fields["province"].queryset = provinces
        self.fields["kind"].choices = TukKind.choices  # no empty radio button
        self.fields["capacity"].error_messages.update({
            "min_value": _("At least one candidate."), "max_value": _("At most 2000 candidates."),
            "invalid": _("Enter a whole number."),
        })

    def clean_map_url(self):
        url = self.cleaned_data.get("map_url")
        if url and not url.lower().startswith(("https://", "http://")):
            raise forms.ValidationError(_("Enter a web address starting with https://."))
        return url

    def clean_name(self):
        return " ".join((self.cleaned_data.get("name") or "").split())


class TukVerificationForm(forms.ModelForm):
    class Meta:
        model = TukVerification
        fields = ["verified_on", "result", "valid_until", "notes"]
        widgets = {
            "verified_on": DateInput(),
            "valid_until": DateInput(),
            "result": forms.RadioSelect,
            "notes": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {"valid_until": _("Required when the site meets the requirements.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["verified_on"].initial = timezone.localdate()
        self.fields["result"].choices = VerificationResult.choices  # no empty radio button
        for name in ("verified_on", "valid_until"):
            self.fields[name].input_formats = ["%Y-%m-%d"]
            self.fields[name].error_messages["invalid"] = _("Enter a date (YYYY-MM-DD).")

    def clean(self):
        data = super().clean()
        verified_on, result, valid_until = data.get("verified_on"), data.get("result"), data.get("valid_until")
        if verified_on and verified_on > timezone.localdate():
            self.add_error("verified_on", _("The verification date cannot be in the future."))
        if result == VerificationResult.PASSED:
            if valid_until is None and "valid_until" not in self.errors:
                self.add_error("valid_until", _("A passed verification needs the date until which it holds."))
            elif valid_until and verified_on and valid_until < verified_on:
                self.add_error("valid_until", _("The verification cannot hold until before it was made."))
        return data
