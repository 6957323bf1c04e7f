from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from . import rules


class RetentionPolicy(models.Model):
    """A portal admin's period for one kind of record (`rules.Kind`); a kind without a policy keeps its
    `default_months`. Edited in the Django admin."""

    kind = models.CharField(_("kind of record"), max_length=60, unique=True)
    months = models.PositiveSmallIntegerField(_("months"))
    enabled = models.BooleanField(_("enabled"), default=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("changed by"),
    )
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        ordering = ["kind"]
        verbose_name = _("retention policy")
        verbose_name_plural = _("retention policies")

    def __str__(self):
        kind = rules.get(self.kind)
        return str(kind.label) if kind else self.kind

    def clean(self):
        kind = rules.get(self.kind)
        if kind is None:
            raise ValidationError({"kind": _("Unknown kind of record.")})
        if self.months is not None and self.months < kind.minimum_months:
            raise ValidationError(
                {"months": _("At least %(months)s months for this kind of record.") % {"months": kind.minimum_months}}
            )


class RetentionRun(models.Model):
    """One application of one kind's period: what it removed (or, in a dry run, would remove)."""

    kind = models.CharField(_("kind of record"), max_length=60)
    months = models.PositiveSmallIntegerField(_("months"))
    cutoff = models.DateTimeField(_("before"))
    dry_run = models.BooleanField(_("dry run"), default=False)
    removed = models.PositiveIntegerField(_("removed"), default=0)
    started_at = models.DateTimeField(_("started"), auto_now_add=True)
    #: empty while the run is under way (or when it was interrupted)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        ordering = ["-started_at", "-id"]
        indexes = [models.Index(fields=["kind", "-started_at"], name="retention_run_kind_idx")]
        verbose_name = _("retention run")
        verbose_name_plural = _("retention runs")

    def __str__(self):
        return f"{self.kind_label} {self.started_at:%Y-%m-%d %H:%M}"

    @property
    def kind_label(self):
        kind = rules.get(self.kind)
        return kind.label if kind else self.kind
