"""Who may see what of the computer-based test. Items are confidential (item writers and LSP admins);
a candidate reads only their own form, only once started, never the key; the proctor is the session's
secretariat or an LSP admin. Objects a user may not see answer 404."""

import rules

from certification.exams.services import manages

from .models import AttemptItem, ItemVersion
from .bank import keeps_blueprints, writes_items


@rules.predicate
def may_write_items(user):
    return writes_items(user)


@rules.predicate
def may_keep_blueprints(user):
    return keeps_blueprints(user)


@rules.predicate
def may_proctor(user, session):
    """The proctor console and its actions (pause, resume, extend, end, another device): the session's
    secretariat or an LSP admin. The services check the same (`proctoring._require`)."""
    return manages(user, session)


def may_view_item_image(user, document):
    """Documents: an item's image for item writers and LSP admins, and for a candidate whose open test shows it."""
    if not getattr(user, "is_authenticated", False):
        return False
    if not ItemVersion.objects.filter(image_id=document.pk).exists():
        return False
    if writes_items(user):
        return True
    return AttemptItem.objects.filter(
        version__image_id=document.pk, attempt__status="in_progress", attempt__booking__application__applicant=user
    ).exists()


rules.add_perm("cbt.see_items", may_write_items)
rules.add_perm("cbt.keep_blueprints", may_keep_blueprints)
rules.add_perm("cbt.proctor", may_proctor)
