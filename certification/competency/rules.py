"""Who may do what with the units of competency and the FR.APL.02 self-assessment. Plain predicates
(django-rules). Objects a user may not see answer 404 (the views raise it).

- The scheme content (import, preview, publish, discard, the versions' pages): LSP admins.
- A self-assessment: its applicant (written in the draft; read-only afterwards); the secretariat of the
  application's regional office once it is submitted, and LSP admins (`Application.objects.visible_to`);
  an assessor assigned to the application who declared no conflict (the assessment's
  `reading_assignments`). Everyone else: 404."""

import rules

from certification.assessment.rules import reading_assignments
from certification.models import Application
from certification.rules import is_owner


@rules.predicate
def is_lsp_admin(user):
    return bool(getattr(user, "is_authenticated", False) and user.is_lsp_admin)


@rules.predicate
def verifies(user, application):
    return (
        application is not None
        and (user.is_secretariat or user.is_lsp_admin)
        and Application.objects.visible_to(user).filter(pk=application.pk).exists()
    )


@rules.predicate
def assesses(user, application):
    return (
        application is not None
        and user.is_assessor
        and reading_assignments(user).filter(application_id=application.pk).exists()
    )


@rules.predicate
def is_authenticated(user, application=None):
    return bool(getattr(user, "is_authenticated", False))


may_manage_content = is_lsp_admin
may_view_self_assessment = is_authenticated & (is_owner | verifies | assesses)

rules.add_perm("competency.manage_content", may_manage_content)
rules.add_perm("competency.view_self_assessment", may_view_self_assessment)
