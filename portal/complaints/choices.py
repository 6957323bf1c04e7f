from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ComplaintStatus(models.TextChoices):
    RECEIVED = "received", pgettext_lazy("complaint status", "Received")
    TRIAGED = "triaged", pgettext_lazy("complaint status", "Triaged")
    IN_PROGRESS = "in_progress", pgettext_lazy("complaint status", "In progress")
    RESOLVED = "resolved", pgettext_lazy("complaint status", "Resolved")
    REJECTED = "rejected", pgettext_lazy("complaint status", "Rejected")
    CLOSED = "closed", pgettext_lazy("complaint status", "Closed")


#: States in which a complaint waits for its handler (the service-level clock runs).
OPEN_STATES = (ComplaintStatus.RECEIVED, ComplaintStatus.TRIAGED, ComplaintStatus.IN_PROGRESS)

#: Bootstrap colour of each status.
STATUS_TONE = {
    ComplaintStatus.RECEIVED: "warning",
    ComplaintStatus.TRIAGED: "info",
    ComplaintStatus.IN_PROGRESS: "primary",
    ComplaintStatus.RESOLVED: "success",
    ComplaintStatus.REJECTED: "secondary",
    ComplaintStatus.CLOSED: "dark",
}


class Category(models.TextChoices):
    """What the handler, at triage, finds the complaint to be about."""

    CONDUCT = "conduct", _("Conduct or ethics")
    IMPARTIALITY = "impartiality", _("Impartiality or conflict of interest")
    FRAUD = "fraud", _("Fraud or false documents")
    COMPETENCE = "competence", _("Competence of a certified worker or LKS")
    EXAM = "exam", _("Exam or assessment process")
    SERVICE = "service", _("Service, delays or information")
    PRIVACY = "privacy", _("Personal data")
    OTHER = "other", _("Other")


class CredentialAction(models.TextChoices):
    SUSPENDED = "suspend", _("Credential suspended")
    REVOKED = "revoke", _("Credential revoked")
