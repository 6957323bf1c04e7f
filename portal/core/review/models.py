"""A line of a desk-review checklist: its check, the reviewer's note and the "revised" rule."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ReviewStatus(models.TextChoices):
    PENDING = "pending", _("Not checked yet")
    ACCEPTED = "accepted", _("Accepted")
    NEEDS_REVISION = "needs_revision", _("Needs revision")


#: What a reviewer may set; an item goes back to "not checked yet" only when its file is resubmitted.
REVIEW_RESULTS = (ReviewStatus.ACCEPTED, ReviewStatus.NEEDS_REVISION)


def status_field():
    """The check of one item, declared by each model under the name in its `STATUS_FIELD`."""
    return models.CharField(_("check"), max_length=20, choices=ReviewStatus.choices, default=ReviewStatus.PENDING)


def note_field(verbose_name):
    """The reviewer's note (what to fix), under the name in `NOTE_FIELD`; the label says who reads it."""
    return models.TextField(verbose_name, blank=True)


def key_slug(key):
    """A checklist key as it goes into element ids and anchors: "doc:12" → "doc-12"."""
    return key.replace(":", "-")


class ReviewedItem(models.Model):
    """One line of a checklist. A concrete model declares its check and note with `status_field()` and
    `note_field(label)`, under the names it names in `STATUS_FIELD` and `NOTE_FIELD` (certification's
    items, older than the kernel's checklist, keep `review_status` and `review_note`); the services and
    templates reach them through `check_status` and `check_note`."""

    STATUS_FIELD = "status"
    NOTE_FIELD = "note"
    #: the prefix of `checklist_key` ("doc" → "doc:12"), for a checklist of more than one model
    CHECKLIST_KIND = ""

    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    #: when the applicant last changed the item (a revision counts when it is after `reviewed_at`)
    revised_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True

    @property
    def check_status(self):
        return getattr(self, self.STATUS_FIELD)

    @check_status.setter
    def check_status(self, value):
        setattr(self, self.STATUS_FIELD, value)

    def get_check_status_display(self):
        return ReviewStatus(self.check_status).label

    @property
    def check_note(self):
        return getattr(self, self.NOTE_FIELD)

    @check_note.setter
    def check_note(self, value):
        setattr(self, self.NOTE_FIELD, value)

    @property
    def is_pending(self):
        return self.check_status == ReviewStatus.PENDING

    @property
    def is_accepted(self):
        return self.check_status == ReviewStatus.ACCEPTED

    @property
    def needs_revision(self):
        return self.check_status == ReviewStatus.NEEDS_REVISION

    @property
    def is_revised(self):
        """Changed by the applicant since the reviewer last checked it."""
        return bool(self.revised_at and self.reviewed_at and self.revised_at > self.reviewed_at)

    @property
    def checklist_key(self):
        """What the check form posts back to name this line ("doc:12")."""
        return f"{self.CHECKLIST_KIND}:{self.pk}"

    @property
    def checklist_slug(self):
        """The key as it goes into element ids ("doc-12")."""
        return key_slug(self.checklist_key)

    @classmethod
    def touched_fields(cls):
        """The `auto_now` fields, which a queryset `update()` must set itself."""
        return [f.name for f in cls._meta.concrete_fields if getattr(f, "auto_now", False)]
