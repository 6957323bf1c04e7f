"""Retention: each kind's period (a policy or the kind's default), what is due, and its removal in
batches, each batch one transaction with its audit event; files go once the batch commits."""

import logging
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from portal.audit.services import record
from portal.documents.models import Document
from portal.documents.services import LIBRARY_KIND, delete_documents, unreferenced

from . import rules
from .models import RetentionPolicy, RetentionRun

logger = logging.getLogger(__name__)

#: Rows removed per transaction: bounded memory and short locks.
BATCH = 500


def cutoff(months, now=None):
    """The moment `months` calendar months before `now`: what is older is due (31 March - 1 month is
    28 or 29 February)."""
    return (now or timezone.now()) - relativedelta(months=months)


@dataclass(frozen=True)
class Period:
    kind: rules.Kind
    months: int
    enabled: bool
    policy: RetentionPolicy | None

    @property
    def is_default(self):
        return self.policy is None


def periods(kinds=None):
    """Each kind's period (its policy's, or its default), in the kinds' order. One query."""
    kinds = rules.kinds() if kinds is None else kinds
    policies = {p.kind: p for p in RetentionPolicy.objects.filter(kind__in=[k.key for k in kinds])}
    result = []
    for kind in kinds:
        policy = policies.get(kind.key)
        months = max(policy.months, kind.minimum_months) if policy else kind.default_months
        result.append(Period(kind, months, policy.enabled if policy else True, policy))
    return result


def period(kind):
    return periods([kind])[0]


def due(kind, now=None):
    """The rows of `kind` whose period has ended."""
    return kind.due(cutoff(period(kind).months, now))


def apply(kind, *, dry_run=False, now=None, batch=BATCH):
    """Remove what of `kind` is due, in batches; returns the run (None when its policy is off). A dry
    run only counts. Safe to re-run: a removed row is no longer due; a crash keeps every batch that
    committed (with its audit event) and nothing of the one that did not."""
    current = period(kind)
    if not current.enabled:
        return None
    moment = cutoff(current.months, now)
    run = RetentionRun.objects.create(kind=kind.key, months=current.months, cutoff=moment, dry_run=dry_run)
    if dry_run:
        run.removed = kind.due(moment).count()
    else:
        seen = set()
        while True:
            with transaction.atomic():
                rows = kind.due(moment).select_for_update(skip_locked=True, of=("self",))
                ids = list(rows.order_by("pk").values_list("pk", flat=True)[:batch])
                if not ids:
                    break
                if seen.intersection(ids):  # a purge that leaves its rows due would loop for ever
                    logger.error("Retention kind %s: rows still due after their purge: %s", kind.key, ids)
                    break
                seen.update(ids)
                model = rows.model
                batch_rows = model._base_manager.filter(pk__in=ids)
                extra = (kind.purge(batch_rows) if kind.purge else _delete_rows(batch_rows)) or {}
                record(
                    None, "retention.remove", run, note=str(kind.label),
                    after={"kind": kind.key, "model": model._meta.label_lower, "count": len(ids),
                           "ids": [str(pk) for pk in ids], "cutoff": moment.isoformat(), **extra},
                )
            run.removed += len(ids)
    run.finished_at = timezone.now()
    run.save(update_fields=["removed", "finished_at"])
    if run.removed and not dry_run:
        logger.info("Retention kind %s: removed %s rows older than %s", kind.key, run.removed, moment)
    return run


def apply_all(*, dry_run=False, keys=None, now=None):
    """Every kind's period applied (or the kinds named by `keys`); {key: removed} of those that ran."""
    result = {}
    for kind in rules.kinds():
        if keys is not None and kind.key not in keys:
            continue
        run = apply(kind, dry_run=dry_run, now=now)
        if run is not None:
            result[kind.key] = run.removed
    return result


def _delete_rows(rows):
    rows.delete()
    return None


def delete_documents_of(document_ids):
    """For a kind's purge, once the rows that referred to these documents are gone: delete those
    documents that nothing else refers to (a kept record, a profile) and that are not in their owner's
    library; their files go after the commit. Returns the deleted documents' ids, for the audit event."""
    documents = unreferenced(Document.objects.filter(pk__in=list(document_ids)).exclude(kind=LIBRARY_KIND))
    ids = [str(pk) for pk in documents.values_list("pk", flat=True)]
    delete_documents(Document.objects.filter(pk__in=ids))
    return ids


@dataclass(frozen=True)
class OverviewRow:
    period: Period
    cutoff: object
    due: int
    last_run: RetentionRun | None


def overview(user, now=None):
    """The kinds `user` answers for, each with its period, what is due now and its last run."""
    rows = []
    current = periods(rules.kinds_for(user))
    keys = [p.kind.key for p in current]
    last_ids = RetentionRun.objects.filter(kind__in=keys).values("kind").annotate(last=Max("pk")).values_list("last", flat=True)
    last = {run.kind: run for run in RetentionRun.objects.filter(pk__in=list(last_ids))}
    for p in current:
        moment = cutoff(p.months, now)
        rows.append(OverviewRow(p, moment, p.kind.due(moment).count(), last.get(p.kind.key)))
    return rows


def recent_runs(user, limit=20):
    keys = [k.key for k in rules.kinds_for(user)]
    return list(RetentionRun.objects.filter(kind__in=keys)[:limit])
