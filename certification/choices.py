"""The application's statuses, apart from the workflow so that models, rules and services can import
them without importing the workflow (which imports the services)."""

from django.db import models
from django.utils.translation import gettext_lazy


class ApplicationStatus(models.TextChoices):
    DRAFT = "draft", gettext_lazy("Draft")
    SUBMITTED = "submitted", gettext_lazy("Submitted, waiting for verification")
    REVISION_REQUESTED = "revision_requested", gettext_lazy("Revision requested")
    ELIGIBLE = "eligible", gettext_lazy("Eligible")
    INELIGIBLE = "ineligible", gettext_lazy("Not eligible")
    WITHDRAWN = "withdrawn", gettext_lazy("Withdrawn")
    IN_ASSESSMENT = "in_assessment", gettext_lazy("Portfolio assessment")
    ASSESSED_PROCEED = "assessed_proceed", gettext_lazy("Recommended for the competency exam")
    ASSESSED_NOT_YET = "assessed_not_yet", gettext_lazy("Not yet competent (portfolio)")
    EXAM_BOOKED = "exam_booked", gettext_lazy("Exam booked")
    EXAM_ATTENDED = "exam_attended", gettext_lazy("Exam attended")
    NO_SHOW = "no_show", gettext_lazy("Did not attend the exam")
    COMPETENT = "competent", gettext_lazy("Kompeten")
    NOT_YET_COMPETENT = "not_yet_competent", gettext_lazy("Belum Kompeten")
