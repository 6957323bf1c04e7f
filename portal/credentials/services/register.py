"""The register kept before the portal: its credentials brought in with their numbers exactly as issued,
signed, in the status lists, audited (`import_credentials`, called by the import engine)."""



from portal.audit.services import record_many
from portal.core import bulk
from portal.core.tasks import send_after_commit

from .. import numbering, vc
from ..models import Credential
from .issuance import STATUS_LIST_TASK, Kind, Status, _audit_facts, _new_credential

#: the source of a credential brought in from the register kept before the portal (`import_credentials`)
IMPORT_SOURCE = "import:"


def import_source(number):
    """The source of an imported credential: its number, compact (one credential per number, whatever its kind)."""
    return f"{IMPORT_SOURCE}{numbering.normalise(number)}"


def import_credentials(*, kind, items, actor=None, progress=None, batch_size=2000):
    """Bring in credentials issued before the portal, with their numbers exactly as issued. Each is signed
    (the QR payload and its VC, with the active key), placed in the status lists (a revoked or suspended one
    has its bit set once the lists are rebuilt after the commit) and audited (`credential.import`); its PDF
    is rendered when first downloaded, never here. No holder is notified (`holder` is None until the person
    claims their profile).

    `items`: dicts with `number`, `holder_name`, `subject`, `subject_code`, `issued_on`, `valid_until`,
    `status`, and optionally `subject_en`, `issuer`, `province_id`, `status_reason`, `holder_id`, `facts` (added to
    the audit event: what the old register said that the credential has no field for). The caller
    checked them (the import engine: numbers new, dates in order) and holds its transaction. Returns the
    number created."""
    kind = Kind(kind)
    issuer = vc.ISSUER_NAMES[kind]
    created = 0
    blocks = {}
    for start in range(0, len(items), batch_size):
        chunk = items[start:start + batch_size]
        rows = []
        for item in chunk:
            credential = _new_credential(
                kind, item["number"], actor,
                holder_id=item.get("holder_id"),
                holder_name=" ".join(item["holder_name"].split()),
                subject=" ".join(item["subject"].split()),
                subject_en=" ".join((item.get("subject_en") or "").split()),
                subject_code=numbering.normalise(item.get("subject_code", ""))[:40],
                issuer=item.get("issuer") or issuer,
                province_id=item.get("province_id"),
                issued_on=item["issued_on"],
                valid_until=item["valid_until"],
                status=item.get("status") or Status.VALID,
                status_reason=item.get("status_reason", ""),
                source=import_source(item["number"]),
            )
            rows.append(credential)
        if bulk.assign_ids(Credential, rows):  # PostgreSQL: keys first, so each VC is signed before the insert
            for credential in rows:
                credential.vc_jwt = vc.signed_vc(credential)
            bulk.insert(Credential, rows)
        else:
            bulk.insert(Credential, rows)
            for credential in rows:
                credential.vc_jwt = vc.signed_vc(credential)
            Credential.objects.bulk_update(rows, ["vc_jwt"])
        record_many(actor, "credential.import", [
            (c, _audit_facts(c) | {"status": c.status} | item.get("facts", {})) for c, item in zip(rows, chunk)
        ])
        for credential in rows:
            if credential.status in vc.BIT_STATUS.values():
                blocks.setdefault(vc.position(credential)[0], credential.pk)
        created += len(rows)
        if progress is not None:
            progress(created)
    for pk in blocks.values():  # one rebuild per block of the status lists with a bit to set
        send_after_commit(STATUS_LIST_TASK, pk)
    return created
