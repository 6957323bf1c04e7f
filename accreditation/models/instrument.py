"""The accreditation instrument, versioned: a version's grade rules, score scale, standards, indicators
and descriptors. A published version is frozen (`VersionPart` refuses changes to its parts)."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from portal.core.numbers import decimal

from ..choices import Grade


class InstrumentFrozen(ValidationError):
    pass


class InstrumentVersionQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published_at__isnull=False)

    def current(self):
        """The newest published version: what a new accreditation is assessed with."""
        return self.published().order_by("-number").first()


class InstrumentVersion(models.Model):
    """A version of the accreditation instrument. Once published it is frozen: a change is a new
    version, and every accreditation keeps a snapshot of the version it was assessed with."""

    number = models.PositiveSmallIntegerField(_("version"), unique=True)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = InstrumentVersionQuerySet.as_manager()

    class Meta:
        ordering = ["-number"]
        verbose_name = _("instrument version")
        verbose_name_plural = _("instrument versions")

    def __str__(self):
        return f"v{self.number} · {self.title}"

    @property
    def is_published(self):
        return self.published_at is not None


class VersionPart(models.Model):
    """A part of an instrument version; refuses changes once the version is published."""

    #: the field that holds the part's parent, and the lookup from a version down to that parent:
    #: parts that hang below another part (an indicator below a standard) name theirs
    parent_field = "version_id"
    version_lookup = "pk"

    class Meta:
        abstract = True

    def version_of(self):
        """The version this part belongs to (None while it has no parent)."""
        parent_id = getattr(self, self.parent_field)
        if not parent_id:
            return None
        return InstrumentVersion.objects.filter(**{self.version_lookup: parent_id}).first()

    def _check_frozen(self):
        version = self.version_of()
        if version is not None and version.is_published:
            raise InstrumentFrozen(
                _("Version %(n)s of the instrument is published and cannot change; copy it as a new version.")
                % {"n": version.number}
            )

    def clean(self):
        super().clean()
        self._check_frozen()

    def save(self, *args, **kwargs):
        self._check_frozen()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        self._check_frozen()
        return super().delete(*args, **kwargs)


class GradeRule(VersionPart):
    """A grade's cut-off (minimum score of 100) and validity. Defaults: A ≥ 86 → 5 years,
    B ≥ 71 → 3 years, C ≥ 56 → 2 years; below C: not accredited."""

    version = models.ForeignKey(InstrumentVersion, on_delete=models.CASCADE, related_name="grades")
    grade = models.CharField(_("grade"), max_length=1, choices=[c for c in Grade.choices if c[0] != "X"])
    min_score = models.DecimalField(_("minimum score"), max_digits=5, decimal_places=2)
    validity_years = models.PositiveSmallIntegerField(_("valid for (years)"))

    class Meta:
        ordering = ["-min_score"]
        constraints = [
            models.UniqueConstraint(fields=["version", "grade"], name="grade_rule_once"),
            models.CheckConstraint(condition=Q(min_score__gte=0, min_score__lte=100), name="grade_rule_range"),
        ]
        verbose_name = _("grade rule")
        verbose_name_plural = _("grade rules")

    def __str__(self):
        return f"{self.grade} ≥ {decimal(self.min_score)}"


class ScaleLevel(VersionPart):
    """A point of the score scale (e.g. 1 Kurang … 4 Sangat baik)."""

    version = models.ForeignKey(InstrumentVersion, on_delete=models.CASCADE, related_name="scale")
    value = models.PositiveSmallIntegerField(_("score"))
    label = models.CharField(_("label"), max_length=50)

    class Meta:
        ordering = ["value"]
        constraints = [models.UniqueConstraint(fields=["version", "value"], name="scale_level_once")]
        verbose_name = _("score level")
        verbose_name_plural = _("score scale")

    def __str__(self):
        return f"{self.value} {self.label}"


class Standard(VersionPart):
    """One of the six standards (program, proses, manajemen, SDM, sarana prasarana, hasil)."""

    version = models.ForeignKey(InstrumentVersion, on_delete=models.CASCADE, related_name="standards")
    number = models.PositiveSmallIntegerField(_("number"))
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["version", "number"]
        constraints = [models.UniqueConstraint(fields=["version", "number"], name="standard_once")]
        verbose_name = _("standard")
        verbose_name_plural = _("standards")

    def __str__(self):
        return f"{self.number}. {self.name}"


class Indicator(VersionPart):
    standard = models.ForeignKey(Standard, on_delete=models.CASCADE, related_name="indicators")
    code = models.CharField(_("code"), max_length=10, help_text=_("E.g. 2.3"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    text = models.TextField(_("indicator"))
    guidance = models.TextField(_("guidance"), blank=True)
    weight = models.DecimalField(_("weight"), max_digits=6, decimal_places=2)
    required_evidence = models.TextField(
        _("required evidence"), blank=True, help_text=_("What the LKS must upload (Formulir B). Leave empty if none.")
    )
    allows_not_applicable = models.BooleanField(
        _("may be “not applicable”"), default=False,
        help_text=_("E.g. residential care indicators for an LKS without residential services."),
    )

    parent_field = "standard_id"
    version_lookup = "standards__pk"

    class Meta:
        ordering = ["standard__number", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["standard", "code"], name="indicator_code_once"),
            models.CheckConstraint(condition=Q(weight__gt=0), name="indicator_weight_positive"),
        ]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")

    def __str__(self):
        return f"{self.code} {self.text[:80]}"

    @property
    def needs_evidence(self):
        return bool(self.required_evidence.strip())


class Descriptor(VersionPart):
    """What a score means for one indicator."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="descriptors")
    value = models.PositiveSmallIntegerField(_("score"))
    text = models.TextField(_("descriptor"))

    parent_field = "indicator_id"
    version_lookup = "standards__indicators__pk"

    class Meta:
        ordering = ["indicator", "value"]
        constraints = [models.UniqueConstraint(fields=["indicator", "value"], name="descriptor_once")]
        verbose_name = _("descriptor")
        verbose_name_plural = _("descriptors")

    def __str__(self):
        return f"{self.value}: {self.text[:60]}"
