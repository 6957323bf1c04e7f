"""Per-user limits on uploads: a storage quota (bytes and number of documents) and an upload rate.

The quota counts every Document the user owns (attached or not; unattached ones are purged after a
day, see `services.purge_unattached`). The rate counts every file a user sends through a
`DocumentField`, valid or not, in a counter of Django's cache (Redis in production, so it holds
across processes) that lives a minute from the first upload.
"""

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db.models import Count, Sum
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .models import Document

RATE_WINDOW_SECONDS = 60


def take_upload_slot(owner):
    """Count one upload of `owner`; True while within DOCUMENT_UPLOADS_PER_MINUTE. The window opens
    with the first upload and lasts a minute (the counter's expiry, which INCR keeps)."""
    limit = settings.DOCUMENT_UPLOADS_PER_MINUTE
    if not limit:
        return True
    key = f"documents:uploads:{owner.pk}"
    if cache.add(key, 1, timeout=RATE_WINDOW_SECONDS):
        return True
    try:
        return cache.incr(key) <= limit
    except ValueError:  # expired between add and incr: a new window
        cache.add(key, 1, timeout=RATE_WINDOW_SECONDS)
        return True


def usage(owner):
    """(bytes, documents) the owner stores now."""
    totals = Document.objects.filter(owner=owner).aggregate(size=Sum("size"), count=Count("pk"))
    return totals["size"] or 0, totals["count"]


def quota_error(size, *, used_bytes, used_count):
    """The translated ValidationError when one more document of `size` bytes would pass the quota of
    an owner who stores `used_bytes` in `used_count` documents; None when it fits."""
    max_count = settings.DOCUMENT_QUOTA_COUNT
    max_bytes = settings.DOCUMENT_QUOTA_BYTES
    if max_count and used_count + 1 > max_count:
        return ValidationError(
            ngettext(
                "An account may keep at most %(limit)s document; this file would pass that limit.",
                "An account may keep at most %(limit)s documents; this file would pass that limit.",
                max_count,
            )
            % {"limit": max_count},
            code="quota_count",
        )
    if max_bytes and used_bytes + size > max_bytes:
        return ValidationError(
            _("This file (%(size)s) would pass the %(limit)s an account may store (yours holds %(used)s).")
            % {"size": filesizeformat(size), "limit": filesizeformat(max_bytes), "used": filesizeformat(used_bytes)},
            code="quota_bytes",
        )
    return None


def rate_error():
    return ValidationError(
        _("You sent too many files in a short time. Wait a minute, then choose the file again."), code="rate"
    )


class UploadBudget:
    """What one form may still store for its owner: shared by the form's DocumentFields, so several
    files of one form count together."""

    def __init__(self, owner):
        self.owner = owner
        self.used = None  # [bytes, documents]: stored, then the form's files already reserved

    def count(self):
        """Count one upload against the rate; a ValidationError past it."""
        if not take_upload_slot(self.owner):
            raise rate_error()

    def reserve(self, upload):
        """Count a valid `upload` against the quota; a ValidationError when it does not fit."""
        if self.used is None:
            self.used = list(usage(self.owner))
        error = quota_error(upload.size, used_bytes=self.used[0], used_count=self.used[1])
        if error is not None:
            raise error
        self.used[0] += upload.size
        self.used[1] += 1
