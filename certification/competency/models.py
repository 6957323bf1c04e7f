"""A scheme's content as data: versions of its units of competency (unit kompetensi, from the SKKNI),
each with elements and performance criteria (kriteria unjuk kerja, KUK); and the candidate's FR.APL.02
self-assessment per element, against the version the application started with."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class SchemeKind(models.TextChoices):
    KKNI = "kkni", _("KKNI level")
    OKUPASI = "okupasi", _("Occupation (okupasi)")
    KLASTER = "klaster", _("Cluster (klaster)")


class SchemeVersionQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published_at__isnull=False)

    def drafts(self):
        return self.filter(published_at__isnull=True)

    def current_for(self, scheme_id):
        """The scheme's latest published version, or None."""
        return self.published().filter(scheme_id=scheme_id).order_by("-number").first()


class SchemeVersion(models.Model):
    """One published state of a scheme's units (an import is a draft until an LSP admin publishes it).
    A published version is never changed: applications that started with it keep it."""

    scheme = models.ForeignKey(
        "certification.Scheme", on_delete=models.PROTECT, related_name="competency_versions", verbose_name=_("scheme")
    )
    number = models.PositiveIntegerField(_("version"), null=True, blank=True)
    kind = models.CharField(_("kind of scheme"), max_length=10, choices=SchemeKind.choices)
    kkni_level = models.PositiveSmallIntegerField(_("KKNI level"), null=True, blank=True)
    scheme_number = models.CharField(
        _("scheme number"), max_length=100, blank=True, help_text=_("The number of the scheme document (nomor skema).")
    )
    illustrative = models.BooleanField(
        _("illustrative"), default=False, help_text=_("Example content for the demonstration, not an official SKKNI.")
    )
    source_name = models.CharField(_("imported from"), max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("published by"),
    )

    objects = SchemeVersionQuerySet.as_manager()

    class Meta:
        ordering = ["scheme", "-number", "-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["scheme", "number"], name="scheme_version_number_once"),
            models.CheckConstraint(
                condition=Q(published_at__isnull=True) | Q(number__isnull=False), name="scheme_version_published_numbered"
            ),
        ]
        verbose_name = _("scheme version")
        verbose_name_plural = _("scheme versions")

    def __str__(self):
        if self.number is None:
            return _("%(scheme)s, draft") % {"scheme": self.scheme}
        return _("%(scheme)s, version %(n)s") % {"scheme": self.scheme, "n": self.number}

    @property
    def is_published(self):
        return self.published_at is not None


class Unit(models.Model):
    version = models.ForeignKey(SchemeVersion, on_delete=models.CASCADE, related_name="units")
    code = models.CharField(_("unit code"), max_length=40)
    title = models.CharField(_("unit title"), max_length=500)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["version", "order", "id"]
        constraints = [models.UniqueConstraint(fields=["version", "code"], name="unit_code_once_per_version")]
        verbose_name = _("unit of competency")
        verbose_name_plural = _("units of competency")

    def __str__(self):
        return f"{self.code} {self.title}"


class Element(models.Model):
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="elements")
    number = models.PositiveSmallIntegerField(_("element number"))
    title = models.CharField(_("element"), max_length=500)

    class Meta:
        ordering = ["unit", "number"]
        constraints = [models.UniqueConstraint(fields=["unit", "number"], name="element_number_once_per_unit")]
        verbose_name = _("element")
        verbose_name_plural = _("elements")

    def __str__(self):
        return f"{self.number}. {self.title}"


class PerformanceCriterion(models.Model):
    """A KUK (kriteria unjuk kerja): "1.1", "1.2" under element 1."""

    element = models.ForeignKey(Element, on_delete=models.CASCADE, related_name="criteria")
    number = models.CharField(_("KUK number"), max_length=10)
    text = models.CharField(_("performance criterion (KUK)"), max_length=1000)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["element", "order", "id"]
        constraints = [models.UniqueConstraint(fields=["element", "number"], name="kuk_number_once_per_element")]
        verbose_name = _("performance criterion (KUK)")
        verbose_name_plural = _("performance criteria (KUK)")

    def __str__(self):
        return f"{self.number} {self.text}"


class SelfAssessment(models.Model):
    """The application's FR.APL.02: the scheme version it follows (pinned when the application starts,
    kept through revisions and new versions). A side table keyed to the application, so that
    certification's `Application` needs no column for it."""

    application = models.OneToOneField(
        "certification.Application", on_delete=models.CASCADE, related_name="self_assessment"
    )
    version = models.ForeignKey(SchemeVersion, on_delete=models.PROTECT, related_name="self_assessments")
    #: the units it covers; empty: every unit of the version. A re-sit (`certification.unitdecisions`) covers
    #: only the units judged Belum Kompeten in the earlier application.
    units = models.ManyToManyField(Unit, blank=True, related_name="+", verbose_name=_("units covered"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("self-assessment (FR.APL.02)")
        verbose_name_plural = _("self-assessments (FR.APL.02)")

    def __str__(self):
        return str(self.application)

    def covered_units(self):
        """The units this self-assessment covers (a queryset, in the version's order)."""
        scoped = Unit.objects.filter(version_id=self.version_id)
        if self.pk and self.units.exists():
            scoped = scoped.filter(pk__in=self.units.values("pk"))
        return scoped


class Answer(models.TextChoices):
    COMPETENT = "K", _("Kompeten")
    NOT_YET = "BK", _("Belum Kompeten")


class ElementAnswer(models.Model):
    """The candidate's answer for one element, with the portfolio documents that prove it (several
    elements may point to the same document)."""

    self_assessment = models.ForeignKey(SelfAssessment, on_delete=models.CASCADE, related_name="answers")
    element = models.ForeignKey(Element, on_delete=models.PROTECT, related_name="+")
    answer = models.CharField(_("answer"), max_length=2, choices=Answer.choices)
    evidence = models.ManyToManyField(
        "certification.ApplicationDocument", blank=True, related_name="+", verbose_name=_("evidence")
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["element__unit__order", "element__number"]
        constraints = [
            models.UniqueConstraint(fields=["self_assessment", "element"], name="element_answer_once")
        ]
        verbose_name = _("element answer")
        verbose_name_plural = _("element answers")

    def __str__(self):
        return f"{self.element}: {self.get_answer_display()}"
