"""The LKS's self-assessment: an answer per indicator (Formulir A) and the evidence uploaded for it
(Formulir B)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from .accreditations import Accreditation
from .base import Attachment, IndicatorScore


class Answer(IndicatorScore):
    """The LKS's self-assessment of one indicator (Formulir A), with its evidence (Formulir B)."""

    accreditation = models.ForeignKey(Accreditation, on_delete=models.CASCADE, related_name="answers")
    explanation = models.TextField(_("explanation"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta(IndicatorScore.Meta):
        constraints = [models.UniqueConstraint(fields=["accreditation", "indicator"], name="answer_once")]
        verbose_name = _("self-assessment answer")
        verbose_name_plural = _("self-assessment answers")

    def __str__(self):
        return f"{self.indicator.code}: {self.score if not self.not_applicable else 'N/A'}"


class Evidence(Attachment):
    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="evidence")

    class Meta(Attachment.Meta):
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
