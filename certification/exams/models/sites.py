"""Test sites (TUK, Tempat Uji Kompetensi) and their verifications."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class TukKind(models.TextChoices):
    SEWAKTU = "sewaktu", _("TUK Sewaktu (set up for the exam)")
    WORKPLACE = "tempat_kerja", _("TUK Tempat Kerja (at the workplace)")
    MANDIRI = "mandiri", _("TUK Mandiri (independent test site)")


class TukQuerySet(models.QuerySet):
    def managed_by(self, user):
        """Test sites a user keeps: the secretariat those in its regional office's provinces, LSP admins all."""
        if not user.is_authenticated:
            return self.none()
        if user.is_lsp_admin:
            return self
        if user.is_secretariat and user.regional_office_id:
            return self.filter(province__regional_office_id=user.regional_office_id)
        return self.none()


class Tuk(models.Model):
    """A test site (Tempat Uji Kompetensi) where exam sessions take place, verified by the LSP."""

    Kind = TukKind

    name = models.CharField(_("name"), max_length=200)
    address = models.TextField(_("address"))
    province = models.ForeignKey(
        "regions.Province", on_delete=models.PROTECT, related_name="+", verbose_name=_("province")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=TukKind.choices)
    capacity = models.PositiveIntegerField(
        _("capacity (candidates at once)"), validators=[MinValueValidator(1), MaxValueValidator(2000)]
    )
    facilities = models.TextField(
        _("facilities"), blank=True, help_text=_("Rooms, computers for the cognitive test, practice rooms, access…")
    )
    map_url = models.URLField(_("map link"), max_length=500, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = TukQuerySet.as_manager()

    class Meta:
        ordering = ["province__name", "name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["province", "name"], name="tuk_name_once_per_province"),
            models.CheckConstraint(condition=Q(capacity__gte=1), name="tuk_capacity_positive"),
        ]
        verbose_name = _("test site (TUK)")
        verbose_name_plural = _("test sites (TUK)")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("exams:tuk", args=[self.pk])


class VerificationResult(models.TextChoices):
    PASSED = "passed", _("Meets the requirements")
    FAILED = "failed", _("Does not meet the requirements")


class TukVerification(models.Model):
    """One verification visit of a test site by the LSP: its date, who verified, the result and, when
    it passed, until when it holds. The last one (by date) decides whether the site may host exams."""

    Result = VerificationResult

    tuk = models.ForeignKey(Tuk, on_delete=models.CASCADE, related_name="verifications", verbose_name=_("test site"))
    verified_on = models.DateField(_("verified on"))
    verifier = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("verifier")
    )
    result = models.CharField(_("result"), max_length=10, choices=VerificationResult.choices)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-verified_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(result="failed") | Q(valid_until__isnull=False, valid_until__gte=models.F("verified_on")),
                name="tuk_verification_passed_has_validity",
            ),
        ]
        verbose_name = _("test site verification")
        verbose_name_plural = _("test site verifications")

    def __str__(self):
        return f"{self.tuk} · {self.verified_on} · {self.get_result_display()}"


