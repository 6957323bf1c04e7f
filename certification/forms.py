from django import forms
from django.utils.translation import gettext_lazy as _

from portal.core.inputs import parse_id
from portal.core.review import forms as checklist
from portal.documents.forms import DocumentField

from .choices import ApplicationStatus
from .models import Application, FundingSource


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


class ReviewItemForm(checklist.ReviewItemForm):
    note = forms.CharField(label=_("Note for the applicant"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    item = forms.CharField(widget=forms.HiddenInput, max_length=40)

    def clean_item(self):
        """"doc:<id>" or "essay:<id>"; `item_kind` and `item_pk` say which."""
        kind, _sep, pk = self.cleaned_data["item"].partition(":")
        if kind not in ("doc", "essay") or parse_id(pk) is None:
            raise forms.ValidationError(_("This item is not part of the application."), code="invalid")
        return self.cleaned_data["item"]

    @property
    def item_kind(self):
        return self.cleaned_data["item"].partition(":")[0]

    @property
    def item_pk(self):
        return parse_id(self.cleaned_data["item"].partition(":")[2])


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

    def __init__(self, *args, actions=None, **kwargs):
        """`actions`: the transitions the user may perform on the application now; only those are
        offered (an eligible file offers none of these: the card is not shown)."""
        super().__init__(*args, **kwargs)
        if actions is not None:
            field = self.fields["action"]
            field.choices = [(name, label) for name, label in field.choices if name in actions]
            field.error_messages["invalid_choice"] = _(
                "This decision can no longer be made: the application has moved on since the page was opened."
            )

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
    q = forms.CharField(label=_("Name or reference"), required=False, max_length=100)
    round = forms.ModelChoiceField(label=_("Round"), queryset=None, required=False, empty_label=_("All rounds"))
    status = forms.ChoiceField(label=_("Status"), choices=STATUS_CHOICES, required=False)

    def __init__(self, *args, rounds, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["round"].queryset = rounds


class EssayTextForm(forms.Form):
    """One essay as it is typed (the autosave of static/js/certification.js); the length is the
    service's rule, checked on the text as saved."""

    text = forms.CharField(required=False, strip=False)


class WithdrawForm(forms.Form):
    note = forms.CharField(label=_("Reason (optional)"), required=False, max_length=2000)


class BulkEligibleForm(forms.Form):
    """The applications ticked in the queue, and the queue's query string to go back to."""

    STALE = _("One of the selected applications is not in your queue. Nothing was declared; select again.")
    application = forms.ModelMultipleChoiceField(
        queryset=Application.objects.none(), required=False,
        error_messages={"invalid_choice": STALE, "invalid_pk_value": STALE},
    )
    query = forms.CharField(required=False, max_length=2000)

    def __init__(self, *args, applications, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["application"].queryset = applications

    def clean_query(self):
        from django.http import QueryDict

        return QueryDict(self.cleaned_data["query"]).urlencode()  # only a query string goes into the redirect
