"""Forms of the decision per unit (one decision, evidence and note per unit), the report, the review and
the candidate's feedback. Fields are built from the units and the standard content; what a submission
needs is the services' rule, reported beside the fields."""

from django import forms
from django.utils.translation import gettext_lazy as _

from . import standard
from .models import Decision, EvidenceMethod


class DecisionsForm(forms.Form):
    def __init__(self, *args, units, decisions, inputs=None, disabled=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.units = units
        self.rows = []
        inputs = inputs or {}
        for unit in units:
            current = decisions.get(unit.pk)
            self.fields[f"d{unit.pk}"] = forms.ChoiceField(
                label=_("Decision"), choices=Decision.choices, required=False, widget=forms.RadioSelect,
                initial=current.decision if current else None, disabled=disabled,
            )
            self.fields[f"m{unit.pk}"] = forms.MultipleChoiceField(
                label=_("Evidence used"), choices=EvidenceMethod.choices, required=False,
                widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
                initial=current.methods if current else [], disabled=disabled,
            )
            self.fields[f"n{unit.pk}"] = forms.CharField(
                label=_("Note"), required=False, max_length=2000, disabled=disabled,
                widget=forms.Textarea(attrs={"rows": 2}), initial=current.note if current else "",
            )
            self.rows.append((unit, f"d{unit.pk}", f"m{unit.pk}", f"n{unit.pk}", inputs.get(unit.pk, [])))

    def values(self):
        return {
            unit: (self.cleaned_data.get(d) or "", list(self.cleaned_data.get(m) or []), self.cleaned_data.get(n) or "")
            for unit, d, m, n, _inputs in self.rows
        }

    def unit_rows(self):
        return [(unit, self[d], self[m], self[n], inputs) for unit, d, m, n, inputs in self.rows]


class ReportForm(forms.Form):
    notes = forms.CharField(label=_("Notes on the candidate"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, not_yet_units, report=None, disabled=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["notes"].initial = report.notes if report else ""
        self.fields["notes"].disabled = disabled
        self.gap_fields = []
        gaps = report.gaps if report else {}
        for unit in not_yet_units:
            name = f"gap{unit.pk}"
            self.fields[name] = forms.CharField(
                label=_("Gaps in unit %(code)s") % {"code": unit.code}, required=False, max_length=2000,
                widget=forms.Textarea(attrs={"rows": 2}), initial=gaps.get(unit.code, ""), disabled=disabled,
            )
            self.gap_fields.append((unit, name))

    def gaps(self):
        return {unit.code: self.cleaned_data.get(name) or "" for unit, name in self.gap_fields}

    def gap_rows(self):
        return [(unit, self[name]) for unit, name in self.gap_fields]


class ReviewForm(forms.Form):
    dimensions = forms.MultipleChoiceField(
        label=_("Dimensions of competency covered"), choices=standard.DIMENSIONS, required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    recommendations = forms.CharField(
        label=_("Recommendations for improvement"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, review=None, disabled=False, **kwargs):
        super().__init__(*args, **kwargs)
        for key, label in standard.REVIEW_STAGES:
            self.fields[f"stage_{key}"] = forms.MultipleChoiceField(
                label=label, choices=standard.PRINCIPLES, required=False, widget=forms.CheckboxSelectMultiple,
                initial=(review.principles.get(key, []) if review else []), disabled=disabled,
            )
        if review is not None:
            self.fields["dimensions"].initial = review.dimensions
            self.fields["recommendations"].initial = review.recommendations
        for name in ("dimensions", "recommendations"):
            self.fields[name].disabled = disabled

    def principles(self):
        return {key: list(self.cleaned_data.get(f"stage_{key}") or []) for key, _label in standard.REVIEW_STAGES}

    def stage_fields(self):
        return [self[f"stage_{key}"] for key, _label in standard.REVIEW_STAGES]


YES_NO = [("yes", _("Yes")), ("no", _("No"))]


class FeedbackForm(forms.Form):
    other = forms.CharField(label=_("Other comments"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = []
        for key, text in standard.FEEDBACK_QUESTIONS:
            self.fields[f"q_{key}"] = forms.ChoiceField(
                label=text, choices=YES_NO, widget=forms.RadioSelect,
                error_messages={"required": _("Answer yes or no.")},
            )
            self.fields[f"c_{key}"] = forms.CharField(label=_("Comment"), required=False, max_length=1000)
            self.questions.append((key, f"q_{key}", f"c_{key}"))

    def answers(self):
        return {key: self.cleaned_data[q] for key, q, _c in self.questions}

    def comments(self):
        return {key: self.cleaned_data.get(c) or "" for key, _q, c in self.questions}

    def question_rows(self):
        return [(self[q], self[c]) for _key, q, c in self.questions]


class ResitForm(forms.Form):
    round = forms.ModelChoiceField(label=_("Round"), queryset=None, empty_label=None, widget=forms.RadioSelect)

    def __init__(self, *args, rounds, **kwargs):
        super().__init__(*args, **kwargs)
        from certification.models import Round

        self.fields["round"].queryset = Round.objects.filter(pk__in=[r.pk for r in rounds]).order_by("closes_at")
        self.fields["round"].error_messages["invalid_choice"] = _("Choose an open round of this scheme.")
