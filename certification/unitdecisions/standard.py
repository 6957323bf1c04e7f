"""The standard content of the forms: FR.AK.03's questions to the candidate and FR.AK.06's review aspects.
Kept here as (key, text) pairs; the keys are what the records store."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

#: FR.AK.03 — Umpan balik dan catatan asesmen: the candidate answers yes / no, with a comment.
FEEDBACK_QUESTIONS = [
    ("explained", _("I received an adequate explanation of the assessment process.")),
    ("standard", _("I was given the chance to study the competency standard and to assess myself against it.")),
    ("negotiated", _("The assessor gave me the chance to discuss the methods, instruments, sources and schedule of the assessment.")),
    ("evidence", _("The assessor sought all the supporting evidence that fits my training and experience.")),
    ("demonstrate", _("I was fully given the chance to demonstrate my competence during the assessment.")),
    ("decision", _("I received an adequate explanation of the assessment decision.")),
    ("follow_up", _("The assessor gave supportive feedback after the assessment and its follow-up.")),
    ("documents", _("The assessor went through all the assessment documents with me and we confirmed them.")),
    ("confidential", _("I was assured that the results are confidential and told how the assessment documents are kept.")),
    ("communication", _("The assessor communicated effectively during the assessment.")),
]

#: FR.AK.06 — Meninjau proses asesmen: for each stage of the assessment, the principles it met.
REVIEW_STAGES = [
    ("plan", _("Assessment plan")),
    ("preparation", _("Preparation of the assessment")),
    ("implementation", _("Implementation of the assessment")),
    ("decision", _("Assessment decision")),
    ("feedback", _("Feedback on the assessment")),
]
PRINCIPLES = [
    ("valid", pgettext_lazy("principle of assessment", "Valid")),
    ("reliable", pgettext_lazy("principle of assessment", "Reliable")),
    ("flexible", pgettext_lazy("principle of assessment", "Flexible")),
    ("fair", pgettext_lazy("principle of assessment", "Fair")),
]
#: the dimensions of competency the assessment covered
DIMENSIONS = [
    ("task", _("Task skills")),
    ("task_management", _("Task management skills")),
    ("contingency", _("Contingency management skills")),
    ("environment", _("Job role / environment skills")),
    ("transfer", _("Transfer skills")),
]
