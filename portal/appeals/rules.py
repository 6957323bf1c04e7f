"""Who may do what with appeals (django-rules predicates).

The handler role of the appeal's kind (LSP admins for certification, BALKS admins for accreditation)
forms the panel; the panel's members decide; the appellant follows it. Nobody else sees it (404)."""

import rules

from .models import AppealStatus, PanelMember


def _active(user):
    return bool(getattr(user, "is_authenticated", False)) and user.is_active


@rules.predicate
def handles(user, appeal):
    return appeal is not None and _active(user) and user.role == appeal.handler_role


@rules.predicate
def on_panel(user, appeal):
    return (
        appeal is not None and _active(user) and PanelMember.objects.filter(appeal=appeal, member=user).exists()
    )


@rules.predicate
def is_appellant(user, appeal):
    return appeal is not None and _active(user) and appeal.appellant_id == user.pk


def may_form_panel(user, appeal):
    return handles(user, appeal) and appeal.status == AppealStatus.SUBMITTED


def may_decide(user, appeal):
    return on_panel(user, appeal) and appeal.status == AppealStatus.IN_REVIEW


def can_view_document(user, document):
    """The handlers and the panel open an appeal's documents (the kernel's document access rule)."""
    from .models import Appeal

    if not _active(user):
        return False
    return Appeal.objects.visible_to(user).filter(documents=document).exists()


rules.set_perm("appeals.form_panel", handles)
rules.set_perm("appeals.decide_appeal", on_panel)
