"""Upload validation by content, not by name or browser-declared type."""

import io
import re
import unicodedata

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

# Magic bytes of the only types the portal accepts, with the extensions allowed for each.
SIGNATURES = [
    (b"%PDF-", "application/pdf", {".pdf"}),
    (b"\xff\xd8\xff", "image/jpeg", {".jpg", ".jpeg"}),
    (b"\x89PNG\r\n\x1a\n", "image/png", {".png"}),
]
ALLOWED_EXTENSIONS = sorted({ext for _sig, _type, exts in SIGNATURES for ext in exts})
ACCEPT_ATTR = ",".join([".pdf", ".jpg", ".jpeg", ".png", "application/pdf", "image/jpeg", "image/png"])

_UNSAFE_NAME = re.compile(r"[\\/\x00-\x1f\x7f]")
#: Longest display name kept; longer names are shortened in the middle of the stem, never in the extension.
DISPLAY_NAME_MAX = 200


def clean_filename(name):
    """Refuse names that try to walk the file system; return the whole name, normalised (NFC)."""
    name = unicodedata.normalize("NFC", name or "").strip()
    if not name or _UNSAFE_NAME.search(name) or name.startswith(".") or ".." in name:
        raise ValidationError(
            _("The file name “%(name)s” is not allowed. Rename the file (letters, numbers, spaces) and try again.")
            % {"name": name[:80]},
            code="unsafe_name",
        )
    return name


def extension_of(name):
    return ("." + name.rsplit(".", 1)[-1].lower()) if "." in name else ""


def display_name(name, limit=DISPLAY_NAME_MAX):
    """`name` shortened to `limit` characters, keeping its extension ("laporan…panjang.pdf")."""
    if len(name) <= limit:
        return name
    stem, dot, extension = name.rpartition(".")
    if not dot or len(extension) > 10:
        return name[: limit - 1] + "…"
    return stem[: limit - len(extension) - 2] + "…." + extension


def sniff(head):
    for signature, content_type, extensions in SIGNATURES:
        if head.startswith(signature):
            return content_type, extensions
    return None, set()


def validate_upload(upload, *, images_only=False):
    """Check an UploadedFile; return (display name, content_type). Raises ValidationError with a
    translated message for an empty, oversized, misnamed or wrongly typed file. The extension is read
    from the whole name; the display name is shortened afterwards, keeping the extension."""
    full_name = clean_filename(getattr(upload, "name", ""))
    name = display_name(full_name)
    size = upload.size or 0
    if size == 0:
        raise ValidationError(_("The file “%(name)s” is empty.") % {"name": name}, code="empty")
    if size > settings.DOCUMENT_MAX_BYTES:
        raise ValidationError(
            _("The file “%(name)s” is %(size)s; the limit is %(limit)s.")
            % {"name": name, "size": filesizeformat(size), "limit": filesizeformat(settings.DOCUMENT_MAX_BYTES)},
            code="too_large",
        )
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    content_type, extensions = sniff(head)
    allowed = _("JPEG or PNG") if images_only else _("PDF, JPEG or PNG")
    if content_type is None or (images_only and not content_type.startswith("image/")):
        raise ValidationError(
            _("“%(name)s” is not a %(allowed)s file. Only %(allowed)s files are accepted.")
            % {"name": name, "allowed": allowed},
            code="bad_type",
        )
    if extension_of(full_name) not in extensions:
        raise ValidationError(
            _("The content of “%(name)s” does not match its extension; save it as %(extensions)s.")
            % {"name": name, "extensions": " / ".join(sorted(extensions))},
            code="bad_extension",
        )
    if content_type.startswith("image/"):
        _verify_image(upload, name)
    else:
        _verify_pdf(upload, name)
    return name, content_type


def _verify_image(upload, name):
    from PIL import Image

    try:
        upload.seek(0)
        with Image.open(io.BytesIO(upload.read())) as image:
            image.verify()
    except Exception:
        raise ValidationError(_("“%(name)s” is a damaged image.") % {"name": name}, code="damaged") from None
    finally:
        upload.seek(0)


def _verify_pdf(upload, name):
    # A real PDF ends with %%EOF within its last kilobyte (possibly followed by whitespace).
    upload.seek(max(0, upload.size - 1024))
    tail = upload.read()
    upload.seek(0)
    if b"%%EOF" not in tail:
        raise ValidationError(_("“%(name)s” is a damaged or incomplete PDF.") % {"name": name}, code="damaged")
