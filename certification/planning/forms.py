"""The plan's form (the approach, the kinds of evidence, the methods per unit), the agreement's
confirmation and the adjustments. Bad input comes back beside its field with what was typed."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Adjustments, Approach, EvidenceKind, Method


class PlanForm(forms.Form):
    approach = forms.ChoiceField(label=_("Approach"), choices=Approach.choices, widget=forms.RadioSelect)
    evidence_kinds = forms.MultipleChoiceField(
        label=_("Kinds of evidence the candidate brings"), choices=EvidenceKind.choices, required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    notes = forms.CharField(
        label=_("Notes (context, people involved)"), required=False, max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, units, initial_plan=None, **kwargs):
        initial_plan = initial_plan or {}
        kwargs.setdefault("initial", {
            "approach": initial_plan.get("approach"), "evidence_kinds": initial_plan.get("evidence_kinds", []),
            "notes": initial_plan.get("notes", ""),
        })
        super().__init__(*args, **kwargs)
        self.units = units
        methods = initial_plan.get("methods", {})
        self.unit_fields = []
        for unit in units:
            name = f"m{unit.pk}" if unit is not None else "m0"
            self.fields[name] = forms.MultipleChoiceField(
                label=(f"{unit.code} · {unit.title}" if unit is not None else _("Methods for the scheme")),
                choices=Method.choices, widget=forms.CheckboxSelectMultiple,
                initial=methods.get(unit.pk if unit is not None else None, []),
                error_messages={"required": _("Choose at least one method for this unit.")},
            )
            self.unit_fields.append((unit, name))

    def methods(self):
        """{unit id or None: [codes]} from the cleaned data."""
        return {(unit.pk if unit is not None else None): self.cleaned_data.get(name) or [] for unit, name in self.unit_fields}

    def unit_rows(self):
        return [(unit, self[name]) for unit, name in self.unit_fields]


class ConfirmForm(forms.Form):
    agree = forms.BooleanField(
        label=_("I have read the assessment agreement and the confidentiality statement above and agree to them."),
        error_messages={"required": _("Tick the box to confirm the agreement.")},
    )


class AdjustmentsForm(forms.ModelForm):
    class Meta:
        model = Adjustments
        fields = ["extra_minutes", "reader", "large_print", "separate_room", "interpreter", "other", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}
        error_messages = {"extra_minutes": {"max_value": _("At most 240 extra minutes.")}}
