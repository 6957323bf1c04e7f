from django.db import models
from django.utils.translation import gettext_lazy as _


class RegionalOffice(models.Model):
    """One of the six BBPPKS regional offices whose secretariats run exams and visitations."""

    code = models.CharField(_("code"), max_length=4, unique=True, help_text=_("Roman numeral, I to VI."))
    name = models.CharField(_("name"), max_length=200)
    city = models.CharField(_("city"), max_length=100)
    address = models.TextField(_("address"), blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("regional office")
        verbose_name_plural = _("regional offices")

    def __str__(self):
        return f"{self.name}"


class Province(models.Model):
    """A province with its capital. `code` is the two-digit Kemendagri code that opens every NIK."""

    code = models.CharField(_("code"), max_length=2, unique=True)
    name = models.CharField(_("name"), max_length=100)
    capital = models.CharField(_("capital city"), max_length=100)
    regional_office = models.ForeignKey(
        RegionalOffice, verbose_name=_("regional office"), on_delete=models.PROTECT, related_name="provinces"
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("province")
        verbose_name_plural = _("provinces")

    def __str__(self):
        return self.name
