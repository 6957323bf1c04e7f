"""The assessor's plan (FR.MAPA.01: approach and methods per unit), the assessment agreement and
confidentiality confirmed by candidate and assessor (FR.AK.01), and the reasonable adjustments for a
candidate (FR.AK.07).

A plan and its agreement belong to one exam booking (one sitting: a re-sit is planned and agreed again);
the adjustments belong to the application (the candidate), so that they follow a re-booking."""

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Approach(models.TextChoices):
    RPL = "rpl", _("Recognition of prior learning (RPL)")
    ONGOING = "ongoing", _("Ongoing assessment")
    FINAL = "final", _("Final assessment")


class EvidenceKind(models.TextChoices):
    DIRECT = "direct", _("Direct evidence (L)")
    INDIRECT = "indirect", _("Indirect evidence (TL)")
    SUPPLEMENTARY = "supplementary", _("Supplementary evidence (T)")


class Method(models.TextChoices):
    OBSERVATION = "observation", _("Observation")
    PORTFOLIO = "portfolio", _("Portfolio")
    WRITTEN = "written", _("Written test")
    ORAL = "oral", _("Oral questions")
    INTERVIEW = "interview", _("Interview")
    PRACTICAL = "practical", _("Practical task")
    THIRD_PARTY = "third_party", _("Third-party evidence")


def method_labels(codes):
    labels = dict(Method.choices)
    return [str(labels[code]) for code in codes if code in labels]


class PlanFields(models.Model):
    """What a plan and a scheme's default plan share: the approach and the kinds of evidence."""

    approach = models.CharField(_("approach"), max_length=10, choices=Approach.choices, default=Approach.FINAL)
    evidence_kinds = models.JSONField(_("kinds of evidence"), default=list, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        abstract = True

    def evidence_labels(self):
        labels = dict(EvidenceKind.choices)
        return [str(labels[code]) for code in self.evidence_kinds if code in labels]


class DefaultPlan(PlanFields):
    """The LSP admin's default plan for a scheme version (or a scheme without units: `version` empty),
    from which every assessor's plan starts."""

    scheme = models.ForeignKey("certification.Scheme", on_delete=models.CASCADE, related_name="+", verbose_name=_("scheme"))
    version = models.ForeignKey(
        "competency.SchemeVersion", on_delete=models.CASCADE, null=True, blank=True, related_name="+",
        verbose_name=_("scheme version"),
    )
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["version"], condition=Q(version__isnull=False), name="default_plan_once_per_version"),
            models.UniqueConstraint(fields=["scheme"], condition=Q(version__isnull=True), name="default_plan_once_per_scheme"),
        ]
        verbose_name = _("default assessment plan")
        verbose_name_plural = _("default assessment plans")

    def __str__(self):
        return str(self.version or self.scheme)


class DefaultMethods(models.Model):
    default = models.ForeignKey(DefaultPlan, on_delete=models.CASCADE, related_name="rows")
    unit = models.ForeignKey("competency.Unit", on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    methods = models.JSONField(_("methods"), default=list)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["default", "unit"], name="default_methods_once_per_unit"),
            models.UniqueConstraint(fields=["default"], condition=Q(unit__isnull=True), name="default_methods_once_per_scheme"),
        ]


class AssessmentPlan(PlanFields):
    """FR.MAPA.01 for one sitting: recorded by the assessor the candidate's booking is assigned to."""

    booking = models.OneToOneField("exams.ExamBooking", on_delete=models.CASCADE, related_name="assessment_plan")
    version = models.ForeignKey(
        "competency.SchemeVersion", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("scheme version"),
    )
    assessor = models.ForeignKey(
        "registry.AssessorProfile", on_delete=models.PROTECT, related_name="+", verbose_name=_("assessor")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("assessment plan (FR.MAPA.01)")
        verbose_name_plural = _("assessment plans (FR.MAPA.01)")

    def __str__(self):
        return str(self.booking)


class PlanUnit(models.Model):
    """The methods for one unit of the plan (`unit` empty: the scheme as a whole, when it has no units)."""

    plan = models.ForeignKey(AssessmentPlan, on_delete=models.CASCADE, related_name="rows")
    unit = models.ForeignKey("competency.Unit", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    methods = models.JSONField(_("methods"), default=list)

    class Meta:
        ordering = ["unit__order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "unit"], name="plan_unit_once"),
            models.UniqueConstraint(fields=["plan"], condition=Q(unit__isnull=True), name="plan_scheme_row_once"),
        ]

    def method_labels(self):
        return method_labels(self.methods)


class Party(models.TextChoices):
    CANDIDATE = "candidate", _("Candidate")
    ASSESSOR = "assessor", _("Assessor")


class AgreementConfirmation(models.Model):
    """FR.AK.01: one party's confirmation of the assessment agreement and confidentiality, with what the
    plan said when they confirmed. A changed plan withdraws the confirmations (they confirmed another)."""

    booking = models.ForeignKey("exams.ExamBooking", on_delete=models.CASCADE, related_name="agreement_confirmations")
    party = models.CharField(_("party"), max_length=10, choices=Party.choices)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    confirmed_at = models.DateTimeField(_("confirmed"), default=timezone.now)
    plan_snapshot = models.JSONField(default=dict)

    class Meta:
        ordering = ["confirmed_at"]
        constraints = [models.UniqueConstraint(fields=["booking", "party"], name="agreement_once_per_party")]
        verbose_name = _("assessment agreement confirmation (FR.AK.01)")
        verbose_name_plural = _("assessment agreement confirmations (FR.AK.01)")

    def __str__(self):
        return f"{self.booking} · {self.get_party_display()}"


class Adjustments(models.Model):
    """FR.AK.07: the reasonable adjustments for a candidate, carried to the exam day."""

    application = models.OneToOneField(
        "certification.Application", on_delete=models.CASCADE, related_name="reasonable_adjustments"
    )
    extra_minutes = models.PositiveSmallIntegerField(
        _("extra time (minutes)"), default=0, validators=[MaxValueValidator(240)],
        help_text=_("Added to the time of the written and computer-based tests."),
    )
    reader = models.BooleanField(_("a reader"), default=False)
    large_print = models.BooleanField(_("large print"), default=False)
    separate_room = models.BooleanField(_("a separate room"), default=False)
    interpreter = models.BooleanField(_("an interpreter (e.g. sign language)"), default=False)
    other = models.CharField(_("other adjustment"), max_length=200, blank=True)
    note = models.TextField(_("note"), blank=True, help_text=_("Why, and how it is arranged."))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    FLAGS = ("reader", "large_print", "separate_room", "interpreter")

    class Meta:
        verbose_name = _("reasonable adjustments (FR.AK.07)")
        verbose_name_plural = _("reasonable adjustments (FR.AK.07)")

    def __str__(self):
        return str(self.application)

    def items(self):
        """The adjustments as short translated phrases: "extra time: 30 minutes", "a reader"…"""
        from django.utils.translation import gettext as _

        items = []
        if self.extra_minutes:
            items.append(_("extra time: %(n)s minutes") % {"n": self.extra_minutes})
        for flag in self.FLAGS:
            if getattr(self, flag):
                items.append(str(self._meta.get_field(flag).verbose_name))
        if self.other:
            items.append(self.other)
        return items

    @property
    def any(self):
        return bool(self.items())
