from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .spreadsheet import FileRefused


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("Spreadsheet (XLSX or CSV)"),
        help_text=_("One row per certificate; the columns are listed below and in the template."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > settings.IMPORT_MAX_BYTES:
            raise forms.ValidationError(
                _("The file is %(size)s MB; an import file may be at most %(limit)s MB. Split it into smaller files.")
                % {"size": round(upload.size / 2**20, 1), "limit": round(settings.IMPORT_MAX_BYTES / 2**20, 1)},
                code="too_big",
            )
        name = (upload.name or "").lower()
        if not name.endswith((".xlsx", ".csv")):
            raise forms.ValidationError(_("Choose an .xlsx or .csv file."), code="extension")
        return upload


__all__ = ["UploadForm", "FileRefused"]
