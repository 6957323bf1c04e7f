"""The POST of one checklist line: the check, the note, which line."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import ReviewStatus


class ReviewItemForm(forms.Form):
    """Subclasses name the note after who reads it and say how `item` names a line; `desk` (the app's
    `DeskReview`) says what a flag without a note is refused with."""

    status = forms.ChoiceField(
        choices=[(ReviewStatus.ACCEPTED, _("Accept")), (ReviewStatus.NEEDS_REVISION, _("Needs revision"))]
    )
    note = forms.CharField(required=False)
    item = forms.CharField(widget=forms.HiddenInput, max_length=100)

    def __init__(self, *args, desk, **kwargs):
        super().__init__(*args, **kwargs)
        self.desk = desk

    def clean(self):
        data = super().clean()
        if data.get("status") == ReviewStatus.NEEDS_REVISION and not (data.get("note") or "").strip():
            self.add_error("note", self.desk.note_required)
        return data
