"""The on-site visitation: the visit and its team of assessors, each assessor's scores (Formulir C)
with their photos, and the team's reconciled score per indicator."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .accreditations import Accreditation
from .base import Attachment, IndicatorScore


class Visitation(models.Model):
    """The on-site visit: a date and a team of at least two assessors, one of them the lead."""

    accreditation = models.OneToOneField(Accreditation, on_delete=models.CASCADE, related_name="visitation")
    date = models.DateField(_("date of the visit"))
    start_time = models.TimeField(_("start time"), default="09:00")
    duration_hours = models.PositiveSmallIntegerField(_("duration (hours)"), default=6)
    notes = models.TextField(_("notes for the team and the LKS"), blank=True)
    #: the calendar file's SEQUENCE: a rescheduled visit updates the event in the calendars
    sequence = models.PositiveIntegerField(default=0)
    scheduled_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reconciled_at = models.DateTimeField(_("reconciled"), null=True, blank=True)
    reconciled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["date", "id"]
        indexes = [models.Index(fields=["date"], name="visitation_date_idx")]
        verbose_name = _("visitation")
        verbose_name_plural = _("visitations")

    def __str__(self):
        return _("Visitation of %(lks)s") % {"lks": self.accreditation.institution.name}

    def get_absolute_url(self):
        return reverse("accreditation:visitation_detail", args=[self.pk])


class TeamMember(models.Model):
    visitation = models.ForeignKey(Visitation, on_delete=models.CASCADE, related_name="team")
    assessor = models.ForeignKey(
        "registry.AssessorProfile", on_delete=models.PROTECT, related_name="visitation_memberships"
    )
    is_lead = models.BooleanField(_("team lead"), default=False)
    submitted_at = models.DateTimeField(_("scores submitted"), null=True, blank=True)

    class Meta:
        ordering = ["-is_lead", "id"]
        constraints = [
            models.UniqueConstraint(fields=["visitation", "assessor"], name="team_member_once"),
            models.UniqueConstraint(fields=["visitation"], condition=Q(is_lead=True), name="team_one_lead"),
        ]
        indexes = [models.Index(fields=["assessor", "visitation"], name="team_assessor_idx")]
        verbose_name = _("team member")
        verbose_name_plural = _("team")

    def __str__(self):
        return str(self.assessor)



class VisitScore(IndicatorScore):
    """One assessor's score of one indicator on site (Formulir C). Saved as it is given: the score
    and the note are saved separately, each with the time the assessor gave it on the device, so a
    late replay from a phone's offline queue never overwrites a newer answer."""

    visitation = models.ForeignKey(Visitation, on_delete=models.CASCADE, related_name="scores")
    assessor = models.ForeignKey("registry.AssessorProfile", on_delete=models.PROTECT, related_name="+")
    note = models.TextField(_("note"), blank=True)
    score_at = models.BigIntegerField(default=0)
    note_at = models.BigIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta(IndicatorScore.Meta):
        constraints = [
            models.UniqueConstraint(fields=["visitation", "assessor", "indicator"], name="visit_score_once")
        ]
        verbose_name = _("visitation score")
        verbose_name_plural = _("visitation scores")

    def __str__(self):
        return f"{self.assessor} {self.indicator.code}: {self.score}"


class VisitPhoto(Attachment):
    score = models.ForeignKey(VisitScore, on_delete=models.CASCADE, related_name="photos")


class ReconciledScore(IndicatorScore):
    """The team's one score of an indicator, settled by the team lead."""

    visitation = models.ForeignKey(Visitation, on_delete=models.CASCADE, related_name="reconciled")
    note = models.TextField(_("note"), blank=True)
    settled_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    settled_at = models.DateTimeField(auto_now=True)

    class Meta(IndicatorScore.Meta):
        constraints = [models.UniqueConstraint(fields=["visitation", "indicator"], name="reconciled_once")]
        verbose_name = _("reconciled score")
        verbose_name_plural = _("reconciled scores")

    def __str__(self):
        return f"{self.indicator.code}: {self.score}"
