"""Issue 20 item 11: several files in one field (`<input multiple>`), each checked on its own exactly as
a single DocumentField checks one; one bad file does not refuse the others."""

import pytest
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from django.utils.datastructures import MultiValueDict

from portal.documents.forms import DocumentsField, limit_uploads

from .test_documents import PDF

pytestmark = pytest.mark.django_db


class SeveralForm(forms.Form):
    files = DocumentsField(label="Files", required=False)


def pdf(name):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def test_each_file_is_checked_on_its_own(applicant, settings):
    settings.DOCUMENT_UPLOADS_PER_MINUTE = 3
    sent = [pdf("a.pdf"), SimpleUploadedFile("b.pdf", b"MZ not a pdf", content_type="application/pdf"), pdf("c.pdf"), pdf("d.pdf")]
    form = limit_uploads(SeveralForm(files=MultiValueDict({"files": sent})), applicant)
    with translation.override("en"):
        assert form.is_valid()
        assert [upload.name for upload in form.cleaned_data["files"]] == ["a.pdf", "c.pdf"]
        assert form.fields["files"].rejected == [
            ("b.pdf", "“b.pdf” is not a PDF, JPEG or PNG file. Only PDF, JPEG or PNG files are accepted."),
            ("d.pdf", "You sent too many files in a short time. Wait a minute, then choose the file again."),
        ]


def test_the_input_lets_the_user_pick_several(applicant):
    html = str(SeveralForm()["files"])
    assert 'type="file"' in html and "multiple" in html


def test_nothing_chosen_is_an_empty_list_or_the_required_error(applicant):
    form = limit_uploads(SeveralForm(files=MultiValueDict()), applicant)
    assert form.is_valid() and form.cleaned_data["files"] == [] and form.fields["files"].rejected == []

    class Required(forms.Form):
        files = DocumentsField(label="Files")

    with translation.override("en"):
        form = limit_uploads(Required(files=MultiValueDict()), applicant)
        assert not form.is_valid() and form.errors["files"] == ["This field is required."]
