from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import subjects
from .choices import OPEN_STATES, STATUS_TONE, Category, ComplaintStatus, CredentialAction


class ComplaintQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The complaints `user` handles: those whose subject kind names the user's role (LSP admins:
        assessors, exams, certified workers, the portal; BALKS admins: LKS). Nobody else sees any."""
        if user is None or not user.is_authenticated or user.role not in subjects.handler_roles():
            return self.none()
        return self.filter(handler_role=user.role)

    def open(self):
        return self.filter(status__in=OPEN_STATES)

    def overdue(self, now=None):
        return self.open().filter(due_at__lt=now or timezone.now())


class Complaint(models.Model):
    """A complaint (pengaduan, ISO/IEC 17024 §9.9) from anyone, signed in or not. The complainant
    follows it with a tracking code (only its digest is kept); staff see it by `reference`."""

    Status = ComplaintStatus

    #: SHA-256 of the tracking code (`codes.digest`)
    tracking_digest = models.CharField(max_length=64, unique=True, editable=False)
    #: SHA-256 of the signed form token it was sent with: the same form sent twice files one complaint
    form_digest = models.CharField(max_length=64, unique=True, editable=False)
    #: a key of `subjects` (assessor, exam, worker, lks, portal…)
    subject_kind = models.CharField(_("about"), max_length=30)
    #: the role that handles it, from the subject kind when it was filed
    handler_role = models.CharField(max_length=20, db_index=True, editable=False)
    subject_name = models.CharField(_("who or what"), max_length=200, blank=True)
    credential_number = models.CharField(_("certificate or accreditation number"), max_length=60, blank=True)
    credential = models.ForeignKey(
        "credentials.Credential", verbose_name=_("credential"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="complaints",
    )
    description = models.TextField(_("what happened"))
    evidence = models.ManyToManyField("documents.Document", blank=True, related_name="+", verbose_name=_("evidence"))
    complainant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="complaints_filed"
    )
    contact_name = models.CharField(_("your name"), max_length=150)
    contact_email = models.EmailField(_("your e-mail address"))
    contact_phone = models.CharField(_("your phone number"), max_length=30, blank=True)
    #: the language the complainant wrote in: what they are answered in
    language = models.CharField(max_length=10)
    consented_at = models.DateTimeField()

    status = models.CharField(
        _("status"), max_length=12, choices=ComplaintStatus.choices, default=ComplaintStatus.RECEIVED, db_index=True
    )
    category = models.CharField(_("category"), max_length=20, choices=Category.choices, blank=True)
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("handler"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="complaints_handled",
    )
    #: the end of the current stage's service level (triage, then resolution); none once decided
    due_at = models.DateTimeField(_("due"), null=True, blank=True)
    triaged_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    #: the resolution or the reason of the rejection, as told to the complainant
    decision = models.TextField(_("decision"), blank=True)
    #: what the handler did to the credential from this complaint (suspended, revoked)
    credential_action = models.CharField(max_length=10, choices=CredentialAction.choices, blank=True)
    credential_action_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(_("received"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ComplaintQuerySet.as_manager()
    # `workflow` is set in ComplaintsConfig.ready() (portal.complaints.workflows.COMPLAINT_WORKFLOW).

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["handler_role", "status", "-created_at"], name="complaint_queue_idx"),
            models.Index(fields=["status", "due_at"], name="complaint_due_idx"),
        ]
        verbose_name = _("complaint")
        verbose_name_plural = _("complaints")

    def __str__(self):
        return self.reference

    @property
    def reference(self):
        """What staff (and a credential's status reason) call it. Not the tracking code: that is the
        complainant's secret."""
        return f"PGD-{self.pk:06d}" if self.pk else "PGD-"

    def get_absolute_url(self):
        return reverse("complaints:detail", args=[self.pk])

    @property
    def subject(self):
        return subjects.get(self.subject_kind)

    @property
    def subject_label(self):
        return subjects.label(self.subject_kind)

    @property
    def status_tone(self):
        return STATUS_TONE[self.status]

    @property
    def is_open(self):
        return self.status in OPEN_STATES

    @property
    def is_overdue(self):
        return self.is_open and self.due_at is not None and self.due_at < timezone.now()

    @property
    def stage(self):
        """The stage whose service level runs: "triage" (received) or "resolve" (triaged, in progress)."""
        if self.status == ComplaintStatus.RECEIVED:
            return "triage"
        if self.status in OPEN_STATES:
            return "resolve"
        return ""


class ComplaintResponse(models.Model):
    """A handler's response: public (the complainant reads it on the tracking page and by e-mail) or
    internal (staff only)."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="responses")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("response"))
    is_public = models.BooleanField(_("visible to the complainant"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("complaint response")
        verbose_name_plural = _("complaint responses")

    def __str__(self):
        return f"{self.complaint}: {self.text[:40]}"
