"""The accreditation of an LKS, one record from the self-assessment to the certificate: its status
(changed only by the workflow engine), the Dinas Sosial recommendation, the milestones of the desk
review and the visitation, the decision (score, grade) and the certificate; and the renewal reminders
sent before that certificate lapses. Who may see an accreditation is decided here
(`AccreditationQuerySet.visible_to`)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..choices import OPEN_STATES, VISITING_STATES, AccreditationStatus, Grade
from .instrument import InstrumentVersion


class AccreditationQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Operators their LKS's accreditations; assessors those they visit; a secretariat its
        regional office's (not drafts); BALKS admins all; nobody else any."""
        if user is None or not user.is_authenticated:
            return self.none()
        if user.is_balks_admin:
            return self.all()
        if user.is_lks_operator:
            return self.filter(institution__operators=user)
        if user.is_secretariat and user.regional_office_id:
            return self.filter(regional_office_id=user.regional_office_id).exclude(status=AccreditationStatus.DRAFT)
        if user.is_assessor:
            return self.filter(visitation__team__assessor__user=user)
        return self.none()

    def being_visited_by(self, user):
        """The accreditations whose visitation `user` is on while it is open: from scheduling to the
        team lead completing it. The team works on the LKS's papers then, and only then."""
        if user is None or not user.is_authenticated or not user.is_assessor:
            return self.none()
        return self.filter(status__in=VISITING_STATES, visitation__team__assessor__user=user)


class Accreditation(models.Model):
    """One accreditation of one LKS, from the self-assessment to the certificate."""

    #: by name: institutions.py imports this module (an LKS's visibility follows its visitations)
    institution = models.ForeignKey(
        "Institution", verbose_name=_("LKS"), on_delete=models.PROTECT, related_name="accreditations"
    )
    instrument = models.ForeignKey(
        InstrumentVersion, verbose_name=_("instrument"), on_delete=models.PROTECT, related_name="accreditations"
    )
    #: the instrument as it was when the accreditation started (weights, scale, grade rules): the
    #: decision is computed from it, so a later version never rewrites a past result
    snapshot = models.JSONField(default=dict, editable=False)
    status = models.CharField(
        _("status"), max_length=30, choices=AccreditationStatus.choices, default=AccreditationStatus.DRAFT
    )
    province = models.ForeignKey(
        "regions.Province", verbose_name=_("province"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="+",
    )
    regional_office = models.ForeignKey(
        "regions.RegionalOffice", verbose_name=_("regional office"), on_delete=models.PROTECT, null=True,
        blank=True, related_name="+", db_index=False,
    )
    # The Dinas Sosial recommendation (required before submission).
    recommendation_number = models.CharField(_("number of the recommendation letter"), max_length=100, blank=True)
    recommendation_date = models.DateField(_("date of the recommendation letter"), null=True, blank=True)
    recommendation_issuer = models.CharField(
        _("issued by"), max_length=200, blank=True, help_text=_("E.g. Dinas Sosial Kota Bandung.")
    )
    recommendation_document = models.ForeignKey(
        "documents.Document", verbose_name=_("recommendation letter"), on_delete=models.PROTECT, null=True,
        blank=True, related_name="+",
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    desk_accepted_at = models.DateTimeField(_("accepted for visitation"), null=True, blank=True)
    visited_at = models.DateTimeField(_("visitation completed"), null=True, blank=True)
    # The decision.
    score = models.DecimalField(_("score"), max_digits=5, decimal_places=2, null=True, blank=True)
    suggested_grade = models.CharField(_("suggested grade"), max_length=1, choices=Grade.choices, blank=True)
    grade = models.CharField(_("grade"), max_length=1, choices=Grade.choices, blank=True)
    grade_reason = models.TextField(_("reason for overriding the suggested grade"), blank=True)
    result = models.JSONField(default=dict, blank=True, editable=False)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    certified_at = models.DateTimeField(_("certified"), null=True, blank=True)
    credential = models.ForeignKey(
        "credentials.Credential", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = AccreditationQuerySet.as_manager()
    #: ACCREDITATION_WORKFLOW (workflows.py), set by AccreditationConfig.ready(): its guards use the
    #: services, which use this model
    workflow = None

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["institution"],
                condition=Q(status__in=OPEN_STATES) | (Q(status="decided") & ~Q(grade="X")),
                name="accreditation_one_open_per_lks",
            )
        ]
        indexes = [
            models.Index(fields=["regional_office", "status", "submitted_at"], name="accreditation_queue_idx"),
            models.Index(fields=["status", "visited_at"], name="accreditation_plenary_idx"),
            models.Index(fields=["institution", "status"], name="accreditation_lks_idx"),
        ]
        verbose_name = _("accreditation")
        verbose_name_plural = _("accreditations")

    def __str__(self):
        return _("Accreditation %(ref)s") % {"ref": self.reference}

    @property
    def reference(self):
        return f"AKR-{self.created_at:%Y}-{self.pk:06d}" if self.pk and self.created_at else "AKR-new"

    def get_absolute_url(self):
        return reverse("accreditation:detail", args=[self.pk])

    @property
    def is_editable(self):
        return self.status in (AccreditationStatus.DRAFT, AccreditationStatus.REVISION_REQUESTED)

    @property
    def days_waiting(self):
        if not self.submitted_at:
            return None
        return (timezone.now() - self.submitted_at).days

    @property
    def grade_overridden(self):
        return bool(self.grade and self.suggested_grade and self.grade != self.suggested_grade)


class RenewalReminder(models.Model):
    """A reminder to re-apply, sent once per accreditation and threshold (days before it lapses)."""

    accreditation = models.ForeignKey(Accreditation, on_delete=models.CASCADE, related_name="reminders")
    days_before = models.PositiveSmallIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["accreditation", "days_before"], name="renewal_reminder_once")
        ]

    def __str__(self):
        return f"{self.accreditation}: {self.days_before}"
