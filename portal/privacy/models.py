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


# A personal-data breach (UU 27/2022 Pasal 46): what happened, whose data, since when; the people
# affected and the authority told in writing within 3×24 hours of the discovery.


class DataCategory(models.TextChoices):
    IDENTITY = "identity", _("Identity, including the NIK")
    CONTACT = "contact", _("Contact details")
    EDUCATION = "education", _("Education and employment")
    DOCUMENTS = "documents", _("Uploaded documents")
    ASSESSMENT = "assessment", _("Assessment results")
    ACCREDITATION = "accreditation", _("Accreditation data")
    CREDENTIALS = "credentials", _("Account credentials (passwords, second factors)")
    OTHER = "other", _("Other personal data")


class BreachStatus(models.TextChoices):
    RECORDED = "recorded", _("Recorded")
    NOTIFIED = "notified", _("Notified")
    CLOSED = "closed", _("Closed")


class Breach(models.Model):
    title = models.CharField(_("what happened, in a line"), max_length=200)
    description = models.TextField(_("what happened and how"))
    #: DataCategory values (a JSON list: the portal runs on SQLite too)
    categories = models.JSONField(_("categories of personal data"), default=list)
    subjects_description = models.TextField(_("whose data"))
    occurred_from = models.DateTimeField(_("happening since"), null=True, blank=True)
    occurred_until = models.DateTimeField(_("happening until"), null=True, blank=True)
    discovered_at = models.DateTimeField(_("discovered at"))
    discovery = models.TextField(_("how it was discovered"))
    measures = models.TextField(_("measures taken"))
    status = models.CharField(
        _("status"), max_length=20, choices=BreachStatus.choices, default=BreachStatus.RECORDED, db_index=True
    )
    #: discovered_at + BREACH_NOTIFY_HOURS, set on every save
    due_at = models.DateTimeField(_("to be notified by"), db_index=True)
    created_at = models.DateTimeField(_("recorded"), default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )
    authority_notified_at = models.DateTimeField(_("authority notified at"), null=True, blank=True)
    authority_note = models.TextField(_("how the authority was notified"), blank=True)
    #: the notice to the people affected, in each language (prepared from a template, edited by the officer)
    notice_id = models.TextField(_("notice in Indonesian"), blank=True)
    notice_en = models.TextField(_("notice in English"), blank=True)
    subjects_notified_at = models.DateTimeField(_("people affected notified at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    #: the reminders sent to the officers ("24h", "6h", "overdue-2026-12-02"), each once
    reminders = models.JSONField(_("reminders sent"), default=list, blank=True)

    workflow = None  # set in PrivacyConfig.ready()

    class Meta:
        ordering = ["due_at", "id"]
        verbose_name = _("personal data breach")
        verbose_name_plural = _("personal data breaches")

    def __str__(self):
        return f"{self.reference} {self.title}"

    def save(self, *args, **kwargs):
        self.due_at = self.discovered_at + timedelta(hours=settings.BREACH_NOTIFY_HOURS)
        super().save(*args, **kwargs)

    @property
    def reference(self):
        return f"INS-{self.created_at:%Y}-{self.pk:06d}"

    @property
    def is_open(self):
        return self.status != BreachStatus.CLOSED

    @property
    def awaiting_notice(self):
        return self.status == BreachStatus.RECORDED

    @property
    def overdue(self):
        return self.awaiting_notice and self.due_at < timezone.now()

    @property
    def time_left(self):
        return self.due_at - timezone.now()

    def category_labels(self):
        labels = dict(DataCategory.choices)
        return [str(labels[c]) for c in self.categories if c in labels]

    def get_absolute_url(self):
        return reverse("privacy:breach", args=[self.pk])


class AffectedSource(models.TextChoices):
    AUDIT = "audit", _("From the audit trail")
    MANUAL = "manual", _("Added by hand")


class AffectedPerson(models.Model):
    breach = models.ForeignKey(Breach, verbose_name=_("breach"), on_delete=models.CASCADE, related_name="affected")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("person"), on_delete=models.PROTECT, related_name="+"
    )
    source = models.CharField(_("found"), max_length=10, choices=AffectedSource.choices)
    added_at = models.DateTimeField(_("added"), default=timezone.now)
    notified_at = models.DateTimeField(_("notified"), null=True, blank=True)

    class Meta:
        ordering = ["breach", "id"]
        constraints = [models.UniqueConstraint(fields=["breach", "person"], name="privacy_affected_once")]
        verbose_name = _("person affected")
        verbose_name_plural = _("people affected")

    def __str__(self):
        return f"{self.breach.reference} {self.person}"
