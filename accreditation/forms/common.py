"""Dates as Indonesians type them."""

from django import forms

from ..validators import validate_past_date

DATE_FORMATS = ["%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y"]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def date_field(label, *, required=True, past=True, help_text=""):
    return forms.DateField(
        label=label, required=required, input_formats=DATE_FORMATS, widget=DateInput(), help_text=help_text,
        validators=[validate_past_date] if past else [],
    )


#: (document key, number field, date field, file label)
