"""Choice lists of the registry. Indonesian institution and programme names stay Indonesian in every language."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Gender(models.TextChoices):
    MALE = "M", _("Male")
    FEMALE = "F", _("Female")


class EducationLevel(models.TextChoices):
    SMA = "SMA", _("SMA / MA (general upper-secondary school)")
    SMK = "SMK", _("SMK (vocational upper-secondary school)")
    D3 = "D3", _("D3 (three-year diploma)")
    D4 = "D4", _("D4 (applied bachelor)")
    S1 = "S1", _("S1 (bachelor)")
    S2 = "S2", _("S2 (master)")
    S3 = "S3", _("S3 (doctorate)")


#: Rank of each level for "highest education". D4 and S1 are equivalent degrees (KKNI level 6);
#: S1 ranks a hair above so a tie is shown as the academic degree.
EDUCATION_RANK = {
    EducationLevel.SMA: 10,
    EducationLevel.SMK: 11,
    EducationLevel.D3: 20,
    EducationLevel.D4: 30,
    EducationLevel.S1: 31,
    EducationLevel.S2: 40,
    EducationLevel.S3: 50,
}


class RoleType(models.TextChoices):
    SAKTI_PEKSOS = "sakti_peksos", _("Sakti Peksos")
    TKSK = "tksk", _("TKSK (sub-district welfare worker)")
    PKH = "pkh", _("Pendamping PKH (family-hope programme facilitator)")
    LKS_STAFF = "lks_staff", _("LKS staff")
    ASN_COUNSELLOR = "asn_counsellor", _("ASN social counsellor (penyuluh sosial)")
    VOLUNTEER = "volunteer", _("Volunteer (relawan)")
    OTHER = "other", _("Other")


class CertificationStatus(models.TextChoices):
    NONE = "none", _("Not certified")
    IN_PROCESS = "in_process", _("In process")
    CERTIFIED = "certified", _("Certified")
    EXPIRED = "expired", _("Certificate expired")


class Expertise(models.TextChoices):
    CHILD_PROTECTION = "child_protection", _("Child protection")
    ELDERLY = "elderly", _("Older people")
    DISABILITY = "disability", _("Disability")
    REHABILITATION = "rehabilitation", _("Drug rehabilitation (NAPZA)")
    POVERTY = "poverty", _("Poverty and social assistance (PKH)")
    DISASTER = "disaster", _("Disaster and emergency")
    COMMUNITY = "community", _("Community development")
    CORRECTIONS = "corrections", _("Corrections and juvenile justice")
    MEDICAL = "medical", _("Medical and health social work")
    WOMEN = "women", _("Women and family")
    INSTITUTIONS = "institutions", _("LKS management (accreditation)")
    EDUCATION = "education", _("Social-work education")


#: Document kinds the registry stores through `portal.documents`.
DOC_PHOTO = "registry.photo"
DOC_DIPLOMA = "registry.diploma"
DOC_EMPLOYMENT_LETTER = "registry.employment_letter"
DOC_TRAINING_CERTIFICATE = "registry.training_certificate"
