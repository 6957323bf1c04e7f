"""The accreditation app's forms, one module per concept; every name importable from here."""

from .common import (  # noqa: F401
    DATE_FORMATS,
    DateInput,
    date_field,
)
from .institutions import (  # noqa: F401
    LEGAL_GROUPS,
    ImportedAccreditationForm,
    InstitutionForm,
    OperatorForm,
    PublicFilterForm,
    StaffForm,
)
from .review import (  # noqa: F401
    AssessorChoiceField,
    DecisionForm,
    DeskDecisionForm,
    QueueFilterForm,
    ReviewItemForm,
    VisitationForm,
)
from .selfassessment import (  # noqa: F401
    AnswerForm,
    EvidenceFilesForm,
    EvidenceForm,
    RecommendationForm,
)
from .visitation import (  # noqa: F401
    NOT_APPLICABLE,
    ReconcileForm,
    VisitScoreForm,
)
