"""The accreditation app's models, one module per concept; every model is importable from here
(`from accreditation.models import Accreditation`), and Django finds them here (app label
`accreditation`).

- `institutions`: the LKS, its operators, service fields and staff;
- `instrument`: the versioned instrument (grade rules, scale, standards, indicators, descriptors);
- `accreditations`: the accreditation itself, from the self-assessment to the certificate, and its
  renewal reminders;
- `imported`: certificates from the register kept before the portal, attached to their LKS;
- `selfassessment`: the LKS's answers and evidence;
- `review`: the desk review's checklist;
- `visitation`: the visit, its team, the assessors' scores and photos, the reconciled scores;
- `base`: the abstract bases the self-assessment and the visitation share.
"""

from .accreditations import Accreditation, AccreditationQuerySet, RenewalReminder
from .base import Attachment, IndicatorScore
from .imported import ImportedAccreditation
from .institutions import Institution, InstitutionOperator, InstitutionQuerySet, InstitutionService, Staff
from .instrument import (
    Descriptor,
    GradeRule,
    Indicator,
    InstrumentFrozen,
    InstrumentVersion,
    InstrumentVersionQuerySet,
    ScaleLevel,
    Standard,
    VersionPart,
)
from .review import ReviewItem
from .selfassessment import Answer, Evidence
from .visitation import ReconciledScore, TeamMember, Visitation, VisitPhoto, VisitScore

__all__ = [
    "Accreditation",
    "AccreditationQuerySet",
    "Answer",
    "Attachment",
    "Descriptor",
    "Evidence",
    "GradeRule",
    "Indicator",
    "ImportedAccreditation",
    "IndicatorScore",
    "Institution",
    "InstitutionOperator",
    "InstitutionQuerySet",
    "InstitutionService",
    "InstrumentFrozen",
    "InstrumentVersion",
    "InstrumentVersionQuerySet",
    "ReconciledScore",
    "RenewalReminder",
    "ReviewItem",
    "ScaleLevel",
    "Staff",
    "Standard",
    "TeamMember",
    "VersionPart",
    "VisitPhoto",
    "VisitScore",
    "Visitation",
]
