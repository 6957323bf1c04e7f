from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


def import_storage():
    """Uploaded import files: private (no public URL), kept until the import is done with them."""
    return FileSystemStorage(location=Path(settings.PRIVATE_MEDIA_ROOT) / "imports")


class ImportJobQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The jobs of the kinds `user` may import (LSP admins workers, BALKS admins LKS); nobody else any."""
        from . import kinds

        keys = [importer.key for importer in kinds.for_user(user)]
        return self.filter(kind__in=keys) if keys else self.none()


class ImportJob(models.Model):
    """One uploaded file: stored first, then checked (a dry run: counts, preview, errors by row), then, once
    confirmed, imported in one transaction. `status` is the job's progress, set by the import service and its
    tasks only (as an issuance batch's is), not a decision anyone takes."""

    class Status(models.TextChoices):
        UPLOADED = "uploaded", _("Waiting to be checked")
        CHECKED = "checked", _("Checked: ready to import")
        INVALID = "invalid", _("Has errors: nothing imported")
        QUEUED = "queued", _("Importing")
        DONE = "done", _("Imported")
        FAILED = "failed", _("Failed: nothing imported")

    kind = models.CharField(_("kind"), max_length=30)
    #: the uploaded file, removed once the import is done or the file refused (it holds NIKs)
    file = models.FileField(storage=import_storage, max_length=200, blank=True)
    file_name = models.CharField(_("file"), max_length=200)
    size = models.PositiveIntegerField(default=0)
    sha256 = models.CharField(max_length=64)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.UPLOADED)
    #: {"total", "new", "unchanged", "errors"} of the last check; after the import {"created", …}
    counts = models.JSONField(default=dict, blank=True)
    #: the first IMPORT_ERRORS_SHOWN errors as {"row", "column", "message"}
    errors = models.JSONField(default=list, blank=True)
    preview = models.JSONField(default=list, blank=True)
    #: a reason for the whole file (not a spreadsheet, too big…) or why the import failed
    message = models.TextField(blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    checked_at = models.DateTimeField(null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = ImportJobQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["kind", "created_at"], name="import_kind_created_idx")]
        verbose_name = _("import")
        verbose_name_plural = _("imports")

    def __str__(self):
        return f"{self.kind}: {self.file_name}"

    def get_absolute_url(self):
        return reverse("imports:job", args=[self.pk])

    @property
    def is_running(self):
        return self.status in (self.Status.UPLOADED, self.Status.QUEUED)

    @property
    def importer(self):
        from . import kinds

        return kinds.get(self.kind)
