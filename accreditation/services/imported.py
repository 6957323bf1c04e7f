"""Accreditations from the register kept before the portal, attached to the LKS that registered itself since.

The import (`accreditation/importers.py`) brought each old certificate in as a kernel `Credential` with no
`Institution` (the old register lacks the LKS's legal standing) and recorded the LKS's Tanda Daftar number in the
certificate's `credential.import` audit event. An operator of the LKS attaches a certificate by giving its number
and that Tanda Daftar number: both must match what the register said. One LKS per certificate; BALKS admins can
detach a certificate attached by mistake. Both are audited on the LKS."""

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from portal.audit.models import AuditEvent
from portal.audit.services import record
from portal.credentials import numbering
from portal.credentials.models import Credential
from portal.credentials.services import IMPORT_SOURCE

from ..models import ImportedAccreditation
from .common import AccreditationError
from .institutions import require_operator


def _no_match():
    return _(
        "No accreditation certificate from before the portal has this number and this Tanda Daftar number. Check "
        "both against the certificate and the Tanda Daftar, or contact BALKS."
    )


def _elsewhere():
    return _("This certificate is attached to another LKS in the portal. If that is a mistake, contact BALKS.")


def _facts(credential):
    """The register's own facts on an imported certificate: what its `credential.import` audit event recorded."""
    event = (
        AuditEvent.objects.for_object(credential).filter(action="credential.import")
        .order_by("created_at").values_list("after", flat=True).first()
    )
    return event or {}


def attach_imported(user, institution, *, number, registration_number, request=None):
    """Attach an imported accreditation certificate to `institution`, for one of its operators. Raises
    AccreditationError with a translated reason: no such imported certificate or a Tanda Daftar number that does
    not match (one message for both, so it tells nothing about either), already attached here or to another LKS.
    Returns the ImportedAccreditation."""
    require_operator(user, institution)
    compact = numbering.normalise(number)
    given = numbering.normalise(registration_number)
    with transaction.atomic():
        credential = (
            Credential.objects.select_for_update()
            .filter(kind=Credential.Kind.LKS_ACCREDITATION, lookup=compact, source__startswith=IMPORT_SOURCE)
            .first()
        ) if compact and given else None
        recorded = numbering.normalise(_facts(credential).get("registration_number", "")) if credential else ""
        if credential is None or not recorded or recorded != given:
            raise AccreditationError(_no_match())
        existing = ImportedAccreditation.objects.filter(credential=credential).first()
        if existing is not None:
            if existing.institution_id == institution.pk:
                raise AccreditationError(_("This certificate is already listed for this LKS."))
            raise AccreditationError(_elsewhere())
        try:
            with transaction.atomic():
                link = ImportedAccreditation.objects.create(institution=institution, credential=credential, attached_by=user)
        except IntegrityError:  # attached by someone else a moment ago
            raise AccreditationError(_elsewhere()) from None
        record(user, "accreditation.imported_attach", institution, after={
            "number": credential.number, "credential": credential.pk, "holder_name": credential.holder_name,
            "registration_number": registration_number.strip()[:100],
        }, request=request)
    return link


def detach_imported(user, link, *, request=None):
    """Detach a certificate attached to the wrong LKS (BALKS admins only); it can then be attached again."""
    if not getattr(user, "is_balks_admin", False):
        raise AccreditationError(_("Only BALKS admins detach a certificate from an LKS."))
    with transaction.atomic():
        institution = link.institution
        record(user, "accreditation.imported_detach", institution, before={
            "number": link.credential.number, "credential": link.credential_id,
            "attached_by": link.attached_by_id,
        }, request=request)
        link.delete()


def imported_of(institution):
    """The LKS's certificates from before the portal, newest first, with what their list shows."""
    return list(
        ImportedAccreditation.objects.filter(institution=institution)
        .select_related("credential", "credential__province")
        .order_by("-credential__issued_on", "-id")
    )
