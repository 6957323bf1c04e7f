"""Issuing a credential: its validity, its number without gaps, its signature, the audit, the holder told,
the PDF queued. Certification (on *Kompeten*) and accreditation (on a grade) call `issue_credential`."""

import calendar
import logging
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from portal.audit.services import record
from portal.core.tasks import send_after_commit
from portal.notifications.services import notify

from .. import numbering, signing, vc
from ..models import Credential, CredentialCounter

logger = logging.getLogger(__name__)
PDF_TASK = "portal.credentials.tasks.render_credential_pdf"
STATUS_LIST_TASK = "portal.credentials.tasks.rebuild_status_lists"
BATCH_TASK = "portal.credentials.tasks.run_batch"

Kind = Credential.Kind
Status = Credential.Status


def add_years(day, years):
    """The same calendar day `years` later (29 February becomes 28 February)."""
    year = day.year + years
    return day.replace(year=year, day=min(day.day, calendar.monthrange(year, day.month)[1]))


def validity_years_for(kind, subject_code=""):
    """Worker certificates: CREDENTIAL_VALIDITY_YEARS (5). LKS accreditations: by grade
    (CREDENTIAL_LKS_VALIDITY_YEARS, A 5 / B 3 / C 2); the grade is the subject code."""
    if kind == Kind.WORKER_CERTIFICATE:
        return settings.CREDENTIAL_VALIDITY_YEARS
    grade = numbering.normalise(subject_code)
    try:
        return settings.CREDENTIAL_LKS_VALIDITY_YEARS[grade]
    except KeyError:
        raise ValueError(f"No validity is configured for LKS grade {subject_code!r}.") from None


def valid_until_for(issued_on, years):
    """Valid for `years` years: until the day before the anniversary."""
    return add_years(issued_on, years) - timedelta(days=1)


# ---- issuance -----------------------------------------------------------------------------------
def _locked_counter(prefix, year):
    """The (prefix, year) counter row, created if needed and locked until the transaction ends."""
    CredentialCounter.objects.bulk_create([CredentialCounter(prefix=prefix, year=year)], ignore_conflicts=True)
    return CredentialCounter.objects.select_for_update().get(prefix=prefix, year=year)


def _audit_facts(credential):
    return {
        "number": credential.number,
        "kind": credential.kind,
        "holder_name": credential.holder_name,
        "subject": credential.subject,
        "issued_on": credential.issued_on.isoformat(),
        "valid_until": credential.valid_until.isoformat(),
        "key_id": credential.key_id,
    }


def issue_credential(
    *,
    kind,
    source,
    holder=None,
    holder_name,
    subject,
    subject_code,
    issuer,
    province=None,
    issued_on=None,
    validity_years=None,
    actor=None,
    subject_en="",
    request=None,
):
    """Issue a credential, once per (kind, source): calling again with the same pair (a retried task,
    a double click) returns the credential issued the first time and does nothing else.

    `source` names what it is issued for, e.g. "certification.application:42". The number is
    allocated without gaps or duplicates (`PS-GEN-2026-000123-K`), the public facts are signed with
    the active Ed25519 key, the issuance is audited, the holder (if an account) is notified with a
    link to "My certificates", and the PDF is rendered by Celery after the commit.
    """
    kind = Kind(kind)
    source = str(source).strip()
    if not source:
        raise ValueError("A credential needs a source (what it is issued for).")
    existing = Credential.objects.filter(kind=kind, source=source).first()
    if existing is not None:
        return existing
    holder_name = " ".join(str(holder_name or "").split())
    subject = " ".join(str(subject or "").split())
    if not holder_name or not subject or not issuer:
        raise ValueError("A credential needs a holder name, a subject and an issuer.")
    issued_on = issued_on or timezone.localdate()
    years = validity_years if validity_years is not None else validity_years_for(kind, subject_code)
    prefix = numbering.number_prefix(kind, subject_code)
    try:
        with transaction.atomic():
            counter = _locked_counter(prefix, issued_on.year)
            # Under the counter's lock: a concurrent call for the same source has committed by now.
            existing = Credential.objects.filter(kind=kind, source=source).first()
            if existing is not None:
                return existing
            counter.last += 1
            counter.save(update_fields=["last"])
            credential = _new_credential(
                kind, numbering.format_number(prefix, issued_on.year, counter.last), actor,
                holder=holder,
                holder_name=holder_name,
                subject=subject,
                subject_en=" ".join(str(subject_en or "").split()),
                subject_code=numbering.subject_part(subject_code),
                issuer=issuer,
                province=province,
                issued_on=issued_on,
                valid_until=valid_until_for(issued_on, years),
                source=source,
            )
            credential.save()
            vc.ensure_vc(credential)
            record(actor, "credential.issue", credential, after=_audit_facts(credential), request=request)
            if holder is not None:
                notify(
                    holder,
                    "credentials/issued",
                    {"credential": credential, "kind_label": credential.get_kind_display()},
                    url=reverse("credentials:mine"),
                )
            send_after_commit(PDF_TASK, credential.pk)
    except IntegrityError:
        # Another process issued for the same source between our check and our insert.
        existing = Credential.objects.filter(kind=kind, source=source).first()
        if existing is None:
            raise
        return existing
    return credential


def _new_credential(kind, number, actor, **facts):
    """A credential (not saved) with its number, the kind's signatory and the issuer's signature over its
    public facts: the one way issuance and the import of the old register build one."""
    signatory = settings.CREDENTIAL_SIGNATORIES.get(kind, {})
    credential = Credential(
        number=number,
        lookup=numbering.normalise(number),
        kind=kind,
        signatory_name=signatory.get("name", ""),
        signatory_title=signatory.get("title", ""),
        signatory_title_en=signatory.get("title_en", ""),
        issued_by=actor if getattr(actor, "is_authenticated", False) else None,
        **facts,
    )
    credential.key_id, credential.signature = signing.sign(signing.payload_of(credential))
    return credential


def verify_signature(credential):
    """True when the stored signature still matches the credential's facts."""
    return signing.verify(credential.key_id, signing.payload_of(credential), credential.signature)
