from django import forms
from django.utils.translation import gettext_lazy as _

from .models import RequestKind


class DataRequestForm(forms.Form):
    kind = forms.ChoiceField(label=_("What do you ask?"), choices=RequestKind.choices, widget=forms.RadioSelect)
    details = forms.CharField(
        label=_("What it is about"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "For a correction: what is wrong and what it should be. An erasure closes your account; what the "
            "law requires us to keep (issued certificates, submitted applications, the audit trail) is kept, "
            "and the answer lists it with the reason."
        ),
    )

    def clean_details(self):
        details = self.cleaned_data["details"].strip()
        if len(details) < 10:
            raise forms.ValidationError(_("Please say in a sentence what the request is about."))
        return details


class AnswerForm(forms.Form):
    action = forms.ChoiceField(
        label=_("Decision"),
        choices=[("complete", _("Done: answer the person")), ("refuse", _("Refuse, with the legal reason"))],
        widget=forms.RadioSelect,
    )
    response = forms.CharField(
        label=_("Answer to the person"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What was corrected or erased, or the legal reason for a refusal. The person reads it."),
    )
