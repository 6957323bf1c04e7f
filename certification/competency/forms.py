"""Forms: the units import (the file checked by content beside its field) and the candidate's answers
for one unit, built from the unit's elements (one answer and one evidence field per element)."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from certification.models import Scheme

from . import spreadsheet
from .models import Answer, SchemeKind


class ImportForm(forms.Form):
    scheme = forms.ModelChoiceField(label=_("Scheme"), queryset=Scheme.objects.all(), empty_label=None)
    kind = forms.ChoiceField(label=_("Kind of scheme"), choices=SchemeKind.choices, widget=forms.RadioSelect)
    kkni_level = forms.IntegerField(
        label=_("KKNI level"), min_value=1, max_value=9, required=False, help_text=_("For a KKNI-level scheme: 1 to 9.")
    )
    scheme_number = forms.CharField(
        label=_("Scheme number"), max_length=100, required=False,
        help_text=_("The number of the scheme document (nomor skema), as BNSP registered it."),
    )
    file = forms.FileField(
        label=_("Spreadsheet (XLSX or CSV)"),
        help_text=_("One row per performance criterion (KUK); download the template for the columns."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.parsed = None
        self.fields["kind"].initial = SchemeKind.KKNI

    def clean_file(self):
        upload = self.cleaned_data["file"]
        rows = spreadsheet.read_upload(upload)  # a ValidationError goes beside the field
        self.parsed = spreadsheet.parse(rows)
        return upload

    def clean(self):
        data = super().clean()
        if data.get("kind") == SchemeKind.KKNI and not data.get("kkni_level"):
            self.add_error("kkni_level", _("Enter the KKNI level of the scheme."))
        if data.get("kind") != SchemeKind.KKNI:
            data["kkni_level"] = None
        return data


class UnitAnswersForm(forms.Form):
    """The answers for the elements of one unit. Every field is optional: the self-assessment is saved
    as it is given; what submission needs (every element answered, evidence for Kompeten) is the
    service's rule (`services.missing`)."""

    unit = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, unit, documents, answers, disabled=False, **kwargs):
        kwargs.setdefault("auto_id", f"u{unit.pk}-%s")  # several units' forms on one page: unique ids
        super().__init__(*args, **kwargs)
        self.unit = unit
        self.competency_unit = unit  # for templates: `form.unit` there is the hidden field
        self.documents = {str(doc.pk): doc for doc in documents}
        self.fields["unit"].initial = unit.pk
        document_choices = [(pk, str(doc.requirement)) for pk, doc in self.documents.items()]
        self.rows = []
        for element in unit.elements.all():
            answer = answers.get(element.pk)
            self.fields[f"e{element.pk}"] = forms.ChoiceField(
                label=element.title, choices=Answer.choices, required=False, widget=forms.RadioSelect,
                initial=answer.answer if answer else None, disabled=disabled,
            )
            self.fields[f"d{element.pk}"] = forms.MultipleChoiceField(
                label=_("Evidence"), choices=document_choices, required=False, widget=forms.CheckboxSelectMultiple,
                initial=[str(doc.pk) for doc in answer.evidence.all()] if answer else [], disabled=disabled,
                error_messages={"invalid_choice": _("Choose the evidence among this application's documents.")},
            )
            self.rows.append((element, f"e{element.pk}", f"d{element.pk}"))

    def clean_unit(self):
        if self.cleaned_data["unit"] != self.unit.pk:
            raise ValidationError(_("This unit is not part of the application's scheme version."))
        return self.cleaned_data["unit"]

    def answers(self):
        """{element: (answer or "", [ApplicationDocument])} from the cleaned data."""
        return {
            element: (self.cleaned_data.get(answer) or "", [self.documents[pk] for pk in self.cleaned_data.get(evidence) or []])
            for element, answer, evidence in self.rows
        }

    def element_rows(self):
        """For the template: (element, answer field, evidence field)."""
        return [(element, self[answer], self[evidence]) for element, answer, evidence in self.rows]
