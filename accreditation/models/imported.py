"""An accreditation certificate from the register kept before the portal, attached to the LKS that registered
itself since (`services.imported.attach_imported`). The certificate is the kernel's `Credential`, imported with
its number as issued (`accreditation/importers.py`); the old register gave no `Institution` to hold it, so the
LKS's operator attaches it with the certificate number and the Tanda Daftar number the register recorded."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportedAccreditation(models.Model):
    institution = models.ForeignKey(
        "Institution", verbose_name=_("LKS"), on_delete=models.CASCADE, related_name="imported_accreditations"
    )
    #: one LKS per certificate
    credential = models.OneToOneField(
        "credentials.Credential", verbose_name=_("certificate"), on_delete=models.PROTECT, related_name="+"
    )
    attached_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    attached_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-credential__issued_on", "-id"]
        verbose_name = _("accreditation from before the portal")
        verbose_name_plural = _("accreditations from before the portal")

    def __str__(self):
        return f"{self.credential_id} · {self.institution_id}"
