from django import forms
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.conf import settings

from .validation import ACCEPT_ATTR, validate_upload


def _help_text(images_only):
    template = gettext("JPEG or PNG, at most %(limit)s.") if images_only else gettext("PDF, JPEG or PNG, at most %(limit)s.")
    return template % {"limit": filesizeformat(settings.DOCUMENT_MAX_BYTES)}


#: Rendered in the language of the request that shows the form, not the one active at import.
_upload_help = lazy(_help_text, str)


class DocumentField(forms.FileField):
    """A file field that validates content (PDF, JPEG, PNG), size and name before anything is stored."""

    def __init__(self, *args, images_only=False, **kwargs):
        self.images_only = images_only
        kwargs.setdefault("help_text", _upload_help(images_only))
        super().__init__(*args, **kwargs)
        self.widget.attrs.setdefault("accept", ".jpg,.jpeg,.png,image/jpeg,image/png" if images_only else ACCEPT_ATTR)

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if upload and hasattr(upload, "size") and upload is not initial:
            validate_upload(upload, images_only=self.images_only)
        return upload

    def to_python(self, data):
        # Django refuses empty files with its own message; ours names the file.
        if data and getattr(data, "size", None) == 0:
            raise ValidationError(_("The file “%(name)s” is empty.") % {"name": data.name}, code="empty")
        return super().to_python(data)


class DocumentUploadForm(forms.Form):
    file = DocumentField(label=_("File"))
