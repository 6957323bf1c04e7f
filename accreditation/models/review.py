"""The desk review's checklist: one item per indicator, per legal document of the LKS and for the
Dinas Sosial recommendation, each accepted or sent back for revision by the secretariat."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.core.review.models import ReviewedItem, note_field, status_field

from ..choices import LegalDocument
from .accreditations import Accreditation
from .instrument import Indicator


class ReviewItem(ReviewedItem):
    """One line of the desk-review checklist (the kernel's desk review): an indicator (answer and
    evidence), a legal document of the LKS, or the Dinas Sosial recommendation. `revised_at`: when the
    LKS last changed it."""

    accreditation = models.ForeignKey(Accreditation, on_delete=models.CASCADE, related_name="review_items")
    key = models.CharField(max_length=40)
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    order = models.PositiveIntegerField(default=0)
    status = status_field()
    note = note_field(_("note for the LKS"))

    class Meta:
        ordering = ["order", "id"]
        constraints = [models.UniqueConstraint(fields=["accreditation", "key"], name="review_item_once")]
        verbose_name = _("checklist item")
        verbose_name_plural = _("checklist")

    def __str__(self):
        return self.label

    @property
    def label(self):
        from ..choices import RECOMMENDATION_KEY

        if self.indicator_id:
            return f"{self.indicator.code} {self.indicator.text}"
        if self.key == RECOMMENDATION_KEY:
            return str(_("Dinas Sosial recommendation letter"))
        kind = self.key.removeprefix("legal:")
        return str(LegalDocument(kind).label) if kind in LegalDocument.values else self.key

    @property
    def checklist_key(self):
        return self.key
