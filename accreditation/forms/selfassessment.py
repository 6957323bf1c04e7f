"""The LKS's self-assessment: answers, evidence files, the Dinas Sosial recommendation."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from portal.documents.forms import DocumentField, DocumentsField
from registry.forms import upload_help

from ..validators import validate_document_number
from .common import date_field


class AnswerForm(forms.Form):
    """One indicator of the self-assessment (also the no-JavaScript fallback of the autosave)."""

    def __init__(self, *args, indicator, scale, descriptors, allows_na, answer=None, disabled=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.prefix = f"i{indicator.pk}"
        choices = [(str(v), f"{v} {label} — {descriptors[v]}" if descriptors.get(v) else f"{v} {label}") for v, label in scale]
        values = [v for v, _label in scale]
        self.fields["score"] = forms.TypedChoiceField(
            label=_("Score"), choices=choices, coerce=int, empty_value=None, required=False, widget=forms.RadioSelect,
            initial=str(answer.score) if answer and answer.score is not None else None,
            error_messages={
                "invalid_choice": gettext("Choose a score from %(low)s to %(high)s.") % {"low": min(values), "high": max(values)}
            },
        )
        if allows_na:
            self.fields["not_applicable"] = forms.BooleanField(
                label=_("Not applicable to this LKS"), required=False,
                initial=bool(answer and answer.not_applicable),
            )
        self.fields["explanation"] = forms.CharField(
            # The length is the service's rule, counted once line breaks are normalised (a browser
            # sends each as two characters).
            label=_("Explanation"), required=False,
            widget=forms.Textarea(attrs={"rows": 3, "maxlength": 4000}),
            initial=answer.explanation if answer else "",
            help_text=_("How the LKS meets the indicator, in a few sentences."),
        )
        if disabled:
            for field in self.fields.values():
                field.disabled = True

    def changes(self, *, full=False):
        """services.save_answer's keyword arguments for what was sent: the autosave sends one field;
        the plain form (`full`) sends all, and an unticked "not applicable" box as nothing."""
        changes = {}
        for name in ("score", "explanation"):
            if self.add_prefix(name) in self.data:
                changes[name] = self.cleaned_data[name]
        if "not_applicable" in self.fields and (
            self.add_prefix("not_applicable") in self.data or (full and self.add_prefix("na_offered") in self.data)
        ):
            changes["not_applicable"] = self.cleaned_data["not_applicable"]
        return changes


class EvidenceForm(forms.Form):
    def __init__(self, *args, indicator, **kwargs):
        super().__init__(*args, **kwargs)
        self.prefix = f"e{indicator.pk}"
        self.fields["file"] = DocumentField(label=_("Add a file"), help_text=upload_help(), required=False)

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if not upload:
            raise ValidationError(gettext("Choose a file first."), code="required")
        return upload


class EvidenceFilesForm(forms.Form):
    """Evidence for one indicator: one file or several at once, each checked on its own by the kernel
    (`DocumentsField`); `rejected` says which were refused and why, the others are kept."""

    def __init__(self, *args, indicator, **kwargs):
        super().__init__(*args, **kwargs)
        self.prefix = f"e{indicator.pk}"
        self.fields["file"] = DocumentsField(
            label=_("Add files"),
            help_text=gettext("PDF, JPEG or PNG, at most %(limit)s each; you can choose several files at once.")
            % {"limit": filesizeformat(settings.DOCUMENT_MAX_BYTES)},
            required=False,
        )

    def clean_file(self):
        uploads = self.cleaned_data.get("file") or []
        if not uploads and not self.rejected:
            raise ValidationError(gettext("Choose a file first."), code="required")
        return uploads

    @property
    def rejected(self):
        """[(file name, message)] of the chosen files that were refused."""
        return self.fields["file"].rejected


class RecommendationForm(forms.Form):
    number = forms.CharField(label=_("Letter number"), max_length=100, validators=[validate_document_number])
    date = date_field(_("Date of the letter"))
    issuer = forms.CharField(label=_("Issued by"), max_length=200, help_text=_("E.g. Dinas Sosial Kota Bandung."))

    def __init__(self, *args, has_document=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"] = DocumentField(
            label=_("The signed letter"), required=not has_document,
            help_text=upload_help() if not has_document else gettext("Choose a file only to replace the letter."),
        )
