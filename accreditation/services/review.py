"""The desk review of a submitted self-assessment, item by item."""

from operator import attrgetter

from django.utils.translation import gettext_lazy

from portal.core.review.services import DeskReview

from ..choices import (
    RECOMMENDATION_KEY,
    AccreditationStatus,
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


#: The kernel's desk review; accepting all writes one "accreditation.accept_all" event with the count.
DESK_REVIEW = DeskReview(
    subject="accreditation",
    items=review_items,
    may_review=is_desk_reviewer,
    open_state=AccreditationStatus.SUBMITTED,
    error=AccreditationError,
    closed=gettext_lazy("Items can be checked only while the accreditation waits for the desk review."),
    note_required=gettext_lazy("Write what the LKS must fix."),
    item_label=attrgetter("key"),
)
flagged_items = DESK_REVIEW.flagged_items
unrevised_items = DESK_REVIEW.unrevised_items
unaccepted_items = DESK_REVIEW.unaccepted_items
reopen_revised_items = DESK_REVIEW.reopen_revised_items
review_item = DESK_REVIEW.review_item
accept_all = DESK_REVIEW.accept_all
