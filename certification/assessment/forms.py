"""Forms of the assessment pages. The score form is built from the rubric (as pretalx builds its
review form from the score categories): one score field and one evidence field per criterion."""

from django import forms
from django.utils.translation import gettext_lazy as _

from portal.accounts.models import User
from portal.accounts.roles import Role

from .models import Recommendation

NOT_APPLICABLE = "na"


class ScoreForm(forms.Form):
    """A draft (also each autosave of static/js/assessment.js) or the submission. Every field is
    optional here: a draft may be partial, and what a submission needs (every criterion, the
    recommendation, feedback for "not yet") is the service's rule."""

    action = forms.ChoiceField(choices=[("save", "save"), ("submit", "submit")], required=False)
    recommendation = forms.ChoiceField(
        label=_("Recommendation"), choices=Recommendation.choices, required=False, widget=forms.RadioSelect
    )
    feedback = forms.CharField(label=_("Feedback for the applicant"), required=False, widget=forms.Textarea)

    def __init__(self, *args, rubric, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(rubric.criteria.all())
        out_of_scale = _("Choose a score from %(min)s to %(max)s.") % {"min": rubric.scale_min, "max": rubric.scale_max}
        levels = [(str(level), str(level)) for level in rubric.levels]
        for criterion in self.criteria:
            # "Not applicable" is offered for every criterion: the service refuses it for a
            # required one with its own message.
            self.fields[f"c{criterion.pk}"] = forms.ChoiceField(
                label=criterion.title, choices=[("", "—"), *levels, (NOT_APPLICABLE, _("Not applicable"))],
                required=False, error_messages={"invalid_choice": out_of_scale},
            )
            self.fields[f"e{criterion.pk}"] = forms.CharField(label=_("Evidence note"), required=False)

    def entries(self):
        """{criterion id: (value or None, not applicable, evidence)} of what was given, as
        services.save_scores takes it."""
        entries = {}
        for criterion in self.criteria:
            raw = self.cleaned_data.get(f"c{criterion.pk}") or ""
            evidence = self.cleaned_data.get(f"e{criterion.pk}") or ""
            if raw == NOT_APPLICABLE:
                entries[criterion.pk] = (None, True, evidence)
            elif raw:
                entries[criterion.pk] = (int(raw), False, evidence)
            elif evidence:
                entries[criterion.pk] = (None, False, evidence)
        return entries

    def criterion_errors(self):
        """{criterion id: the first error of its score or evidence field}."""
        errors = {}
        for criterion in self.criteria:
            for name in (f"c{criterion.pk}", f"e{criterion.pk}"):
                if name in self.errors and criterion.pk not in errors:
                    errors[criterion.pk] = self.errors[name][0]
        return errors

    def posted(self):
        """{criterion id: (choice, evidence)} as typed, to show them again next to their errors."""
        posted = {}
        for criterion in self.criteria:
            raw = self.data.get(self.add_prefix(f"c{criterion.pk}"), "")
            choice = int(raw) if self.fields[f"c{criterion.pk}"].valid_value(raw) and raw.isascii() and raw.isdigit() else raw
            posted[criterion.pk] = (choice, self.data.get(self.add_prefix(f"e{criterion.pk}"), ""))
        return posted


class AssessorsForm(forms.Form):
    """The assessors the secretariat assigns to an application."""

    assessor = forms.ModelMultipleChoiceField(
        queryset=User.objects.filter(role=Role.ASSESSOR), required=False,
        error_messages={"invalid_choice": _("Choose assessors from the list."), "invalid_pk_value": _("Choose assessors from the list.")},
    )


class ReconcilerForm(forms.Form):
    """The third assessor the LSP admin assigns to settle a disagreement."""

    action = forms.ChoiceField(choices=[("assign", "assign")])
    assessor = forms.ModelChoiceField(
        queryset=User.objects.filter(role=Role.ASSESSOR),
        error_messages={"required": _("Choose an assessor."), "invalid_choice": _("Choose an assessor.")},
    )


class ReopenForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=2000, error_messages={"required": _("Please write a reason.")})
