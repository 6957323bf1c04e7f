"""Choice lists of the accreditation app. Indonesian institution and document names stay Indonesian."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.core.review.models import ReviewStatus  # noqa: F401 (the desk review's, re-exported)


class LegalForm(models.TextChoices):
    """The LKS's legal form. A foundation (yayasan) or an association (perkumpulan) is a legal entity
    and needs the Kemenkumham decree; a community organisation without legal status does not."""

    YAYASAN = "yayasan", _("Foundation (yayasan)")
    PERKUMPULAN = "perkumpulan", _("Association (perkumpulan berbadan hukum)")
    ORMAS = "ormas", _("Community organisation without legal-entity status")


LEGAL_ENTITY_FORMS = {LegalForm.YAYASAN, LegalForm.PERKUMPULAN}


class ServiceField(models.TextChoices):
    CHILDREN = "children", _("Children (LKSA)")
    ELDERLY = "elderly", _("Older people (LKSLU)")
    DISABILITY = "disability", _("People with disabilities")
    REHABILITATION = "rehabilitation", _("Drug rehabilitation (korban NAPZA)")
    WOMEN = "women", _("Women (karya wanita)")
    YOUTH = "youth", _("Youth (bina remaja, pamardi putra)")
    OTHER = "other", _("Other")


class StaffRole(models.TextChoices):
    SOCIAL_WORKER = "social_worker", _("Social worker (pekerja sosial)")
    WELFARE_WORKER = "welfare_worker", _("Social-welfare worker (TKS)")
    PROFESSIONAL = "professional", _("Other professional (psychologist, nurse, teacher…)")
    MANAGEMENT = "management", _("Management and administration")
    SUPPORT = "support", _("Support staff (cook, driver, security…)")
    VOLUNTEER = "volunteer", _("Volunteer (relawan)")


class Grade(models.TextChoices):
    A = "A", _("A (Excellent)")
    B = "B", _("B (Good)")
    C = "C", _("C (Fair)")
    NOT_ACCREDITED = "X", _("Not accredited")


#: Certificate subject text per grade (the credential's `subject`, shown on the certificate and /verify/).
GRADE_SUBJECT = {
    Grade.A: ("Terakreditasi A (Sangat Baik)", "Accredited A (Excellent)"),
    Grade.B: ("Terakreditasi B (Baik)", "Accredited B (Good)"),
    Grade.C: ("Terakreditasi C (Cukup)", "Accredited C (Fair)"),
}
ACCREDITED_GRADES = (Grade.A, Grade.B, Grade.C)


class LegalDocument(models.TextChoices):
    """The documents of an LKS's legal standing, each with its number, date and file."""

    DEED = "deed", _("Notarial deed of establishment (akta notaris)")
    DECREE = "decree", _("Kemenkumham decree (SK badan hukum)")
    REGISTRATION = "registration", _("Dinas Sosial registration (Tanda Daftar)")
    LICENCE = "licence", _("Operating licence (izin operasional)")
    NPWP = "npwp", _("Tax number (NPWP)")


#: Desk-review checklist keys that are not indicators.
RECOMMENDATION_KEY = "recommendation"


class AccreditationStatus(models.TextChoices):
    DRAFT = "draft", _("Self-assessment in progress")
    SUBMITTED = "submitted", _("Submitted, waiting for the desk review")
    REVISION_REQUESTED = "revision_requested", _("Revision requested")
    DESK_ACCEPTED = "desk_accepted", _("Accepted for visitation")
    VISITATION_SCHEDULED = "visitation_scheduled", _("Visitation scheduled")
    VISITED = "visited", _("Visited, waiting for the plenary")
    DECIDED = "decided", _("Decided by the plenary")
    CERTIFIED = "certified", _("Accredited, certificate issued")


#: States in which an LKS has an accreditation under way (at most one at a time).
OPEN_STATES = [AccreditationStatus.DRAFT, AccreditationStatus.SUBMITTED, AccreditationStatus.REVISION_REQUESTED, AccreditationStatus.DESK_ACCEPTED, AccreditationStatus.VISITATION_SCHEDULED, AccreditationStatus.VISITED]
#: States in which the visitation is open: its team opens the LKS's papers (legal documents, evidence,
#: recommendation, the team's photos). Once the team lead completes it, the team keeps only its own.
VISITING_STATES = [AccreditationStatus.VISITATION_SCHEDULED]

#: Document kinds stored through `portal.documents` (the access rule looks only at these).
DOC_LEGAL = "accreditation:legal"
DOC_EVIDENCE = "accreditation:evidence"
DOC_RECOMMENDATION = "accreditation:recommendation"
DOC_PHOTO = "accreditation:photo"
