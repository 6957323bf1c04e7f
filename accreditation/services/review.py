"""The desk review of a submitted self-assessment, item by item."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.audit.services import record

from ..choices import (
    RECOMMENDATION_KEY,
    AccreditationStatus,
    ReviewStatus,
)
from ..models import (
    ReviewItem,
)
from ..rules import is_desk_reviewer
from .common import AccreditationError
from .selfassessment import indicator_key


# ---- desk review --------------------------------------------------------------------------------------
def prepare_review(accreditation):
    """The checklist: every indicator, the legal documents that apply, the recommendation letter.
    Idempotent (a resubmission keeps the earlier checks)."""
    existing = set(ReviewItem.objects.filter(accreditation=accreditation).values_list("key", flat=True))
    items, order = [], 0
    for standard in accreditation.snapshot["standards"]:
        for spec in standard["indicators"]:
            order += 1
            key = indicator_key(spec["id"])
            if key not in existing:
                items.append(ReviewItem(accreditation=accreditation, key=key, indicator_id=spec["id"], order=order))
    for key, _label, _number, _date, _document in accreditation.institution.legal_items():
        order += 1
        if f"legal:{key}" not in existing:
            items.append(ReviewItem(accreditation=accreditation, key=f"legal:{key}", order=order))
    order += 1
    if RECOMMENDATION_KEY not in existing:
        items.append(ReviewItem(accreditation=accreditation, key=RECOMMENDATION_KEY, order=order))
    ReviewItem.objects.bulk_create(items)


def review_items(accreditation):
    return list(
        ReviewItem.objects.filter(accreditation=accreditation).select_related("indicator", "reviewed_by").order_by("order", "id")
    )


def flagged_items(accreditation):
    return [i for i in review_items(accreditation) if i.status == ReviewStatus.NEEDS_REVISION]


def unrevised_items(accreditation):
    return [i for i in flagged_items(accreditation) if not i.is_revised]


def unaccepted_items(accreditation):
    return [i for i in review_items(accreditation) if i.status != ReviewStatus.ACCEPTED]


def reopen_revised_items(accreditation):
    """On resubmission the revised items go back to the secretariat's checklist."""
    ReviewItem.objects.filter(accreditation=accreditation, status=ReviewStatus.NEEDS_REVISION).update(
        status=ReviewStatus.PENDING
    )


def review_item(reviewer, item, status, note="", *, request=None):
    """Accept an item or flag it for revision (a note is required)."""
    accreditation = item.accreditation
    if not is_desk_reviewer(reviewer, accreditation):
        raise PermissionDenied
    if accreditation.status != AccreditationStatus.SUBMITTED:
        raise AccreditationError(_("Items can be checked only while the accreditation waits for the desk review."))
    note = (note or "").strip()
    if status not in (ReviewStatus.ACCEPTED, ReviewStatus.NEEDS_REVISION):
        raise ValidationError(_("Unknown check result."))
    if status == ReviewStatus.NEEDS_REVISION and not note:
        raise ValidationError(_("Write what the LKS must fix."))
    before = {"status": item.status}
    item.status = status
    item.note = note if status == ReviewStatus.NEEDS_REVISION else ""
    item.reviewed_by = reviewer
    item.reviewed_at = timezone.now()
    item.save(update_fields=["status", "note", "reviewed_by", "reviewed_at"])
    record(reviewer, "accreditation.review_item", accreditation, before=before,
           after={"item": item.key, "status": status}, note=note, request=request)
    return item


def accept_all(reviewer, accreditation, *, request=None):
    """Accept every item not checked yet."""
    if not is_desk_reviewer(reviewer, accreditation):
        raise PermissionDenied
    if accreditation.status != AccreditationStatus.SUBMITTED:
        raise AccreditationError(_("Items can be checked only while the accreditation waits for the desk review."))
    pending = ReviewItem.objects.filter(accreditation=accreditation, status=ReviewStatus.PENDING)
    count = pending.update(status=ReviewStatus.ACCEPTED, reviewed_by=reviewer, reviewed_at=timezone.now(), note="")
    record(reviewer, "accreditation.accept_all", accreditation, after={"accepted": count}, request=request)
    return count
