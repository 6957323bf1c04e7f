from django import forms
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.conf import settings

from .limits import UploadBudget
from .validation import ACCEPT_ATTR, validate_upload


def _help_text(images_only):
    template = gettext("JPEG or PNG, at most %(limit)s.") if images_only else gettext("PDF, JPEG or PNG, at most %(limit)s.")
    return template % {"limit": filesizeformat(settings.DOCUMENT_MAX_BYTES)}


#: Rendered in the language of the request that shows the form, not the one active at import.
_upload_help = lazy(_help_text, str)


class DocumentField(forms.FileField):
    """A file field that validates content (PDF, JPEG, PNG), size and name before anything is stored,
    and holds the uploader to their upload rate and storage quota: the form must say whose uploads
    these are with `limit_uploads(form, user)` before it is validated."""

    def __init__(self, *args, images_only=False, **kwargs):
        self.images_only = images_only
        self.budget = None
        kwargs.setdefault("help_text", _upload_help(images_only))
        super().__init__(*args, **kwargs)
        self.widget.attrs.setdefault("accept", ".jpg,.jpeg,.png,image/jpeg,image/png" if images_only else ACCEPT_ATTR)

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if upload and hasattr(upload, "size") and upload is not initial:
            if self.budget is None:
                raise ImproperlyConfigured(
                    "Call portal.documents.forms.limit_uploads(form, user) before validating a form with a DocumentField."
                )
            self.budget.count()
            validate_upload(upload, images_only=self.images_only)
            self.budget.reserve(upload)
        return upload

    def to_python(self, data):
        # Django refuses empty files with its own message; ours names the file.
        if data and getattr(data, "size", None) == 0:
            raise ValidationError(_("The file “%(name)s” is empty.") % {"name": data.name}, code="empty")
        return super().to_python(data)


class MultipleFileInput(forms.ClearableFileInput):
    """`<input type="file" multiple>`: the user picks several files at once."""

    allow_multiple_selected = True


class DocumentsField(DocumentField):
    """Several files in one field (`<input type="file" multiple>`), each checked on its own exactly as a
    `DocumentField` checks one: content, size, name, the uploader's rate and quota. One bad file does
    not refuse the others: `clean` returns the files that passed, and `rejected` lists the others as
    (file name, message), for the form to say what was wrong with each."""

    widget = MultipleFileInput

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.rejected = []

    def clean(self, data, initial=None):
        files = [f for f in (data if isinstance(data, (list, tuple)) else [data]) if f]
        self.rejected = []
        if not files:
            if self.required:
                raise ValidationError(self.error_messages["required"], code="required")
            return []
        accepted = []
        for upload in files:
            try:
                accepted.append(super().clean(upload, initial))
            except ValidationError as error:
                self.rejected.append((getattr(upload, "name", ""), " ".join(error.messages)))
        return accepted


def limit_uploads(form, owner):
    """Hold the files of `form` to `owner`'s upload rate and storage quota (settings
    DOCUMENT_UPLOADS_PER_MINUTE, DOCUMENT_QUOTA_BYTES, DOCUMENT_QUOTA_COUNT); the files of one form
    count together. Returns the form."""
    budget = UploadBudget(owner)
    for field in form.fields.values():
        if isinstance(field, DocumentField):
            field.budget = budget
    return form


class DocumentUploadForm(forms.Form):
    file = DocumentField(label=_("File"))
