"""The desk review's rules. Each app declares one `DeskReview` (what its checklist is, who may check
it and when, what it says) and exposes its methods; the file's own decision stays a workflow
transition whose guards ask `flagged_items` / `unaccepted_items` / `unrevised_items`."""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.audit.services import record

from .models import REVIEW_RESULTS, ReviewStatus

#: `DeskReview.accept_all_audit`: one "<subject>.accept_all" event with the count ...
AUDIT_ONCE = "once"
#: ... or one "<subject>.review_item" event per item accepted, as if each had been checked in turn.
AUDIT_EACH = "each"


@dataclass(frozen=True)
class DeskReview:
    """One app's desk review: its checklist and who may check it when, with what it says. Its
    methods are the rules; the app keeps its own names for them (`flagged_items = DESK_REVIEW.…`)."""

    #: the item's foreign key to its file ("application"), also the audit actions' prefix
    subject: str
    #: subject → its items (`ReviewedItem`s), in checklist order
    items: Callable[[Any], list]
    #: a predicate (user, subject) → bool, e.g. the app's rules; anyone else gets PermissionDenied
    may_review: Callable[[Any, Any], bool]
    #: the subject's state (its workflow's field) in which its items are checked
    open_state: str
    #: the app's refusal (raised with `closed`); its views show it as a message
    error: type[Exception]
    #: why items cannot be checked now, translated lazily
    closed: Any
    #: what a "needs revision" without a note is refused with, translated lazily
    note_required: Any
    #: how an item is named in the audit trail
    item_label: Callable[[Any], str] = str
    accept_all_audit: str = AUDIT_ONCE

    # --- what the checklist says ---------------------------------------------------------------
    def flagged_items(self, subject):
        return [item for item in self.items(subject) if item.needs_revision]

    def unrevised_items(self, subject):
        """Flagged items the applicant has not changed since the reviewer flagged them."""
        return [item for item in self.flagged_items(subject) if not item.is_revised]

    def unaccepted_items(self, subject):
        return [item for item in self.items(subject) if not item.is_accepted]

    # --- what changes it -------------------------------------------------------------------------
    def reopen_revised_items(self, subject):
        """On resubmission the flagged items go back to the reviewer's checklist (their note stays)."""
        flagged = self.flagged_items(subject)
        _update(flagged, ReviewStatus.NEEDS_REVISION, {"status": ReviewStatus.PENDING})
        for item in flagged:
            item.check_status = ReviewStatus.PENDING

    def review_item(self, reviewer, item, status, note="", *, request=None):
        """Accept an item or flag it for revision (a note is required)."""
        subject = getattr(item, self.subject)
        self._require_open(reviewer, subject)
        note = (note or "").strip()
        if status not in REVIEW_RESULTS:
            raise ValidationError(_("Unknown check result."))
        if status == ReviewStatus.NEEDS_REVISION and not note:
            raise ValidationError(str(self.note_required))
        before = {item.STATUS_FIELD: item.check_status}
        item.check_status = status
        item.check_note = note if status == ReviewStatus.NEEDS_REVISION else ""
        item.reviewed_by = reviewer
        item.reviewed_at = timezone.now()
        fields = [item.STATUS_FIELD, item.NOTE_FIELD, "reviewed_by", "reviewed_at", *item.touched_fields()]
        with transaction.atomic():
            item.save(update_fields=fields)
            self._record_check(reviewer, subject, item, before, note=note, request=request)
        return item

    def accept_all(self, reviewer, subject, *, request=None):
        """Accept every item not checked yet (a time saver for a complete file); how many were."""
        self._require_open(reviewer, subject)
        now = timezone.now()
        with transaction.atomic():
            pending = _locked(item for item in self.items(subject) if item.is_pending)
            values = {"status": ReviewStatus.ACCEPTED, "note": "", "reviewed_by": reviewer, "reviewed_at": now}
            count = _update(pending, ReviewStatus.PENDING, values)
            for item in pending:
                item.check_status, item.check_note, item.reviewed_by, item.reviewed_at = ReviewStatus.ACCEPTED, "", reviewer, now
                if self.accept_all_audit == AUDIT_EACH:
                    self._record_check(reviewer, subject, item, {item.STATUS_FIELD: ReviewStatus.PENDING}, request=request)
            if self.accept_all_audit == AUDIT_ONCE:
                record(reviewer, f"{self.subject}.accept_all", subject, after={"accepted": count}, request=request)
        return count

    # --- helpers ---------------------------------------------------------------------------------
    def _require_open(self, reviewer, subject):
        if not self.may_review(reviewer, subject):
            raise PermissionDenied
        if getattr(subject, subject.workflow.field) != self.open_state:
            raise self.error(str(self.closed))

    def _record_check(self, reviewer, subject, item, before, *, note="", request=None):
        after = {"item": self.item_label(item), item.STATUS_FIELD: item.check_status}
        record(reviewer, f"{self.subject}.review_item", subject, before=before, after=after, note=note, request=request)


def counts(items):
    """For the checklist's summary line."""
    return {
        "total": len(items),
        "accepted": sum(1 for item in items if item.is_accepted),
        "flagged": sum(1 for item in items if item.needs_revision),
    }


def _by_model(items):
    groups = defaultdict(list)
    for item in items:
        groups[type(item)].append(item)
    return groups


def _locked(items):
    """The items still pending once their rows are locked (another reviewer may have checked some)."""
    kept = []
    for model, group in _by_model(items).items():
        pks = set(
            model._default_manager.select_for_update()
            .filter(pk__in=[item.pk for item in group], **{model.STATUS_FIELD: ReviewStatus.PENDING})
            .values_list("pk", flat=True)
        )
        kept += [item for item in group if item.pk in pks]
    return kept


def _update(items, current, values):
    """One UPDATE per model: `values` ("status", "note", and plain field names) on those of `items`
    whose check is still `current`; returns how many rows changed."""
    count = 0
    for model, group in _by_model(items).items():
        names = {"status": model.STATUS_FIELD, "note": model.NOTE_FIELD}
        changes = {names.get(name, name): value for name, value in values.items()}
        changes.update({name: timezone.now() for name in model.touched_fields()})
        count += (
            model._default_manager.filter(pk__in=[item.pk for item in group], **{model.STATUS_FIELD: current})
            .update(**changes)
        )
    return count
