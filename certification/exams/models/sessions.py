"""The exam rules of a round; exam sessions, their components and the parts scored."""

from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from certification.models import Component

from .common import default_component_min, default_cutoff_hours, default_pass_mark
from .sites import Tuk


class ExamPolicy(models.Model):
    """The exam rules of one round (kept here: the round itself belongs to the application stage).
    A round without a policy row gets the defaults."""

    round = models.OneToOneField(
        "certification.Round", on_delete=models.CASCADE, related_name="exam_policy", verbose_name=_("round")
    )
    allow_other_regions = models.BooleanField(
        _("candidates may book sessions of other regional offices"),
        default=False,
        help_text=_("Otherwise a candidate sees only the sessions of the regional office that handles the application."),
    )
    max_attempts = models.PositiveSmallIntegerField(
        _("exam attempts per application"),
        default=2,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
        help_text=_("Sittings attended or missed count; a cancelled booking does not."),
    )
    rebook_after_no_show = models.BooleanField(_("a candidate who missed the exam may book again"), default=True)
    rebook_after_not_yet_competent = models.BooleanField(
        _("a candidate declared Belum Kompeten may book again"), default=True
    )

    class Meta:
        verbose_name = _("exam rules of a round")
        verbose_name_plural = _("exam rules of rounds")

    def __str__(self):
        return str(self.round)

    @classmethod
    def for_round(cls, round_):
        try:
            return round_.exam_policy
        except cls.DoesNotExist:
            return cls(round=round_)


class SessionKind(models.TextChoices):
    EXAM = "exam", _("Competency exam")
    BRIEFING = "briefing", _("Technical briefing")


class SessionMode(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    ONLINE = "online", _("Online")




class ExamSessionQuerySet(models.QuerySet):
    def managed_by(self, user):
        """Sessions a user may run: the secretariat its regional office's, LSP admins all."""
        if not user.is_authenticated:
            return self.none()
        if user.is_lsp_admin:
            return self
        if user.is_secretariat and user.regional_office_id:
            return self.filter(regional_office_id=user.regional_office_id)
        return self.none()

    def assessed_by(self, user):
        if not user.is_authenticated or not user.is_assessor:
            return self.none()
        return self.filter(assessors__user=user)

    def staff_visible(self, user):
        """What a staff list shows: sessions managed by the user, or assigned to them as assessor."""
        if user.is_authenticated and user.is_assessor:
            return self.assessed_by(user)
        return self.managed_by(user)

    def published(self):
        return self.filter(is_published=True)

    def upcoming(self):
        return self.filter(starts_at__gt=timezone.now())


class ExamSession(models.Model):
    """A competency-exam (or technical-briefing) session run by a regional office's secretariat."""

    Kind = SessionKind
    Mode = SessionMode

    regional_office = models.ForeignKey(
        "regions.RegionalOffice", on_delete=models.PROTECT, related_name="exam_sessions", verbose_name=_("regional office")
    )
    kind = models.CharField(_("type"), max_length=10, choices=SessionKind.choices, default=SessionKind.EXAM)
    scheme = models.ForeignKey(
        "certification.Scheme", on_delete=models.PROTECT, related_name="exam_sessions", verbose_name=_("scheme")
    )
    round = models.ForeignKey(
        "certification.Round",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="exam_sessions",
        verbose_name=_("only for the round"),
        help_text=_("Leave empty to open the session to every round of the scheme."),
    )
    title = models.CharField(_("title"), max_length=200, blank=True)
    province = models.ForeignKey(
        "regions.Province", on_delete=models.PROTECT, related_name="+", verbose_name=_("province (venue in its capital)")
    )
    tuk = models.ForeignKey(
        Tuk, on_delete=models.PROTECT, null=True, blank=True, related_name="sessions", verbose_name=_("test site (TUK)"),
        help_text=_("Where an exam in person takes place: a test site with a valid verification."),
    )
    venue_name = models.CharField(_("venue"), max_length=200, blank=True)
    venue_address = models.TextField(_("address"), blank=True)
    map_url = models.URLField(_("map link"), max_length=500, blank=True)
    mode = models.CharField(_("mode"), max_length=10, choices=SessionMode.choices, default=SessionMode.IN_PERSON)
    meeting_url = models.URLField(_("meeting link"), max_length=500, blank=True)
    starts_at = models.DateTimeField(_("starts"), db_index=True)
    ends_at = models.DateTimeField(_("ends"))
    capacity = models.PositiveIntegerField(_("seats"), validators=[MinValueValidator(1), MaxValueValidator(2000)])
    cancel_cutoff_hours = models.PositiveSmallIntegerField(
        _("booking and cancellation close (hours before the start)"),
        default=default_cutoff_hours,
        validators=[MaxValueValidator(24 * 30)],
    )
    pass_mark = models.DecimalField(
        _("pass mark (total, 0–100)"),
        max_digits=5,
        decimal_places=2,
        default=default_pass_mark,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    instructions = models.TextField(
        _("instructions for candidates"), blank=True, help_text=_("What to bring, dress code, when to arrive…")
    )
    is_published = models.BooleanField(_("open for booking"), default=True)
    assessors = models.ManyToManyField(
        "registry.AssessorProfile", blank=True, related_name="exam_sessions", verbose_name=_("assessors")
    )
    attendance_closed_at = models.DateTimeField(_("attendance closed"), null=True, blank=True)
    plenary_at = models.DateTimeField(_("plenary held"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ExamSessionQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")), name="exam_session_ends_after_start"),
            models.CheckConstraint(condition=Q(capacity__gte=1), name="exam_session_capacity_positive"),
        ]
        indexes = [models.Index(fields=["regional_office", "starts_at"], name="exam_session_office_idx")]
        verbose_name = _("exam session")
        verbose_name_plural = _("exam sessions")

    def __str__(self):
        return self.display_title

    @property
    def display_title(self):
        if self.title:
            return self.title
        return f"{self.get_kind_display()} {self.scheme.name} · {self.city}"

    @property
    def city(self):
        return self.province.capital

    @property
    def is_exam(self):
        return self.kind == SessionKind.EXAM

    @property
    def is_online(self):
        return self.mode == SessionMode.ONLINE

    @property
    def cutoff_at(self):
        """Booking, cancellation and rebooking close at this moment."""
        return self.starts_at - timedelta(hours=self.cancel_cutoff_hours)

    @property
    def before_cutoff(self):
        return timezone.now() < self.cutoff_at

    @property
    def has_started(self):
        return timezone.now() >= self.starts_at

    @property
    def is_check_in_day(self):
        """Check-in is open on the day of the session (local time) until attendance is closed."""
        return timezone.localdate() >= timezone.localtime(self.starts_at).date() and self.attendance_closed_at is None

    def get_absolute_url(self):
        return reverse("exams:session", args=[self.pk])

    def get_candidate_url(self):
        return reverse("exams:candidate_session", args=[self.pk])


class ExamComponent(models.Model):
    """One component of a session's exam (cognitive test, practical test, interview, portfolio review…)
    with its weight in the total and its own minimum. Its parts carry the scores."""

    session = models.ForeignKey(ExamSession, on_delete=models.CASCADE, related_name="components")
    kind = models.CharField(_("component"), max_length=20, choices=Component.choices)
    weight = models.DecimalField(
        _("weight"), max_digits=5, decimal_places=2, validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(100)]
    )
    min_score = models.DecimalField(
        _("minimum score"),
        max_digits=5,
        decimal_places=2,
        default=default_component_min,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["session", "kind"], name="exam_component_once"),
            models.CheckConstraint(condition=Q(weight__gt=0), name="exam_component_weight_positive"),
        ]
        verbose_name = _("exam component")
        verbose_name_plural = _("exam components")

    def __str__(self):
        return self.get_kind_display()


class PartKind(models.TextChoices):
    SCORE = "score", _("Score")
    KNOWLEDGE = "knowledge", _("Knowledge")
    VALUES = "values", _("Values")
    SKILLS = "skills", _("Skills")


class ComponentPart(models.Model):
    """What an assessor scores (0–100): the cognitive test's knowledge, values and skills parts, or
    a component's single score. Its weight counts within the component."""

    component = models.ForeignKey(ExamComponent, on_delete=models.CASCADE, related_name="parts")
    kind = models.CharField(_("part"), max_length=10, choices=PartKind.choices, default=PartKind.SCORE)
    weight = models.DecimalField(
        _("weight"), max_digits=5, decimal_places=2, validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(100)]
    )
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["component", "kind"], name="exam_part_once"),
            models.CheckConstraint(condition=Q(weight__gt=0), name="exam_part_weight_positive"),
        ]
        verbose_name = _("component part")
        verbose_name_plural = _("component parts")

    def __str__(self):
        if self.kind == PartKind.SCORE:
            return self.component.get_kind_display()
        return f"{self.component.get_kind_display()}: {self.get_kind_display()}"


