"""Bulk issuance: a batch of credentials (a plenary's *Kompeten* candidates) issued by a Celery task in
chunks, resumable, with its progress."""

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.audit.services import record
from portal.core.tasks import send_after_commit

from .. import numbering
from ..models import IssuanceBatch
from .issuance import BATCH_TASK, Kind, issue_credential, logger, validity_years_for

ITEM_FIELDS = {
    "source", "holder_id", "holder_name", "subject", "subject_en", "subject_code", "issuer",
    "province_id", "issued_on", "validity_years",
}
REQUIRED_ITEM_FIELDS = {"source", "holder_name", "subject", "subject_code", "issuer"}


def _item(raw):
    item = dict(raw)
    if "holder" in item:
        holder = item.pop("holder")
        item["holder_id"] = holder.pk if holder is not None else None
    if "province" in item:
        province = item.pop("province")
        item["province_id"] = province.pk if province is not None else None
    if isinstance(item.get("issued_on"), date):
        item["issued_on"] = item["issued_on"].isoformat()
    unknown = set(item) - ITEM_FIELDS
    missing = REQUIRED_ITEM_FIELDS - {k for k, v in item.items() if v not in (None, "")}
    if unknown or missing:
        raise ValueError(f"Bulk issuance item {raw!r}: unknown {sorted(unknown)}, missing {sorted(missing)}")
    return item


def start_bulk_issuance(*, kind, items, actor=None, title="", request=None):
    """Issue many credentials in the background (a plenary's list of candidates) and follow the
    progress at `batch.get_absolute_url()`.

    `items` are dicts of `issue_credential` arguments (`holder` and `province` may be objects or
    `holder_id`/`province_id`; `issued_on` a date). Each item is idempotent on its `source`, so
    the batch can be retried safely.
    """
    kind = Kind(kind)
    prepared = [_item(raw) for raw in items]
    sources = [item["source"] for item in prepared]
    if len(set(sources)) != len(sources):
        raise ValueError("Each item of a batch needs its own source.")
    for item in prepared:  # fail now, not half-way through the batch
        numbering.subject_part(item["subject_code"])
        if item.get("validity_years") is None:
            validity_years_for(kind, item["subject_code"])
    with transaction.atomic():
        batch = IssuanceBatch.objects.create(
            kind=kind,
            title=title or _("Issuance of %(count)s credentials") % {"count": len(prepared)},
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
            items=prepared,
            total=len(prepared),
        )
        record(actor, "credential.batch_start", batch, after={"total": batch.total}, request=request)
        send_after_commit(BATCH_TASK, batch.pk)
    return batch


def process_batch(batch_id, limit=None):
    """Issue the next `limit` items of a batch (all if None). Resumes where the last run stopped.
    Returns True while items remain."""
    from portal.accounts.models import User
    from portal.regions.models import Province

    with transaction.atomic():
        batch = IssuanceBatch.objects.select_for_update().filter(pk=batch_id).first()
        if batch is None or batch.status == IssuanceBatch.Status.DONE:
            return False
        batch.status = IssuanceBatch.Status.RUNNING
        start = batch.processed
        end = batch.total if limit is None else min(batch.total, start + limit)
        for index in range(start, end):
            item = dict(batch.items[index])
            try:
                with transaction.atomic():
                    holder_id, province_id = item.pop("holder_id", None), item.pop("province_id", None)
                    issued_on = item.pop("issued_on", None)
                    credential = issue_credential(
                        kind=batch.kind,
                        holder=User.objects.get(pk=holder_id) if holder_id else None,
                        province=Province.objects.get(pk=province_id) if province_id else None,
                        issued_on=date.fromisoformat(issued_on) if issued_on else None,
                        actor=batch.created_by,
                        **item,
                    )
                    batch.credentials.add(credential)
            except Exception as exc:  # one bad item must not stop the plenary's batch
                logger.exception("Batch %s item %s failed", batch.pk, index)
                batch.errors = [*batch.errors, {"index": index, "source": item.get("source", ""), "error": str(exc)[:500]}]
        batch.processed = end
        if batch.processed >= batch.total:
            batch.status = IssuanceBatch.Status.DONE
            batch.finished_at = timezone.now()
        batch.save()
        return batch.processed < batch.total


def batch_progress(batch):
    """The progress of a batch, for the JSON endpoint and the page: issued and rendered counts and
    one percentage (each item counts twice: once issued, once its PDF ready; a failed item counts done)."""
    issued = batch.credentials.count()
    rendered = batch.credentials.exclude(pdf_sha256="").count()
    failed = len(batch.errors)
    total = batch.total
    percent = 100 if not total else min(100, round(100 * (batch.processed + rendered + failed) / (2 * total)))
    finished = batch.status == IssuanceBatch.Status.DONE and rendered + failed >= total
    return {
        "id": batch.pk,
        "status": batch.status,
        "status_label": str(batch.get_status_display()) if not finished else str(_("Finished")),
        "total": total,
        "processed": batch.processed,
        "issued": issued,
        "rendered": rendered,
        "failed": failed,
        "percent": percent,
        "finished": finished,
    }
