from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from . import numbering
from . import rules as credential_rules
from .workflows import CREDENTIAL_WORKFLOW, STATUS_TONE, CredentialStatus


def credential_storage():
    """Certificate PDFs: private (no public URL), served only by `credentials:download`. A file is
    named after its credential's number, so rendering it again overwrites it rather than adding one."""
    return FileSystemStorage(location=Path(settings.PRIVATE_MEDIA_ROOT) / "credentials", allow_overwrite=True)


class CredentialQuerySet(models.QuerySet):
    def public(self):
        """What the public may see: every issued credential (its status says valid, expired, suspended, revoked)."""
        return self.exclude(number="")

    def workers(self):
        return self.filter(kind=Credential.Kind.WORKER_CERTIFICATE)

    def institutions(self):
        return self.filter(kind=Credential.Kind.LKS_ACCREDITATION)

    def held_by(self, user):
        if not user.is_authenticated:
            return self.none()
        return self.filter(holder=user)

    def matching(self, text):
        """The admins' search: the holder's name contains the text, or the number (typed in any case,
        with or without dashes) contains it. Both are served by pg_trgm indexes (migration 0003)."""
        text = text.strip()
        if not text:
            return self
        match = models.Q(holder_name__icontains=text)
        compact = numbering.normalise(text)
        if compact:
            match |= models.Q(lookup__contains=compact)
        return self.filter(match)

    def managed_by(self, user):
        """The credentials an admin may suspend, revoke or reinstate: LSP admins the worker
        certificates, BALKS admins the LKS accreditations; nobody else any."""
        kinds = credential_rules.managed_kinds(user)
        return self.filter(kind__in=kinds) if kinds else self.none()


class Credential(models.Model):
    """A worker certificate (LSP) or an LKS accreditation (BALKS). Public facts only: the holder's
    name, the subject (scheme or grade), issuer, dates, status, province."""

    class Kind(models.TextChoices):
        WORKER_CERTIFICATE = "worker", _("Social-worker certificate")
        LKS_ACCREDITATION = "lks", _("LKS accreditation")

    Status = CredentialStatus

    number = models.CharField(_("number"), max_length=40, unique=True)
    #: the number in upper case without dashes: what a typed number is looked up by
    lookup = models.CharField(max_length=40, unique=True, editable=False)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, db_index=True)
    holder = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="credentials"
    )
    holder_name = models.CharField(_("holder"), max_length=255)
    subject = models.CharField(pgettext_lazy("credential", "subject"), max_length=255, help_text=_("Scheme (workers) or grade (LKS)."))
    subject_en = models.CharField(_("subject in English"), max_length=255, blank=True)
    subject_code = models.CharField(max_length=40, blank=True)
    issuer = models.CharField(_("issuer"), max_length=100)
    province = models.ForeignKey(
        "regions.Province", verbose_name=_("province"), on_delete=models.PROTECT, null=True, blank=True
    )
    issued_on = models.DateField(_("issued on"))
    valid_until = models.DateField(_("valid until"), db_index=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.VALID, db_index=True)
    status_reason = models.TextField(_("reason"), blank=True)
    #: what it was issued for ("certification.application:42"); with `kind`, makes issuance idempotent
    source = models.CharField(max_length=100)
    #: who signed, as printed on the certificate (a snapshot of the settings at issuance)
    signatory_name = models.CharField(_("signatory"), max_length=200, blank=True)
    signatory_title = models.CharField(_("signatory's title"), max_length=200, blank=True)
    signatory_title_en = models.CharField(max_length=200, blank=True)
    #: the Ed25519 key that signed the credential's facts, and the signature (base64url)
    key_id = models.CharField(_("signing key"), max_length=40, blank=True)
    signature = models.CharField(max_length=100, blank=True)
    pdf = models.FileField(_("certificate PDF"), storage=credential_storage, max_length=100, blank=True)
    pdf_sha256 = models.CharField(max_length=64, blank=True)
    pdf_rendered_at = models.DateTimeField(null=True, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    #: the W3C Verifiable Credential (VC-JOSE compact JWT), signed once (`vc.ensure_vc`)
    vc_jwt = models.TextField(blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CredentialQuerySet.as_manager()
    workflow = CREDENTIAL_WORKFLOW

    class Meta:
        ordering = ["-issued_on", "-id"]
        constraints = [models.UniqueConstraint(fields=["kind", "source"], name="credential_one_per_source")]
        indexes = [
            models.Index(fields=["kind", "holder_name"], name="credential_kind_name_idx"),
            models.Index(fields=["kind", "province", "status"], name="credential_kind_prov_idx"),
            models.Index(fields=["status", "valid_until"], name="credential_status_until_idx"),
            # The sweep for PDFs still missing (services.render_missing_pdfs), every minute.
            models.Index(fields=["created_at"], condition=models.Q(pdf_sha256=""), name="credential_pdf_missing_idx"),
        ]
        verbose_name = _("credential")
        verbose_name_plural = _("credentials")

    def __str__(self):
        return self.number

    def save(self, *args, **kwargs):
        from .numbering import normalise

        self.lookup = normalise(self.number)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "number" in update_fields:
            kwargs["update_fields"] = {*update_fields, "lookup"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        """The credential's stable public page."""
        return reverse("credentials:verify", args=[self.number])

    @property
    def effective_status(self):
        """The status the public sees: a valid credential past its date is expired."""
        if self.status == self.Status.VALID and self.valid_until < timezone.localdate():
            return self.Status.EXPIRED
        return self.status

    @property
    def effective_status_label(self):
        return self.Status(self.effective_status).label

    @property
    def status_tone(self):
        return STATUS_TONE[self.effective_status]

    @property
    def has_pdf(self):
        return bool(self.pdf and self.pdf_sha256)

    @property
    def is_worker_certificate(self):
        return self.kind == self.Kind.WORKER_CERTIFICATE


class CredentialCounter(models.Model):
    """The last sequence number given out per number prefix (`PS-GEN`) and year. Issuing locks the row
    (`select_for_update`) in the transaction that creates the credential: numbers come without gaps
    (a rolled-back issuance rolls back its increment) and without duplicates."""

    prefix = models.CharField(max_length=32)
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["prefix", "year"], name="credential_counter_unique")]

    def __str__(self):
        return f"{self.prefix}-{self.year}: {self.last}"


class CredentialReminder(models.Model):
    """An expiry reminder (180, 90, 30 days before), recorded once per credential and threshold.
    `notified` is false for a threshold that was passed by a later one (only the nearest is sent)."""

    credential = models.ForeignKey(Credential, on_delete=models.CASCADE, related_name="reminders")
    days_before = models.PositiveSmallIntegerField()
    notified = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["credential", "days_before"], name="credential_reminder_once")
        ]

    def __str__(self):
        return f"{self.credential}: {self.days_before}"


class IssuanceBatch(models.Model):
    """Bulk issuance (a plenary's list of candidates): the items, how far it got, what failed."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        RUNNING = "running", _("Issuing")
        DONE = "done", _("Finished")

    kind = models.CharField(_("kind"), max_length=10, choices=Credential.Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    #: the issue_credential arguments of each item (JSON: holder_id, province_id, issued_on as text)
    items = models.JSONField(default=list)
    total = models.PositiveIntegerField(default=0)
    processed = models.PositiveIntegerField(default=0)
    #: [{"index": 3, "source": "...", "error": "..."}]
    errors = models.JSONField(default=list, blank=True)
    credentials = models.ManyToManyField(Credential, related_name="batches", blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("issuance batch")
        verbose_name_plural = _("issuance batches")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("credentials:batch", args=[self.pk])


class StatusList(models.Model):
    """A signed Bitstring Status List credential (`vc.rebuild_status_list`): for one kind of credential, one
    purpose (revocation, suspension) and one block of `vc.LIST_SIZE` credentials. Rebuilt after each status
    change and by the sweep; served as stored."""

    kind = models.CharField(max_length=10, choices=Credential.Kind.choices)
    purpose = models.CharField(max_length=12)
    number = models.PositiveIntegerField()
    jwt = models.TextField(blank=True)
    built_at = models.DateTimeField(null=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "purpose", "number"], name="status_list_once")]

    def __str__(self):
        return f"{self.kind}/{self.purpose}/{self.number}"
