"""What the accreditation services share: field maps, states, the refusal they raise."""

from ..choices import (
    AccreditationStatus,
    LegalDocument,
)

UNSET = object()

#: The institution's fields per legal document (number, date, document).
LEGAL_FIELDS = {
    LegalDocument.DEED: ("deed_number", "deed_date", "deed_document"),
    LegalDocument.DECREE: ("decree_number", "decree_date", "decree_document"),
    LegalDocument.REGISTRATION: ("registration_number", "registration_date", "registration_document"),
    LegalDocument.LICENCE: ("licence_number", "licence_date", "licence_document"),
    LegalDocument.NPWP: ("npwp", None, "npwp_document"),
}
IDENTITY_FIELDS = ("name", "legal_entity_name", "legal_form", "province")
#: While an accreditation is under review (not a draft, not a revision) these stay as submitted.
IN_REVIEW_STATES = (AccreditationStatus.SUBMITTED, AccreditationStatus.DESK_ACCEPTED, AccreditationStatus.VISITATION_SCHEDULED, AccreditationStatus.VISITED, AccreditationStatus.DECIDED)


class AccreditationError(Exception):
    """A refusal with a translated, user-facing message."""
