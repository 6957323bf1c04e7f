from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from portal.documents.forms import DocumentsField

from . import kinds
from .models import Outcome

YES_NO = [("yes", _("Yes")), ("no", _("No"))]


def yes_no(label):
    return forms.TypedChoiceField(label=label, choices=YES_NO, coerce=lambda v: v == "yes", widget=forms.RadioSelect)


class AppealForm(forms.Form):
    """FR.AK.04: the three questions, the reasons, the documents."""

    process_explained = yes_no(_("Was the appeal process explained to you?"))
    discussed_with_assessor = yes_no(_("Have you discussed the appeal with the assessor?"))
    wants_help = yes_no(_("Do you want to involve someone else to help you in the appeal process?"))
    helper_name = forms.CharField(label=_("Who helps you (name and relation)"), max_length=150, required=False)
    reasons = forms.CharField(
        label=_("Reasons for the appeal"),
        min_length=30, max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Say which part of the assessment you disagree with and why."),
    )
    documents = DocumentsField(label=_("Supporting documents (optional)"), required=False)

    def clean_documents(self):
        files = self.cleaned_data.get("documents") or []
        field = self.fields["documents"]
        for name, message in field.rejected:
            self.add_error("documents", f"{name}: {message}")
        limit = settings.APPEAL_MAX_DOCUMENTS
        if len(files) + len(field.rejected) > limit:
            raise forms.ValidationError(
                ngettext("Attach at most %(count)s file.", "Attach at most %(count)s files.", limit) % {"count": limit}
            )
        return files

    def clean(self):
        data = super().clean()
        if data.get("wants_help") and not (data.get("helper_name") or "").strip():
            self.add_error("helper_name", _("Name the person who helps you."))
        return data


class PanelMemberForm(forms.Form):
    member = forms.ModelChoiceField(label=_("Panel member"), queryset=None, empty_label=_("Choose a person"))
    chair = forms.BooleanField(label=_("Chair of the panel"), required=False)

    def __init__(self, *args, eligible=(), **kwargs):
        super().__init__(*args, **kwargs)
        from portal.accounts.models import User

        self.fields["member"].queryset = User.objects.filter(pk__in=[u.pk for u in eligible])
        self.fields["member"].label_from_instance = lambda u: f"{u.get_full_name()} · {u.get_role_display()}"


class DecisionForm(forms.Form):
    action = forms.ChoiceField(
        label=_("The panel's decision"),
        choices=[("uphold", _("Upheld: the decision stands")), ("grant", _("Granted"))],
        widget=forms.RadioSelect,
    )
    outcome = forms.ChoiceField(label=_("What the granted appeal does"), required=False, widget=forms.RadioSelect)
    new_decision = forms.ChoiceField(label=_("New decision"), required=False,
                                     help_text=_("Only when the decision is changed."))
    units = forms.MultipleChoiceField(
        label=_("Units to re-assess"), required=False, widget=forms.CheckboxSelectMultiple,
        help_text=_("Only for a re-assessment."),
    )
    reason = forms.CharField(label=_("The panel's reasons"), min_length=20, max_length=5000,
                             widget=forms.Textarea(attrs={"rows": 5}))

    def __init__(self, *args, appeal, **kwargs):
        super().__init__(*args, **kwargs)
        kind = appeal.kind_spec
        subject = appeal.subject
        offered = dict(kind.outcomes(subject))
        self.fields["outcome"].choices = [(value, label) for value, label in Outcome.choices if value in offered]
        decisions = kind.new_decisions(subject)
        if decisions and kinds.CHANGE in offered:
            self.fields["new_decision"].choices = [("", "—"), *decisions]
        else:
            del self.fields["new_decision"]
        units = kind.units(subject)
        if units and kinds.REASSESS in offered:
            self.fields["units"].choices = units
        else:
            del self.fields["units"]

    def clean(self):
        data = super().clean()
        if data.get("action") != "grant":
            return data
        outcome = data.get("outcome")
        if not outcome:
            self.add_error("outcome", _("Choose what the granted appeal does."))
        elif outcome == kinds.CHANGE and "new_decision" in self.fields and not data.get("new_decision"):
            self.add_error("new_decision", _("Choose the new decision."))
        elif outcome == kinds.REASSESS and "units" in self.fields and not data.get("units"):
            self.add_error("units", _("Name the units to re-assess."))
        return data
