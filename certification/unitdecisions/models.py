"""The assessor's decision per unit of competency (FR.AK.02) and the records around it: the candidate's
feedback (FR.AK.03), the assessor's report (FR.AK.05), the review of the assessment process (FR.AK.06),
the mapping of today's scores to the units they assess, and the re-sit of the Belum Kompeten units.

Side tables keyed to the exam booking and the application: certification, its exams and its competency
sub-app need no column for them."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from certification.models import Component


class Decision(models.TextChoices):
    COMPETENT = "K", _("K (Kompeten)")
    NOT_YET = "BK", _("BK (Belum Kompeten)")


class EvidenceMethod(models.TextChoices):
    """The evidence an assessor used for a unit (the methods of FR.MAPA.01 / the FR.IA instruments)."""

    OBSERVATION = "observation", _("Observation (practical demonstration)")
    PORTFOLIO = "portfolio", _("Portfolio documents")
    WRITTEN = "written", _("Written test")
    ORAL = "oral", _("Oral questions")
    INTERVIEW = "interview", _("Interview")
    PRACTICAL = "practical", _("Practical task")
    THIRD_PARTY = "third_party", _("Third-party evidence")


class UnitSource(models.Model):
    """Which of today's scores informs a unit: an exam component (its score in the candidate's booking) or a
    criterion of the portfolio rubric (its level in the assessors' submitted scores). Data per scheme
    version, through its units; the FR.AK.02 page shows these scores beside each unit."""

    unit = models.ForeignKey("competency.Unit", on_delete=models.CASCADE, related_name="sources", verbose_name=_("unit"))
    component = models.CharField(_("exam component"), max_length=20, choices=Component.choices, blank=True)
    criterion = models.ForeignKey(
        "assessment.Criterion", on_delete=models.CASCADE, null=True, blank=True, related_name="+",
        verbose_name=_("rubric criterion"),
    )

    class Meta:
        ordering = ["unit", "component", "criterion"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(component="") & Q(criterion__isnull=False)) | (~Q(component="") & Q(criterion__isnull=True)),
                name="unit_source_one_kind",
            ),
            models.UniqueConstraint(fields=["unit", "component"], condition=~Q(component=""), name="unit_source_component_once"),
            models.UniqueConstraint(fields=["unit", "criterion"], condition=Q(criterion__isnull=False), name="unit_source_criterion_once"),
        ]
        verbose_name = _("score feeding a unit")
        verbose_name_plural = _("scores feeding the units")

    def __str__(self):
        return f"{self.unit.code} ← {self.get_component_display() if self.component else self.criterion}"


class AssessmentRecord(models.Model):
    """FR.AK.02 of one exam sitting: the assessor's decision per unit and the recommendation that follows.
    Saved as it is filled in; submitted once (then read-only)."""

    booking = models.OneToOneField("exams.ExamBooking", on_delete=models.CASCADE, related_name="unit_record")
    application = models.ForeignKey(
        "certification.Application", on_delete=models.CASCADE, related_name="unit_records", verbose_name=_("application")
    )
    assessor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("assessor"))
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("assessment record (FR.AK.02)")
        verbose_name_plural = _("assessment records (FR.AK.02)")

    def __str__(self):
        return f"FR.AK.02 {self.application.reference}"


class UnitDecision(models.Model):
    record = models.ForeignKey(AssessmentRecord, on_delete=models.CASCADE, related_name="decisions")
    unit = models.ForeignKey("competency.Unit", on_delete=models.PROTECT, related_name="+")
    decision = models.CharField(_("decision"), max_length=2, choices=Decision.choices, blank=True)
    methods = models.JSONField(_("evidence used"), default=list, blank=True)
    note = models.TextField(_("note"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["unit__order", "unit_id"]
        constraints = [models.UniqueConstraint(fields=["record", "unit"], name="unit_decision_once")]
        verbose_name = _("decision per unit")
        verbose_name_plural = _("decisions per unit")

    def __str__(self):
        return f"{self.unit.code}: {self.decision or '—'}"

    def method_labels(self):
        labels = dict(EvidenceMethod.choices)
        return [labels[m] for m in self.methods if m in labels]


class AssessorReport(models.Model):
    """FR.AK.05: the assessor's report on the candidate — the recommendation, notes, the gaps behind each
    BK unit — confirmed with a timestamp."""

    record = models.OneToOneField(AssessmentRecord, on_delete=models.CASCADE, related_name="report")
    notes = models.TextField(_("notes"), blank=True)
    gaps = models.JSONField(_("gaps per unit"), default=dict, blank=True)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)

    class Meta:
        verbose_name = _("assessor's report (FR.AK.05)")
        verbose_name_plural = _("assessor's reports (FR.AK.05)")


class ProcessReview(models.Model):
    """FR.AK.06: the assessor's review of the assessment process — for each stage whether the principles
    of assessment were met, the dimensions of competency covered, and recommendations."""

    record = models.OneToOneField(AssessmentRecord, on_delete=models.CASCADE, related_name="review")
    principles = models.JSONField(default=dict, blank=True)
    dimensions = models.JSONField(default=list, blank=True)
    recommendations = models.TextField(_("recommendations for improvement"), blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)

    class Meta:
        verbose_name = _("review of the assessment (FR.AK.06)")
        verbose_name_plural = _("reviews of the assessment (FR.AK.06)")


class CandidateFeedback(models.Model):
    """FR.AK.03: the candidate's feedback on the assessment (yes / no per standard question, a comment)."""

    booking = models.OneToOneField("exams.ExamBooking", on_delete=models.CASCADE, related_name="candidate_feedback")
    answers = models.JSONField(default=dict)
    comments = models.JSONField(default=dict, blank=True)
    other = models.TextField(_("other comments"), blank=True)
    submitted_at = models.DateTimeField(_("submitted"), auto_now_add=True)

    class Meta:
        verbose_name = _("candidate's feedback (FR.AK.03)")
        verbose_name_plural = _("candidates' feedback (FR.AK.03)")


class Resit(models.Model):
    """A new application that re-sits only the units judged Belum Kompeten in an earlier one."""

    application = models.OneToOneField("certification.Application", on_delete=models.CASCADE, related_name="resit")
    earlier = models.ForeignKey("certification.Application", on_delete=models.PROTECT, related_name="resits")
    record = models.ForeignKey(AssessmentRecord, on_delete=models.PROTECT, related_name="resits")
    units = models.ManyToManyField("competency.Unit", related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("re-sit of Belum Kompeten units")
        verbose_name_plural = _("re-sits of Belum Kompeten units")
