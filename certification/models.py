"""Schemes, routes, rounds and applications with their portfolio (documents and essays)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from portal.core.review.models import ReviewedItem as ChecklistItem
from portal.core.review.models import ReviewStatus, note_field, status_field  # noqa: F401 (ReviewStatus: re-exported)

from .choices import ApplicationStatus


class EducationLevel(models.TextChoices):
    SMA = "SMA", "SMA"
    SMK = "SMK", "SMK"
    D3 = "D3", "D3"
    D4 = "D4", "D4"
    S1 = "S1", "S1"
    S2 = "S2", "S2"
    S3 = "S3", "S3"


#: Rank of each level for "at least" rules; D4 and S1 are equivalent (both level 6 in the KKNI).
EDUCATION_RANK = {"SMA": 1, "SMK": 1, "D3": 2, "D4": 3, "S1": 3, "S2": 4, "S3": 5}


class Component(models.TextChoices):
    PORTFOLIO = "portfolio", _("Portfolio assessment")
    COGNITIVE = "cognitive", _("Cognitive test")
    PRACTICAL = "practical", _("Practical test")
    INTERVIEW = "interview", _("Interview")
    PRACTICE_EVIDENCE = "practice_evidence", _("Practice evidence")


class Scheme(models.Model):
    """A certification scheme, e.g. Pekerja Sosial Generalis."""

    code = models.SlugField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=200)
    credential_code = models.CharField(
        _("certificate code"), max_length=6, help_text=_("Short code printed in certificate numbers, e.g. GEN.")
    )
    description = models.TextField(_("description"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("scheme")
        verbose_name_plural = _("schemes")

    def __str__(self):
        return self.name


class Route(models.Model):
    """An entry route into a scheme, with its eligibility rules as data."""

    class Kind(models.TextChoices):
        EXPERIENCE = "experience", _("Experience route")
        STANDARD = "standard", _("Standard route")
        TRAINING = "training", _("Training route")
        EDUCATION = "education", _("Education route")

    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="routes", verbose_name=_("scheme"))
    kind = models.CharField(_("route"), max_length=20, choices=Kind.choices)
    description = models.TextField(_("description"), blank=True)
    min_education_level = models.CharField(
        _("minimum education"), max_length=3, choices=EducationLevel.choices, blank=True
    )
    social_work_education_required = models.BooleanField(_("social-work education required"), default=False)
    alt_training_hours = models.PositiveIntegerField(
        _("training hours instead of social-work education"),
        null=True,
        blank=True,
        help_text=_("When set, this many hours of social-work training replace the social-work education."),
    )
    no_social_work_education = models.BooleanField(
        _("only for people without social-work education"), default=False
    )
    min_practice_years = models.DecimalField(_("minimum years of practice"), max_digits=4, decimal_places=1, default=0)
    min_practice_hours = models.PositiveIntegerField(_("minimum hours of practice"), default=0)
    min_training_hours = models.PositiveIntegerField(_("minimum training hours"), default=0)
    min_age = models.PositiveSmallIntegerField(_("minimum age"), null=True, blank=True)
    components = models.JSONField(_("exam components"), default=list, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["scheme", "id"]
        constraints = [models.UniqueConstraint(fields=["scheme", "kind"], name="route_one_kind_per_scheme")]
        verbose_name = _("route")
        verbose_name_plural = _("routes")

    def __str__(self):
        return f"{self.scheme} · {self.get_kind_display()}"

    def component_labels(self):
        labels = dict(Component.choices)
        return [labels.get(c, c) for c in self.components]


class DocumentKind(models.TextChoices):
    CV = "cv", _("Curriculum vitae (11 sections)")
    IJAZAH = "ijazah", _("Diploma (ijazah)")
    TRANSCRIPT = "transcript", _("Transcript")
    WORK_LETTER = "work_letter", _("Work-experience letter (surat keterangan pengalaman kerja)")
    RECOMMENDATION = "recommendation", _("Recommendation from the workplace or a professional body")
    TRAINING = "training", _("Training certificates")
    PHOTO = "photo", pgettext_lazy("document", "Photo")
    STUDENT_LETTER = "student_letter", _("Letter of final-semester status or graduation")


class RequiredDocument(models.Model):
    route = models.ForeignKey(Route, on_delete=models.CASCADE, related_name="required_documents")
    kind = models.CharField(_("document"), max_length=20, choices=DocumentKind.choices)
    required = models.BooleanField(_("required"), default=True)
    help_text = models.CharField(_("help"), max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "id"]
        constraints = [models.UniqueConstraint(fields=["route", "kind"], name="required_document_once")]
        verbose_name = _("required document")
        verbose_name_plural = _("required documents")

    def __str__(self):
        return self.get_kind_display()

    @property
    def images_only(self):
        return self.kind == DocumentKind.PHOTO


class EssayPrompt(models.Model):
    class Area(models.TextChoices):
        KNOWLEDGE = "knowledge", _("Knowledge")
        SKILLS = "skills", _("Skills")
        VALUES = "values", _("Values")

    route = models.ForeignKey(Route, on_delete=models.CASCADE, related_name="essay_prompts")
    area = models.CharField(_("area"), max_length=10, choices=Area.choices)
    order = models.PositiveSmallIntegerField(default=0)
    prompt = models.TextField(_("prompt"))
    min_chars = models.PositiveIntegerField(_("minimum characters"), default=300)
    max_chars = models.PositiveIntegerField(_("maximum characters"), default=3000)

    class Meta:
        ordering = ["route", "area", "order"]
        verbose_name = _("essay prompt")
        verbose_name_plural = _("essay prompts")

    def __str__(self):
        return f"{self.get_area_display()} {self.order}"


class RoundQuerySet(models.QuerySet):
    def announced(self):
        """Open and upcoming rounds, for the public announcements page."""
        return self.filter(closes_at__gte=timezone.now(), is_published=True)


class Round(models.Model):
    """A certification round (gelombang): one scheme, some regional offices, dates and a quota."""

    scheme = models.ForeignKey(Scheme, on_delete=models.PROTECT, related_name="rounds", verbose_name=_("scheme"))
    name = models.CharField(_("name"), max_length=200)
    regional_offices = models.ManyToManyField(
        "regions.RegionalOffice",
        verbose_name=_("regional offices"),
        blank=True,
        help_text=_("Leave empty for a national round."),
    )
    opens_at = models.DateTimeField(_("opens"))
    closes_at = models.DateTimeField(_("closes"), db_index=True)
    quota = models.PositiveIntegerField(_("quota"), default=100)
    description = models.TextField(_("description"), blank=True)
    is_published = models.BooleanField(_("published"), default=True)

    objects = RoundQuerySet.as_manager()

    class Meta:
        ordering = ["opens_at", "id"]
        verbose_name = _("round")
        verbose_name_plural = _("rounds")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("certification:round_detail", args=[self.pk])

    @property
    def is_open(self):
        now = timezone.now()
        return self.is_published and self.opens_at <= now <= self.closes_at

    @property
    def is_upcoming(self):
        return self.is_published and timezone.now() < self.opens_at

    def accepts_region(self, office):
        offices = list(self.regional_offices.all())
        return not offices or (office is not None and office in offices)


class FundingSource(models.TextChoices):
    SELF = "self", _("Self-funded (swadaya)")
    EMPLOYER = "employer", _("Employer")
    DINSOS = "dinsos", _("Dinas Sosial budget")
    DONOR = "donor", _("Donor or other (e.g. an NGO)")


class ApplicationQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Applicants see their own, secretariat its regional office's, LSP admins all."""
        if not user.is_authenticated:
            return self.none()
        if user.is_lsp_admin:
            return self
        if user.is_secretariat:
            return self.filter(regional_office_id=user.regional_office_id).exclude(status=ApplicationStatus.DRAFT)
        if user.is_applicant:
            return self.filter(applicant=user)
        return self.none()


class Application(models.Model):
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="applications", verbose_name=_("applicant")
    )
    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="applications", verbose_name=_("round"))
    route = models.ForeignKey(Route, on_delete=models.PROTECT, related_name="applications", verbose_name=_("route"))
    status = models.CharField(
        _("status"), max_length=30, choices=ApplicationStatus.choices, default=ApplicationStatus.DRAFT
    )
    funding_source = models.CharField(_("funding"), max_length=10, choices=FundingSource.choices, blank=True)
    funding_note = models.CharField(_("funder's name"), max_length=200, blank=True)
    province = models.ForeignKey(
        "regions.Province", on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("province")
    )
    regional_office = models.ForeignKey(
        "regions.RegionalOffice", on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("regional office")
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decision_reason = models.TextField(_("reason"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ApplicationQuerySet.as_manager()
    #: the kernel engine's workflow, set by `CertificationConfig.ready` (the workflow imports the services)
    workflow = None

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["applicant", "round"],
                condition=~Q(status="withdrawn"),
                name="application_one_active_per_round",
            )
        ]
        indexes = [
            models.Index(fields=["regional_office", "status", "submitted_at"], name="application_queue_idx"),
            models.Index(fields=["round", "status"], name="application_round_idx"),
        ]
        verbose_name = _("application")
        verbose_name_plural = _("applications")

    def __str__(self):
        return _("Application %(number)s") % {"number": self.reference}

    @property
    def reference(self):
        return f"APL-{self.created_at:%Y}-{self.pk:06d}" if self.pk and self.created_at else "APL-new"

    def get_absolute_url(self):
        return reverse("certification:application_detail", args=[self.pk])

    @property
    def is_editable(self):
        return self.status in (ApplicationStatus.DRAFT, ApplicationStatus.REVISION_REQUESTED)

    @property
    def days_waiting(self):
        if not self.submitted_at:
            return None
        return (timezone.now() - self.submitted_at).days


class ReviewedItem(ChecklistItem):
    """A document or an essay of the portfolio: a line of the secretariat's checklist (the kernel's
    desk review). Its check and note keep the names they had before the kernel had one."""

    STATUS_FIELD = "review_status"
    NOTE_FIELD = "review_note"

    review_status = status_field()
    review_note = note_field(_("note for the applicant"))
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class ApplicationDocument(ReviewedItem):
    CHECKLIST_KIND = "doc"

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="documents")
    requirement = models.ForeignKey(RequiredDocument, on_delete=models.PROTECT, related_name="+")
    document = models.ForeignKey("documents.Document", on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["requirement__order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["application", "requirement"], name="application_document_once")
        ]

    def __str__(self):
        return str(self.requirement)


class EssayAnswer(ReviewedItem):
    CHECKLIST_KIND = "essay"

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="essays")
    prompt = models.ForeignKey(EssayPrompt, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("answer"), blank=True)

    class Meta:
        ordering = ["prompt__area", "prompt__order"]
        constraints = [models.UniqueConstraint(fields=["application", "prompt"], name="essay_answer_once")]

    def __str__(self):
        return str(self.prompt)
