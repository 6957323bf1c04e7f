"""The LKS: registration, legal documents, staff and operators."""

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.accounts.roles import Role
from portal.audit.services import record
from portal.documents.models import Document
from portal.documents.services import atomic_with_uploads, store_upload
from portal.notifications.services import notify

from ..choices import (
    DOC_LEGAL,
    OPEN_STATES,
    AccreditationStatus,
    Grade,
    ReviewStatus,
    StaffRole,
)
from ..models import (
    Accreditation,
    Institution,
    InstitutionOperator,
    InstitutionService,
    ReviewItem,
    Staff,
)
from .common import IDENTITY_FIELDS, LEGAL_FIELDS, AccreditationError


# ---- institutions ------------------------------------------------------------------------------------
def is_operator_of(user, institution):
    return (
        getattr(user, "is_authenticated", False)
        and user.is_lks_operator
        and InstitutionOperator.objects.filter(user=user, institution=institution).exists()
    )


def require_operator(user, institution):
    if not is_operator_of(user, institution):
        raise PermissionDenied


def open_accreditation(institution):
    """The accreditation under way for this LKS (at most one), or None."""
    return (
        Accreditation.objects.filter(institution=institution, status__in=[*OPEN_STATES, AccreditationStatus.DECIDED])
        .exclude(status=AccreditationStatus.DECIDED, grade=Grade.NOT_ACCREDITED)
        .order_by("-created_at")
        .first()
    )


def locked_fields(institution):
    """Fields of the LKS that cannot change now: its identity and legal data while an accreditation
    is under review; during a revision only the legal documents flagged by the secretariat open up."""
    if institution is None or institution.pk is None:
        return set()
    accreditation = open_accreditation(institution)
    if accreditation is None or accreditation.status == AccreditationStatus.DRAFT:
        return set()
    legal = {name for fields in LEGAL_FIELDS.values() for name in fields if name}
    locked = set(IDENTITY_FIELDS) | legal
    if accreditation.status == AccreditationStatus.REVISION_REQUESTED:
        for item in accreditation.review_items.filter(status=ReviewStatus.NEEDS_REVISION, key__startswith="legal:"):
            kind = item.key.removeprefix("legal:")
            locked -= {name for name in LEGAL_FIELDS.get(kind, ()) if name}
    return locked


def save_institution(user, form, *, request=None):
    """Create or update an LKS from a valid `InstitutionForm` (its documents are stored here)."""
    creating = form.instance.pk is None
    if not creating:
        require_operator(user, form.instance)
    if not user.is_lks_operator:
        raise PermissionDenied
    locked = form.locked
    with atomic_with_uploads():
        before = {} if creating else _institution_facts(Institution.objects.get(pk=form.instance.pk))
        institution = form.save(commit=False)
        if creating:
            institution.created_by = user
        for key, (_num, _date, doc_field) in LEGAL_FIELDS.items():
            if doc_field in locked:
                continue
            document = form.document_for(key)
            if document is None:
                continue
            if not isinstance(document, Document):
                document = store_upload(user, document, kind=DOC_LEGAL)
            setattr(institution, doc_field, document)
        if not institution.is_legal_entity and "decree_number" not in locked:
            institution.decree_number, institution.decree_date, institution.decree_document = "", None, None
        institution.save()
        if "services" in form.cleaned_data:
            wanted = set(form.cleaned_data["services"])
            InstitutionService.objects.filter(institution=institution).exclude(field__in=wanted).delete()
            existing = set(institution.services.values_list("field", flat=True))
            InstitutionService.objects.bulk_create(
                [InstitutionService(institution=institution, field=f) for f in sorted(wanted - existing)]
            )
        if creating:
            InstitutionOperator.objects.create(institution=institution, user=user, added_by=user)
        after = _institution_facts(institution)
        changed = {k: v for k, v in after.items() if before.get(k) != v}
        record(
            user,
            "lks.create" if creating else "lks.update",
            institution,
            before={k: before.get(k) for k in changed} if not creating else None,
            after=changed,
            request=request,
        )
        if not creating:
            _mark_legal_revised(institution, changed)
    return institution


def _institution_facts(institution):
    facts = {}
    for field in institution._meta.concrete_fields:
        if field.name in ("created_at", "updated_at", "name_search", "id"):
            continue
        value = getattr(institution, field.attname)
        facts[field.attname] = value.isoformat() if hasattr(value, "isoformat") else (str(value) if value is not None else None)
    return facts


def _mark_legal_revised(institution, changed):
    accreditation = open_accreditation(institution)
    if accreditation is None or accreditation.status != AccreditationStatus.REVISION_REQUESTED:
        return
    now = timezone.now()
    for kind, fields in LEGAL_FIELDS.items():
        attnames = {f"{f}_id" if f.endswith("_document") else f for f in fields if f}
        if attnames & set(changed):
            ReviewItem.objects.filter(
                accreditation=accreditation, key=f"legal:{kind}", status=ReviewStatus.NEEDS_REVISION
            ).update(revised_at=now)


def refresh_staff_totals(institution):
    staff = list(institution.staff.all())
    Institution.objects.filter(pk=institution.pk).update(
        staff_count=len(staff), social_worker_count=sum(1 for s in staff if s.role == StaffRole.SOCIAL_WORKER)
    )
    institution.refresh_from_db(fields=["staff_count", "social_worker_count"])


def find_worker(nik):
    from registry.models import WorkerProfile

    nik = (nik or "").strip()
    if not nik:
        return None
    return WorkerProfile.objects.filter(nik=nik).first()


def add_staff(user, institution, *, full_name, position, role, social_work_education=False, nik="", request=None):
    """Add a staff member; a NIK found in the registry links the worker's profile (its name and
    education win over what was typed)."""
    require_operator(user, institution)
    worker = find_worker(nik)
    if worker is not None:
        full_name = worker.full_name or full_name
        social_work_education = worker.social_work_education or social_work_education
    with transaction.atomic():
        staff = Staff.objects.create(
            institution=institution, full_name=full_name.strip(), position=position.strip(), role=role,
            social_work_education=social_work_education, worker=worker,
        )
        refresh_staff_totals(institution)
        record(user, "lks.staff_add", institution, after={"staff": staff.full_name, "role": role, "linked": bool(worker)}, request=request)
    return staff


def remove_staff(user, staff, *, request=None):
    institution = staff.institution
    require_operator(user, institution)
    with transaction.atomic():
        name = staff.full_name
        staff.delete()
        refresh_staff_totals(institution)
        record(user, "lks.staff_remove", institution, before={"staff": name}, request=request)


def add_operator(actor, institution, email, *, request=None):
    """Give another LKS-operator account access to this LKS."""
    from portal.accounts.models import User

    require_operator(actor, institution)
    email = (email or "").strip().lower()
    other = User.objects.filter(email__iexact=email, role=Role.LKS_OPERATOR, is_active=True).first()
    if other is None:
        raise AccreditationError(
            _("No LKS operator account uses %(email)s. Ask them to sign up as an LKS operator first.") % {"email": email}
        )
    try:
        with transaction.atomic():
            InstitutionOperator.objects.create(institution=institution, user=other, added_by=actor)
            record(actor, "lks.operator_add", institution, after={"operator": other.email}, request=request)
            notify(
                other, "accreditation/operator_added", {"institution": institution, "actor": actor},
                url=institution.get_absolute_url(),
            )
    except IntegrityError:
        raise AccreditationError(_("%(email)s is already an operator of this LKS.") % {"email": email}) from None
    return other


def remove_operator(actor, institution, user_id, *, request=None):
    require_operator(actor, institution)
    with transaction.atomic():
        memberships = list(InstitutionOperator.objects.select_for_update().filter(institution=institution))
        target = next((m for m in memberships if m.user_id == user_id), None)
        if target is None:
            raise AccreditationError(_("This account is not an operator of this LKS."))
        if len(memberships) == 1:
            raise AccreditationError(_("An LKS needs at least one operator."))
        target.delete()
        record(actor, "lks.operator_remove", institution, before={"operator": target.user.email}, request=request)
