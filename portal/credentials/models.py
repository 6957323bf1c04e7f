from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class CredentialQuerySet(models.QuerySet):
    def public(self):
        """What the public may see: every issued credential (its status says valid, expired, suspended, revoked)."""
        return self.exclude(number="")

    def workers(self):
        return self.filter(kind=Credential.Kind.WORKER_CERTIFICATE)

    def institutions(self):
        return self.filter(kind=Credential.Kind.LKS_ACCREDITATION)


class Credential(models.Model):
    """A worker certificate (LSP) or an LKS accreditation (BALKS). Public facts only: the holder's
    name, the subject (scheme or grade), issuer, dates, status, province."""

    class Kind(models.TextChoices):
        WORKER_CERTIFICATE = "worker", _("Social-worker certificate")
        LKS_ACCREDITATION = "lks", _("LKS accreditation")

    class Status(models.TextChoices):
        VALID = "valid", _("Valid")
        EXPIRED = "expired", _("Expired")
        SUSPENDED = "suspended", _("Suspended")
        REVOKED = "revoked", _("Revoked")

    number = models.CharField(_("number"), max_length=40, unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, db_index=True)
    holder = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="credentials"
    )
    holder_name = models.CharField(_("holder"), max_length=255)
    subject = models.CharField(_("subject"), max_length=255, help_text=_("Scheme (workers) or grade (LKS)."))
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
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CredentialQuerySet.as_manager()

    class Meta:
        ordering = ["-issued_on", "-id"]
        constraints = [models.UniqueConstraint(fields=["kind", "source"], name="credential_one_per_source")]
        indexes = [
            models.Index(fields=["kind", "holder_name"], name="credential_kind_name_idx"),
            models.Index(fields=["kind", "province", "status"], name="credential_kind_prov_idx"),
        ]
        verbose_name = _("credential")
        verbose_name_plural = _("credentials")

    def __str__(self):
        return self.number

    @property
    def effective_status(self):
        """The status the public sees: a valid credential past its date is expired."""
        if self.status == self.Status.VALID and self.valid_until < timezone.localdate():
            return self.Status.EXPIRED
        return self.status
