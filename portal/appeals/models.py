"""Appeals (banding, ISO/IEC 17024 §9.8, form FR.AK.04): a candidate or an LKS asks for a decision to be
reviewed; a panel of people who had no part in it and declared no conflict decides *upheld* (the
decision stands) or *granted* (re-assessment, or the decision changed). States through the workflow
engine (`workflows.py`); what a granted appeal does to the file, through the programme's own workflow
(`kinds.AppealKind.apply`)."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from . import kinds


class AppealStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted, waiting for the panel")
    IN_REVIEW = "in_review", _("With the appeals panel")
    UPHELD = "upheld", _("Upheld: the decision stands")
    GRANTED = "granted", _("Granted")


OPEN_STATES = (AppealStatus.SUBMITTED, AppealStatus.IN_REVIEW)
STATUS_TONE = {
    AppealStatus.SUBMITTED: "info",
    AppealStatus.IN_REVIEW: "warning",
    AppealStatus.UPHELD: "secondary",
    AppealStatus.GRANTED: "success",
}


class Outcome(models.TextChoices):
    REASSESS = kinds.REASSESS, _("Re-assessment of the named units or indicators")
    CHANGE = kinds.CHANGE, _("The decision is changed")


class AppealQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The appellant's own appeals; a handler's (the role that forms the panels of that kind); the
        appeals whose panel the user sits on. Nobody else sees any."""
        if user is None or not user.is_authenticated:
            return self.none()
        condition = Q(appellant=user) | Q(panel__member=user)
        if user.role in kinds.handler_roles():
            condition |= Q(handler_role=user.role)
        return self.filter(condition).distinct()

    def open(self):
        return self.filter(status__in=OPEN_STATES)

    def of(self, obj):
        return self.filter(content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk)


class Appeal(models.Model):
    Status = AppealStatus

    #: a key of `kinds` (certification, accreditation)
    kind = models.CharField(max_length=30, editable=False)
    handler_role = models.CharField(max_length=20, db_index=True, editable=False)
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, editable=False)
    object_id = models.PositiveBigIntegerField(editable=False)
    subject = GenericForeignKey("content_type", "object_id")
    appellant = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("appellant"), on_delete=models.PROTECT, related_name="appeals"
    )
    #: the decision appealed, as it was when the appeal was made
    decision_label = models.CharField(_("decision appealed"), max_length=200)
    decision_at = models.DateTimeField(_("decided"))
    subject_title = models.CharField(_("file"), max_length=300, blank=True)

    # FR.AK.04
    process_explained = models.BooleanField(_("The appeal process was explained to me"))
    discussed_with_assessor = models.BooleanField(_("I discussed the appeal with the assessor"))
    wants_help = models.BooleanField(_("I want someone to help me in the appeal process"))
    helper_name = models.CharField(_("who helps me"), max_length=150, blank=True)
    reasons = models.TextField(_("reasons for the appeal"))
    documents = models.ManyToManyField("documents.Document", blank=True, related_name="+", verbose_name=_("documents"))

    status = models.CharField(
        _("status"), max_length=12, choices=AppealStatus.choices, default=AppealStatus.SUBMITTED, db_index=True
    )
    created_at = models.DateTimeField(_("submitted"), auto_now_add=True)
    #: the panel decides by then (APPEAL_DECISION_DAYS after submission)
    due_at = models.DateTimeField(_("to be decided by"), db_index=True)
    reminded_on = models.DateField(null=True, blank=True, editable=False)
    panel_formed_at = models.DateTimeField(_("panel formed"), null=True, blank=True)

    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices, blank=True)
    #: a changed decision's new value (the kind's `new_decisions`: "competent", a grade)
    new_decision = models.CharField(_("new decision"), max_length=30, blank=True)
    #: the units or indicators to re-assess: [{"code": …, "label": …}]
    units = models.JSONField(_("units to re-assess"), default=list, blank=True)
    decision_reason = models.TextField(_("the panel's reasons"), blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="+",
    )
    #: when the granted outcome was carried out on the file (in the same transaction as the grant)
    applied_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = AppealQuerySet.as_manager()
    workflow = None  # set in AppealsConfig.ready()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            # One appeal per decision: a second sending of the form, or a second appeal of the same decision.
            models.UniqueConstraint(fields=["content_type", "object_id", "decision_at"], name="appeal_once_per_decision"),
        ]
        indexes = [
            models.Index(fields=["content_type", "object_id"], name="appeal_subject_idx"),
            models.Index(fields=["status", "due_at"], name="appeal_status_due_idx"),
        ]
        verbose_name = _("appeal")
        verbose_name_plural = _("appeals")

    def __str__(self):
        return self.reference

    @property
    def reference(self):
        year = self.created_at.year if self.created_at else ""
        return f"BDG-{year}-{self.pk:05d}" if self.pk else "BDG"

    def get_absolute_url(self):
        return reverse("appeals:detail", args=[self.pk])

    @property
    def kind_spec(self):
        return kinds.get(self.kind)

    @property
    def is_open(self):
        return self.status in OPEN_STATES

    @property
    def tone(self):
        return STATUS_TONE.get(self.status, "secondary")

    def new_decision_label(self):
        spec = self.kind_spec
        if spec is None or not self.new_decision:
            return self.new_decision
        return dict(spec.new_decisions(self.subject)).get(self.new_decision, self.new_decision)


class PanelMember(models.Model):
    """A member of an appeal's panel, chosen by the handler from people with no part in the decision and
    no conflict (checked by `services.add_member`)."""

    appeal = models.ForeignKey(Appeal, on_delete=models.CASCADE, related_name="panel")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("member"), on_delete=models.PROTECT, related_name="appeal_panels"
    )
    is_chair = models.BooleanField(_("chair"), default=False)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-is_chair", "added_at", "id"]
        constraints = [models.UniqueConstraint(fields=["appeal", "member"], name="appeal_panel_member_once")]
        indexes = [models.Index(fields=["member", "appeal"], name="appeal_panel_member_idx")]
        verbose_name = _("panel member")
        verbose_name_plural = _("appeals panel")

    def __str__(self):
        return self.member.get_full_name() or self.member.email
