"""Forms: an item (its current version's content), the import, the blueprint."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from certification.competency.models import SchemeVersion, Unit
from certification.models import Scheme
from portal.documents.forms import DocumentField

from . import spreadsheet
from .models import MAX_OPTIONS, Attempt, AttemptStatus, Blueprint, Difficulty, Domain

LETTERS = "ABCDE"


class ItemForm(forms.Form):
    scheme = forms.ModelChoiceField(label=_("Scheme"), queryset=Scheme.objects.all(), empty_label=None)
    unit = forms.ModelChoiceField(
        label=_("Unit of competency"), queryset=Unit.objects.none(), required=False,
        help_text=_("Optional: a unit of the scheme's published version."),
    )
    domain = forms.ChoiceField(label=_("Domain"), choices=Domain.choices, widget=forms.RadioSelect)
    difficulty = forms.ChoiceField(label=_("Difficulty"), choices=Difficulty.choices, initial=Difficulty.MEDIUM)
    stem = forms.CharField(label=_("Question (stem)"), max_length=4000, widget=forms.Textarea(attrs={"rows": 4}))
    option_a = forms.CharField(label=_("Option A"), max_length=1000)
    option_b = forms.CharField(label=_("Option B"), max_length=1000)
    option_c = forms.CharField(label=_("Option C"), max_length=1000)
    option_d = forms.CharField(label=_("Option D"), max_length=1000)
    option_e = forms.CharField(label=_("Option E (optional)"), max_length=1000, required=False)
    key = forms.ChoiceField(label=_("Key (the correct option)"), choices=[(c, c) for c in LETTERS], widget=forms.RadioSelect)
    rationale = forms.CharField(label=_("Rationale"), max_length=4000, required=False, widget=forms.Textarea(attrs={"rows": 3}))
    image = DocumentField(label=_("Image (optional)"), required=False, images_only=True)

    def __init__(self, *args, item=None, version=None, **kwargs):
        initial = kwargs.pop("initial", {}) or {}
        if version is not None:
            initial |= {
                "scheme": item.scheme_id, "unit": version.unit_id, "domain": version.domain,
                "difficulty": version.difficulty, "stem": version.stem, "key": LETTERS[version.key],
                "rationale": version.rationale,
            }
            for i, text in enumerate(version.options):
                initial[f"option_{LETTERS[i].lower()}"] = text
        super().__init__(*args, initial=initial, **kwargs)
        self.item = item
        self.version = version
        units = Unit.objects.filter(version__published_at__isnull=False).select_related("version__scheme")
        self.fields["unit"].queryset = units
        self.fields["unit"].label_from_instance = lambda u: f"{u.version.scheme.code} · {u.code} {u.title}"
        if item is not None:
            self.fields["scheme"].disabled = True

    def clean(self):
        data = super().clean()
        options = [data.get(f"option_{c.lower()}", "") for c in LETTERS]
        if not options[-1]:
            options.pop()
        if all(options) and len(set(options)) != len(options):
            self.add_error("option_a", _("Two options have the same text."))
        key = data.get("key")
        if key and LETTERS.index(key) >= len(options):
            self.add_error("key", _("The key must be one of the filled options."))
        scheme, unit = data.get("scheme") or (self.item.scheme if self.item else None), data.get("unit")
        if unit and scheme:
            current = SchemeVersion.objects.current_for(scheme.pk)
            if current is None or unit.version_id != current.pk:
                self.add_error("unit", _("Choose a unit of the scheme's published version."))
        data["options"] = options
        return data

    def content(self, image=None):
        data = self.cleaned_data
        return {
            "unit": data.get("unit"), "domain": data["domain"], "difficulty": data["difficulty"], "stem": data["stem"].strip(),
            "options": data["options"][:MAX_OPTIONS], "key": LETTERS.index(data["key"]), "rationale": data.get("rationale", "").strip(),
            "image": image if image is not None else (self.version.image if self.version else None),
        }


class ImportForm(forms.Form):
    scheme = forms.ModelChoiceField(label=_("Scheme"), queryset=Scheme.objects.all(), empty_label=None)
    file = forms.FileField(
        label=_("Spreadsheet (XLSX or CSV)"), help_text=_("One row per item; the columns are listed beside the form."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.parsed = None

    def clean(self):
        data = super().clean()
        upload, scheme = data.get("file"), data.get("scheme")
        if upload and scheme:
            try:
                rows = spreadsheet.read_upload(upload)
            except forms.ValidationError as error:
                self.add_error("file", error)
            else:
                self.parsed = spreadsheet.parse_items(rows, scheme)
        return data


class BlueprintForm(forms.ModelForm):
    """The blueprint, with an optional number of items for each unit of the scheme's published version
    (`units`): empty is no quota; the quotas together at most the number of items."""

    class Meta:
        model = Blueprint
        fields = ["item_count", "time_limit_minutes", "pass_mark", "share_knowledge", "share_values", "share_skills", "shuffle_options"]

    def __init__(self, *args, units=(), quotas=None, **kwargs):
        super().__init__(*args, **kwargs)
        quotas = quotas or {}
        self.units = list(units)
        for unit in self.units:
            self.fields[f"unit_{unit.pk}"] = forms.IntegerField(
                label=f"{unit.code} {unit.title}", required=False, min_value=0, max_value=300, initial=quotas.get(unit.pk),
            )

    @property
    def main_fields(self):
        return [self[name] for name in self.Meta.fields]

    @property
    def unit_fields(self):
        return [self[f"unit_{unit.pk}"] for unit in self.units]

    def clean(self):
        data = super().clean()
        shares = [data.get(name) for name in ("share_knowledge", "share_values", "share_skills")]
        if all(s is not None for s in shares) and sum(shares) != 100:
            self.add_error("share_skills", _("The shares of the domains must add up to 100 %%; now they add up to %(n)s %%.") % {"n": sum(shares)})
        total = sum(data.get(f"unit_{unit.pk}") or 0 for unit in self.units)
        if self.units and data.get("item_count") is not None and total > data["item_count"]:
            self.add_error(f"unit_{self.units[0].pk}", _("The units' items add up to %(sum)s, more than the %(n)s items of the test.")
                           % {"sum": total, "n": data["item_count"]})
        return data

    def quotas(self):
        """{unit: items or None}"""
        return {unit: self.cleaned_data.get(f"unit_{unit.pk}") for unit in self.units}

class AnalysisForm(forms.Form):
    """The item analysis's filter: a scheme, an exam session, the sessions' period (GET)."""

    scheme = forms.ModelChoiceField(label=_("Scheme"), queryset=Scheme.objects.order_by("name"), required=False,
                                    empty_label=_("all schemes"))
    session = forms.ModelChoiceField(label=_("Exam session"), queryset=None, required=False, empty_label=_("all sessions"))
    since = forms.DateField(label=_("Sessions from"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(label=_("until"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from certification.exams.models import ExamSession

        self.fields["session"].queryset = (
            ExamSession.objects.filter(pk__in=Attempt.objects.filter(status=AttemptStatus.SUBMITTED).values("booking__session_id"))
            .select_related("scheme", "province").order_by("-starts_at")
        )
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-select form-select-sm" if isinstance(field, forms.ModelChoiceField) else "form-control form-control-sm"
        self.fields["session"].label_from_instance = lambda s: f"{timezone.localtime(s.starts_at):%Y-%m-%d} · {s}"

    def clean(self):
        data = super().clean()
        if data.get("since") and data.get("until") and data["until"] < data["since"]:
            self.add_error("until", _("The end of the period is before its start."))
        if not self.errors and not (data.get("scheme") or data.get("session")):
            raise forms.ValidationError(_("Choose a scheme or an exam session."))
        return data

    def filters(self):
        return {name: self.cleaned_data.get(name) for name in ("scheme", "session", "since", "until")}
