"""People's requests about their data (UU 27/2022): a correction (Pasal 6) or an erasure (Pasal 8),
answered by the data protection officer within the legal period (3×24 hours, Pasal 30–32 and 43),
each step through the workflow engine (portal/privacy/workflows.py) and told to the person."""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class RequestKind(models.TextChoices):
    CORRECTION = "correction", _("Correct my data")
    ERASURE = "erasure", _("Erase my data")


class RequestStatus(models.TextChoices):
    RECEIVED = "received", _("Received")
    DONE = "done", _("Done")
    REFUSED = "refused", _("Refused")


class DataRequest(models.Model):
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("person"), on_delete=models.PROTECT, related_name="data_requests"
    )
    kind = models.CharField(_("request"), max_length=20, choices=RequestKind.choices)
    details = models.TextField(_("what it is about"))
    status = models.CharField(
        _("status"), max_length=20, choices=RequestStatus.choices, default=RequestStatus.RECEIVED, db_index=True
    )
    created_at = models.DateTimeField(_("received"), default=timezone.now, db_index=True)
    #: created_at + DATA_REQUEST_HOURS, set when the request is saved first
    due_at = models.DateTimeField(_("to be answered by"), db_index=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("answered by"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="+",
    )
    response = models.TextField(_("answer"), blank=True)
    #: what an erasure removed and what it kept, with the reason (JSON: {"erased": [...], "kept": [...]})
    outcome = models.JSONField(_("outcome"), default=dict, blank=True)
    reminded_on = models.DateField(_("last reminder"), null=True, blank=True)

    workflow = None  # set in PrivacyConfig.ready()

    class Meta:
        ordering = ["due_at", "id"]
        verbose_name = _("data request")
        verbose_name_plural = _("data requests")

    def __str__(self):
        return f"{self.get_kind_display()} #{self.pk}"

    def save(self, *args, **kwargs):
        if self.due_at is None:
            self.due_at = self.created_at + timedelta(hours=settings.DATA_REQUEST_HOURS)
        super().save(*args, **kwargs)

    @property
    def reference(self):
        return f"PDP-{self.created_at:%Y}-{self.pk:06d}"

    @property
    def overdue(self):
        return self.status == RequestStatus.RECEIVED and self.due_at < timezone.now()

    def get_absolute_url(self):
        return reverse("privacy:my_data") + f"#request-{self.pk}"
