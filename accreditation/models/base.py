"""The abstract bases the self-assessment and the visitation share: a score given to one indicator
(the LKS's answer, an assessor's score on site, the team's reconciled score) and a document attached
to such a score (the LKS's evidence, an assessor's photo). They add no table of their own."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from .instrument import Indicator


class IndicatorScore(models.Model):
    """A score of one indicator on the instrument's scale, or "not applicable"; empty until given."""

    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="+")
    score = models.PositiveSmallIntegerField(_("score"), null=True, blank=True)
    not_applicable = models.BooleanField(_("not applicable"), default=False)

    class Meta:
        abstract = True
        ordering = ["indicator__standard__number", "indicator__order", "indicator_id"]

    @property
    def is_answered(self):
        return self.not_applicable or self.score is not None


class Attachment(models.Model):
    """An uploaded document attached to a score, in the order it was uploaded."""

    document = models.ForeignKey("documents.Document", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["created_at", "id"]

    def __str__(self):
        return str(self.document)
