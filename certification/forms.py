from django import forms
from django.utils.translation import gettext_lazy as _

from portal.documents.forms import DocumentField

from .models import Application, FundingSource, ReviewStatus
from .workflows import ApplicationStatus


class FundingForm(forms.ModelForm):
    class Meta:
        model = Application
        fields = ["funding_source", "funding_note"]
        widgets = {"funding_source": forms.RadioSelect}
        help_texts = {
            "funding_note": _("The employer, Dinas Sosial or donor that pays, if not yourself."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["funding_source"].required = True
        self.fields["funding_source"].choices = FundingSource.choices

    def clean(self):
        data = super().clean()
        source = data.get("funding_source")
        if source and source != FundingSource.SELF and not (data.get("funding_note") or "").strip():
            self.add_error("funding_note", _("Name who pays for the certification."))
        return data


class DocumentUploadForm(forms.Form):
    def __init__(self, *args, requirement, **kwargs):
        super().__init__(*args, **kwargs)
        self.requirement = requirement
        self.prefix = f"doc{requirement.pk}"
        self.fields["file"] = DocumentField(label=_("Choose a file"), images_only=requirement.images_only)


class EssayForm(forms.Form):
    """All essays of one area; each answer keeps what was typed when another is invalid."""

    def __init__(self, *args, prompts, answers, editable, **kwargs):
        super().__init__(*args, **kwargs)
        self.prompts = prompts
        for prompt in prompts:
            answer = answers.get(prompt.pk)
            field = forms.CharField(
                label=f"{prompt.order}. {prompt.prompt}",
                required=False,
                max_length=prompt.max_chars,
                initial=answer.text if answer else "",
                widget=forms.Textarea(
                    attrs={
                        "rows": 6,
                        "data-min": prompt.min_chars,
                        "data-max": prompt.max_chars,
                        "data-counter": "1",
                    }
                ),
                help_text=_("%(min)s to %(max)s characters.") % {"min": prompt.min_chars, "max": prompt.max_chars},
                disabled=not editable(answer),
            )
            field.prompt = prompt
            field.answer = answer
            self.fields[f"essay_{prompt.pk}"] = field

    def answers(self):
        for name, field in self.fields.items():
            if not field.disabled:
                yield field.prompt, self.cleaned_data.get(name, "")


class ReviewItemForm(forms.Form):
    status = forms.ChoiceField(
        choices=[(ReviewStatus.ACCEPTED, _("Accept")), (ReviewStatus.NEEDS_REVISION, _("Needs revision"))]
    )
    note = forms.CharField(label=_("Note for the applicant"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    item = forms.CharField(widget=forms.HiddenInput)

    def clean(self):
        data = super().clean()
        if data.get("status") == ReviewStatus.NEEDS_REVISION and not (data.get("note") or "").strip():
            self.add_error("note", _("Write what the applicant must fix."))
        return data


class DecisionForm(forms.Form):
    action = forms.ChoiceField(
        label=_("Action"),
        choices=[
            ("return_for_revision", _("Return for revision")),
            ("declare_eligible", _("Declare eligible")),
            ("declare_ineligible", _("Declare not eligible")),
        ]
    )
    note = forms.CharField(label=_("Note or reason"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def clean(self):
        data = super().clean()
        if data.get("action") in ("return_for_revision", "declare_ineligible") and not (data.get("note") or "").strip():
            self.add_error("note", _("Please write a reason."))
        return data


class QueueFilterForm(forms.Form):
    STATUS_CHOICES = [
        ("", _("Waiting for verification")),
        (ApplicationStatus.REVISION_REQUESTED, ApplicationStatus.REVISION_REQUESTED.label),
        (ApplicationStatus.ELIGIBLE, ApplicationStatus.ELIGIBLE.label),
        (ApplicationStatus.INELIGIBLE, ApplicationStatus.INELIGIBLE.label),
        (ApplicationStatus.WITHDRAWN, ApplicationStatus.WITHDRAWN.label),
        ("all", _("All")),
    ]
    q = forms.CharField(label=_("Name or reference"), required=False)
    round = forms.ModelChoiceField(label=_("Round"), queryset=None, required=False, empty_label=_("All rounds"))
    status = forms.ChoiceField(label=_("Status"), choices=STATUS_CHOICES, required=False)

    def __init__(self, *args, rounds, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["round"].queryset = rounds
