"""Keep the evidence of a path-traversal file name so the user gets a clear refusal.

Django's multipart parser silently cuts "../../etc/passwd.pdf" down to "passwd.pdf". That is safe,
but the user never learns the upload was refused, and the name we show is not the one they sent.
This parser replaces path separators with a visible marker instead; `validation.clean_filename`
then refuses the name with a message. Nothing with a real separator ever reaches a file system:
files are stored under random names anyway.
"""

import html
import types

from django.http.multipartparser import MultiPartParser
from django.utils.datastructures import ImmutableList

SEPARATOR_MARK = "\u2215"  # DIVISION SLASH, shown to the user, never a path separator


class MarkingMultiPartParser(MultiPartParser):
    def sanitize_file_name(self, file_name):
        raw = html.unescape(file_name)
        if "/" in raw or "\\" in raw or raw in {".", ".."}:
            marked = raw.replace("/", SEPARATOR_MARK).replace("\\", SEPARATOR_MARK)
            return "".join(char for char in marked if char.isprintable())[:255] or None
        return super().sanitize_file_name(file_name)


def _parse_file_upload(self, META, post_data):
    self.upload_handlers = ImmutableList(self.upload_handlers, warning="Upload handlers are fixed once parsed.")
    return MarkingMultiPartParser(META, post_data, self.upload_handlers, self.encoding).parse()


class UploadNameGuardMiddleware:
    """Installs the marking parser on every request (before CSRF reads the body)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.parse_file_upload = types.MethodType(_parse_file_upload, request)
        return self.get_response(request)
