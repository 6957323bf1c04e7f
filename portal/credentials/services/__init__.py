"""The credential service: issue, render, suspend, revoke, reinstate, expire, remind, bulk-issue, and bring in
the register kept before the portal. One module per concept; callers import from here.

Certification (on *Kompeten*) and accreditation (on a grade) call `issue_credential`; everything
else here runs from the admin screens or from Celery.
"""

from .batches import batch_progress, process_batch, start_bulk_issuance
from .issuance import (
    BATCH_TASK,
    PDF_TASK,
    STATUS_LIST_TASK,
    Kind,
    Status,
    add_years,
    issue_credential,
    valid_until_for,
    validity_years_for,
    verify_signature,
)
from .pdfs import ensure_pdf, pdf_name, render_missing_pdfs
from .register import IMPORT_SOURCE, import_credentials, import_source
from .status import mark_expired, reinstate_credential, revoke_credential, send_expiry_reminders, suspend_credential

__all__ = [
    "BATCH_TASK", "IMPORT_SOURCE", "PDF_TASK", "STATUS_LIST_TASK", "Kind", "Status",
    "add_years", "batch_progress", "ensure_pdf", "import_credentials", "import_source", "issue_credential",
    "mark_expired", "pdf_name", "process_batch", "reinstate_credential", "render_missing_pdfs", "revoke_credential",
    "send_expiry_reminders", "start_bulk_issuance", "suspend_credential", "valid_until_for", "validity_years_for",
    "verify_signature",
]
