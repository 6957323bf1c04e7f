"""Rubrics, assessor assignments, scores and reconciliation of portfolio assessments."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Rubric(models.Model):
    """The scoring rubric of a scheme: criteria grouped by area, each with a weight and a scale."""

    scheme = models.ForeignKey(
        "certification.Scheme", on_delete=models.PROTECT, related_name="rubrics", verbose_name=_("scheme")
    )
    name = models.CharField(_("name"), max_length=200)
    scale_min = models.PositiveSmallIntegerField(_("lowest score"), default=1)
    scale_max = models.PositiveSmallIntegerField(_("highest score"), default=4)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["scheme", "-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["scheme"], condition=Q(is_active=True), name="rubric_one_active_per_scheme"),
            models.CheckConstraint(condition=Q(scale_max__gt=models.F("scale_min")), name="rubric_scale_ordered"),
        ]
        verbose_name = _("rubric")
        verbose_name_plural = _("rubrics")

    def __str__(self):
        return self.name

    @property
    def levels(self):
        return list(range(self.scale_min, self.scale_max + 1))


class Area(models.TextChoices):
    KNOWLEDGE = "knowledge", _("Knowledge")
    SKILLS = "skills", _("Skills")
    VALUES = "values", _("Values")


class Criterion(models.Model):
    rubric = models.ForeignKey(Rubric, on_delete=models.CASCADE, related_name="criteria")
    area = models.CharField(_("area"), max_length=10, choices=Area.choices)
    order = models.PositiveSmallIntegerField(default=0)
    title = models.CharField(_("criterion"), max_length=255)
    description = models.TextField(_("what to look for"), blank=True)
    weight = models.DecimalField(_("weight"), max_digits=5, decimal_places=2, default=Decimal("1"))
    required = models.BooleanField(
        _("required"), default=True, help_text=_("A required criterion must be scored; an optional one may be “not applicable”.")
    )
    descriptors = models.JSONField(_("level descriptors"), default=dict, help_text=_("Text for each score level."))

    class Meta:
        ordering = ["rubric", "area", "order", "id"]
        constraints = [models.CheckConstraint(condition=Q(weight__gt=0), name="criterion_weight_positive")]
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")

    def __str__(self):
        return self.title

    def descriptor(self, level):
        return self.descriptors.get(str(level), "")


class RoundAssessment(models.Model):
    """How a round's portfolios are assessed."""

    round = models.OneToOneField("certification.Round", on_delete=models.CASCADE, related_name="assessment_settings")
    assessors_per_application = models.PositiveSmallIntegerField(
        _("assessors per application"), default=2, choices=[(1, "1"), (2, "2")]
    )
    blind = models.BooleanField(_("blind assessment"), default=False, help_text=_("Hide the applicant's identity from assessors."))
    days_to_assess = models.PositiveSmallIntegerField(_("days to assess"), default=14)
    reconciliation_threshold = models.DecimalField(
        _("reconciliation threshold"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("15"),
        help_text=_("Totals (0–100) that differ by more than this go to reconciliation."),
    )

    class Meta:
        verbose_name = _("assessment settings")
        verbose_name_plural = _("assessment settings")

    def __str__(self):
        return str(self.round)


class Recommendation(models.TextChoices):
    PROCEED = "proceed", _("Proceed to the competency exam")
    NOT_YET = "not_yet", _("Not yet competent")


class AssignmentQuerySet(models.QuerySet):
    def active(self):
        return self.exclude(status=Assignment.Status.CONFLICT)

    def open(self):
        return self.filter(status__in=[Assignment.Status.ASSIGNED, Assignment.Status.IN_PROGRESS])


class Assignment(models.Model):
    class Status(models.TextChoices):
        ASSIGNED = "assigned", _("Assigned")
        IN_PROGRESS = "in_progress", _("In progress")
        SUBMITTED = "submitted", _("Submitted")
        CONFLICT = "conflict", _("Conflict declared")

    class Role(models.TextChoices):
        ASSESSOR = "assessor", _("Assessor")
        RECONCILER = "reconciler", _("Third assessor (reconciliation)")

    application = models.ForeignKey("certification.Application", on_delete=models.CASCADE, related_name="assignments")
    assessor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="assessment_assignments")
    role = models.CharField(max_length=12, choices=Role.choices, default=Role.ASSESSOR)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.ASSIGNED)
    rubric = models.ForeignKey(Rubric, on_delete=models.PROTECT, related_name="+")
    assigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True)
    assigned_at = models.DateTimeField(auto_now_add=True)
    due_at = models.DateTimeField(_("due"))
    declared_at = models.DateTimeField(null=True, blank=True)
    conflict_note = models.TextField(blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    total = models.DecimalField(_("total"), max_digits=6, decimal_places=2, null=True, blank=True)
    recommendation = models.CharField(_("recommendation"), max_length=10, choices=Recommendation.choices, blank=True)
    feedback = models.TextField(_("feedback for the applicant"), blank=True)
    last_reminded_at = models.DateTimeField(null=True, blank=True)

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        ordering = ["due_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "assessor"], condition=~Q(status="conflict"), name="assignment_once_per_assessor"
            )
        ]
        indexes = [
            models.Index(fields=["assessor", "status", "due_at"], name="assignment_assessor_idx"),
            models.Index(fields=["status", "due_at"], name="assignment_due_idx"),
        ]
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")

    def __str__(self):
        return f"{self.application.reference} · {self.assessor}"

    def get_absolute_url(self):
        return reverse("assessment:assignment", args=[self.pk])

    @property
    def declared(self):
        return self.declared_at is not None

    @property
    def is_locked(self):
        return self.status in (self.Status.SUBMITTED, self.Status.CONFLICT)


class Score(models.Model):
    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="+")
    value = models.PositiveSmallIntegerField(null=True, blank=True)
    not_applicable = models.BooleanField(default=False)
    evidence = models.TextField(_("evidence note"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["assignment", "criterion"], name="score_once_per_criterion"),
            models.CheckConstraint(
                condition=Q(value__isnull=True) | Q(not_applicable=False), name="score_value_or_not_applicable"
            ),
        ]


class Reconciliation(models.Model):
    """Opened when two assessors disagree; the LSP admin or a third assessor settles it."""

    class Status(models.TextChoices):
        OPEN = "open", pgettext_lazy("reconciliation status", "Open")
        DECIDED = "decided", _("Decided")

    application = models.OneToOneField("certification.Application", on_delete=models.CASCADE, related_name="reconciliation")
    reason = models.TextField(_("why"))
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN, db_index=True)
    opened_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    recommendation = models.CharField(max_length=10, choices=Recommendation.choices, blank=True)
    decision_reason = models.TextField(_("reason for the decision"), blank=True)

    class Meta:
        verbose_name = _("reconciliation")
        verbose_name_plural = _("reconciliations")

    def __str__(self):
        return str(self.application)


class AssessorLicenceQuerySet(models.QuerySet):
    def valid_on(self, day):
        return self.filter(valid_from__lte=day, valid_until__gte=day)


class AssessorLicence(models.Model):
    """An assessor's BNSP registration (No. Reg. MET): its validity and the schemes the assessor may
    assess. Kept on the certification side: the registry knows people, not BNSP's schemes. One per
    assessor; a renewal updates the dates (and starts the expiry reminders afresh)."""

    assessor = models.OneToOneField(
        "registry.AssessorProfile", on_delete=models.CASCADE, related_name="licence", verbose_name=_("assessor")
    )
    met_number = models.CharField(
        _("No. Reg. MET"), max_length=60, unique=True,
        help_text=_("The assessor's BNSP registration number, e.g. MET.000.012345 2024."),
    )
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"))
    schemes = models.ManyToManyField(
        "certification.Scheme", related_name="assessor_licences", verbose_name=_("schemes they may assess")
    )
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = AssessorLicenceQuerySet.as_manager()

    class Meta:
        ordering = ["valid_until", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(valid_until__gte=models.F("valid_from")), name="licence_until_after_from"),
        ]
        indexes = [models.Index(fields=["valid_until"], name="licence_valid_until_idx")]
        verbose_name = _("assessor licence (No. Reg. MET)")
        verbose_name_plural = _("assessor licences (No. Reg. MET)")

    def __str__(self):
        return self.met_number


class LicenceReminder(models.Model):
    """A reminder sent to an assessor before their No. Reg. MET expires: at most one per licence,
    expiry date and number of days (90, 30)."""

    licence = models.ForeignKey(AssessorLicence, on_delete=models.CASCADE, related_name="reminders")
    days = models.PositiveSmallIntegerField()
    valid_until = models.DateField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["sent_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["licence", "valid_until", "days"], name="licence_reminder_once"),
        ]
        verbose_name = _("licence expiry reminder")
        verbose_name_plural = _("licence expiry reminders")

    def __str__(self):
        return f"{self.licence} · {self.days}"
