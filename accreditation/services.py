"""Business rules of LKS accreditation. Views call these; state changes go through
`portal.workflow.engine.perform` (transitions in `workflows.py`)."""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from portal.audit.services import record
from portal.documents.models import Document
from portal.documents.services import atomic_with_uploads, store_upload
from portal.notifications.services import notify
from portal.workflow.engine import perform

from . import scoring
from .choices import (
    GRADE_SUBJECT,
    RECOMMENDATION_KEY,
    Grade,
    LegalDocument,
    ReviewStatus,
    StaffRole,
)
from .instrument import current_version
from .models import (
    Accreditation,
    Answer,
    Evidence,
    Indicator,
    Institution,
    InstitutionOperator,
    InstitutionService,
    ReconciledScore,
    RenewalReminder,
    ReviewItem,
    Staff,
    TeamMember,
    Visitation,
    VisitPhoto,
    VisitScore,
)
from .validators import validate_past_date
from .workflows import AccreditationStatus

S = AccreditationStatus
UNSET = object()

#: Document kinds stored through `portal.documents` (the access rule looks only at these).
DOC_LEGAL = "accreditation:legal"
DOC_EVIDENCE = "accreditation:evidence"
DOC_RECOMMENDATION = "accreditation:recommendation"
DOC_PHOTO = "accreditation:photo"

#: The institution's fields per legal document (number, date, document).
LEGAL_FIELDS = {
    LegalDocument.DEED: ("deed_number", "deed_date", "deed_document"),
    LegalDocument.DECREE: ("decree_number", "decree_date", "decree_document"),
    LegalDocument.REGISTRATION: ("registration_number", "registration_date", "registration_document"),
    LegalDocument.LICENCE: ("licence_number", "licence_date", "licence_document"),
    LegalDocument.NPWP: ("npwp", None, "npwp_document"),
}
IDENTITY_FIELDS = ("name", "legal_entity_name", "legal_form", "province")
#: While an accreditation is under review (not a draft, not a revision) these stay as submitted.
IN_REVIEW_STATES = (S.SUBMITTED, S.DESK_ACCEPTED, S.VISITATION_SCHEDULED, S.VISITED, S.DECIDED)


class AccreditationError(Exception):
    """A refusal with a translated, user-facing message."""


# ---- institutions ------------------------------------------------------------------------------------
def is_operator_of(user, institution):
    return (
        getattr(user, "is_authenticated", False)
        and user.role == "lks_operator"
        and InstitutionOperator.objects.filter(user=user, institution=institution).exists()
    )


def _require_operator(user, institution):
    if not is_operator_of(user, institution):
        raise PermissionDenied


def open_accreditation(institution):
    """The accreditation under way for this LKS (at most one), or None."""
    from .workflows import OPEN_STATES

    return (
        Accreditation.objects.filter(institution=institution, status__in=[*OPEN_STATES, S.DECIDED])
        .exclude(status=S.DECIDED, grade=Grade.NOT_ACCREDITED)
        .order_by("-created_at")
        .first()
    )


def locked_fields(institution):
    """Fields of the LKS that cannot change now: its identity and legal data while an accreditation
    is under review; during a revision only the legal documents flagged by the secretariat open up."""
    if institution is None or institution.pk is None:
        return set()
    accreditation = open_accreditation(institution)
    if accreditation is None or accreditation.status == S.DRAFT:
        return set()
    legal = {name for fields in LEGAL_FIELDS.values() for name in fields if name}
    locked = set(IDENTITY_FIELDS) | legal
    if accreditation.status == S.REVISION_REQUESTED:
        for item in accreditation.review_items.filter(status=ReviewStatus.NEEDS_REVISION, key__startswith="legal:"):
            kind = item.key.removeprefix("legal:")
            locked -= {name for name in LEGAL_FIELDS.get(kind, ()) if name}
    return locked


def save_institution(user, form, *, request=None):
    """Create or update an LKS from a valid `InstitutionForm` (its documents are stored here)."""
    creating = form.instance.pk is None
    if not creating:
        _require_operator(user, form.instance)
    if user.role != "lks_operator":
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
    if accreditation is None or accreditation.status != S.REVISION_REQUESTED:
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
    _require_operator(user, institution)
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
    _require_operator(user, institution)
    with transaction.atomic():
        name = staff.full_name
        staff.delete()
        refresh_staff_totals(institution)
        record(user, "lks.staff_remove", institution, before={"staff": name}, request=request)


def add_operator(actor, institution, email, *, request=None):
    """Give another LKS-operator account access to this LKS."""
    from portal.accounts.models import User

    _require_operator(actor, institution)
    email = (email or "").strip().lower()
    other = User.objects.filter(email__iexact=email, role="lks_operator", is_active=True).first()
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
    _require_operator(actor, institution)
    with transaction.atomic():
        memberships = list(InstitutionOperator.objects.select_for_update().filter(institution=institution))
        target = next((m for m in memberships if m.user_id == user_id), None)
        if target is None:
            raise AccreditationError(_("This account is not an operator of this LKS."))
        if len(memberships) == 1:
            raise AccreditationError(_("An LKS needs at least one operator."))
        target.delete()
        record(actor, "lks.operator_remove", institution, before={"operator": target.user.email}, request=request)


# ---- the self-assessment -------------------------------------------------------------------------------
def start_accreditation(user, institution, *, request=None):
    """Open an accreditation (self-assessment draft) with the current instrument, snapshotted."""
    _require_operator(user, institution)
    existing = open_accreditation(institution)
    if existing is not None:
        return existing
    version = current_version()
    if version is None:
        raise AccreditationError(_("No accreditation instrument is published yet."))
    try:
        with transaction.atomic():
            accreditation = Accreditation.objects.create(
                institution=institution, instrument=version, snapshot=scoring.snapshot_of(version), created_by=user
            )
            record(user, "accreditation.create", accreditation, after={"instrument": version.number}, request=request)
    except IntegrityError:  # two tabs at once: the other one won
        return open_accreditation(institution)
    return accreditation


def snapshot_indicator(accreditation, indicator_id):
    for standard in accreditation.snapshot["standards"]:
        for indicator in standard["indicators"]:
            if indicator["id"] == indicator_id:
                return standard, indicator
    return None, None


def review_item_for(accreditation, key):
    return ReviewItem.objects.filter(accreditation=accreditation, key=key).first()


def can_edit_item(accreditation, key, item=UNSET):
    """Drafts are editable throughout; a revision only in the items the secretariat flagged."""
    if accreditation.status == S.DRAFT:
        return True
    if accreditation.status == S.REVISION_REQUESTED:
        if item is UNSET:
            item = review_item_for(accreditation, key)
        return item is not None and item.status == ReviewStatus.NEEDS_REVISION
    return False


def _require_editable(user, accreditation, key):
    if not is_operator_of(user, accreditation.institution):
        raise PermissionDenied
    if not can_edit_item(accreditation, key):
        if accreditation.status == S.REVISION_REQUESTED:
            raise AccreditationError(_("Only the items marked “needs revision” can be changed now."))
        raise AccreditationError(_("The self-assessment was submitted and can no longer be changed."))


def _touch_revised(accreditation, key):
    if accreditation.status == S.REVISION_REQUESTED:
        ReviewItem.objects.filter(accreditation=accreditation, key=key).update(revised_at=timezone.now())


def indicator_key(indicator_id):
    return f"indicator:{indicator_id}"


def save_answer(user, accreditation, indicator, *, score=UNSET, not_applicable=UNSET, explanation=UNSET):
    """Save what was given of one indicator's self-assessment (any of score, N/A, explanation); the
    rest stays as it was. Drafts are saved as the operator goes."""
    _standard, spec = snapshot_indicator(accreditation, indicator.pk)
    if spec is None:
        raise AccreditationError(_("This indicator is not part of this accreditation's instrument."))
    allowed = scoring.scale_values(accreditation.snapshot)
    if score is not UNSET and score is not None and score not in allowed:
        raise ValidationError(
            _("Choose a score from %(low)s to %(high)s.") % {"low": min(allowed), "high": max(allowed)}
        )
    if not_applicable is True and not spec["allows_na"]:
        raise ValidationError(_("This indicator applies to every LKS; give it a score."))
    if explanation is not UNSET:
        explanation = (explanation or "").replace("\r\n", "\n").strip()
        if len(explanation) > 4000:
            raise ValidationError(_("At most 4000 characters; this explanation has %(n)s.") % {"n": len(explanation)})
    key = indicator_key(indicator.pk)
    with transaction.atomic():
        accreditation = Accreditation.objects.select_for_update().get(pk=accreditation.pk)
        _require_editable(user, accreditation, key)
        answer, _created = Answer.objects.get_or_create(accreditation=accreditation, indicator=indicator)
        if not_applicable is not UNSET:
            answer.not_applicable = bool(not_applicable)
            if answer.not_applicable:
                answer.score = None
        if score is not UNSET:
            answer.score = score
            if score is not None:
                answer.not_applicable = False
        if explanation is not UNSET:
            answer.explanation = explanation
        answer.save()
        _touch_revised(accreditation, key)
    return answer


def add_evidence(user, accreditation, indicator, upload):
    key = indicator_key(indicator.pk)
    _standard, spec = snapshot_indicator(accreditation, indicator.pk)
    if spec is None:
        raise AccreditationError(_("This indicator is not part of this accreditation's instrument."))
    with atomic_with_uploads():
        accreditation = Accreditation.objects.select_for_update().get(pk=accreditation.pk)
        _require_editable(user, accreditation, key)
        answer, _created = Answer.objects.get_or_create(accreditation=accreditation, indicator=indicator)
        if answer.evidence.count() >= settings_max_evidence():
            raise AccreditationError(
                _("At most %(n)s files per indicator; remove one first.") % {"n": settings_max_evidence()}
            )
        document = store_upload(user, upload, kind=DOC_EVIDENCE)
        evidence = Evidence.objects.create(answer=answer, document=document)
        _touch_revised(accreditation, key)
        record(user, "accreditation.evidence_add", accreditation, after={"indicator": indicator.code, "document": str(document.pk)})
    return evidence


def settings_max_evidence():
    return settings.ACCREDITATION_MAX_EVIDENCE_PER_INDICATOR


def remove_evidence(user, evidence):
    answer = evidence.answer
    accreditation = answer.accreditation
    key = indicator_key(answer.indicator_id)
    with transaction.atomic():
        accreditation = Accreditation.objects.select_for_update().get(pk=accreditation.pk)
        _require_editable(user, accreditation, key)
        name = evidence.document.original_name
        evidence.delete()
        _touch_revised(accreditation, key)
        record(user, "accreditation.evidence_remove", accreditation, before={"indicator": answer.indicator.code, "document": name})


def save_recommendation(user, accreditation, *, number, date, issuer, upload=None):
    """The Dinas Sosial recommendation letter (number, date, issuer and the letter itself)."""
    validate_past_date(date)
    with atomic_with_uploads():
        accreditation = Accreditation.objects.select_for_update().get(pk=accreditation.pk)
        _require_editable(user, accreditation, RECOMMENDATION_KEY)
        if upload is not None:
            accreditation.recommendation_document = store_upload(user, upload, kind=DOC_RECOMMENDATION)
        accreditation.recommendation_number = number.strip()
        accreditation.recommendation_date = date
        accreditation.recommendation_issuer = issuer.strip()
        accreditation.save(
            update_fields=[
                "recommendation_number", "recommendation_date", "recommendation_issuer", "recommendation_document",
                "updated_at",
            ]
        )
        _touch_revised(accreditation, RECOMMENDATION_KEY)
        record(user, "accreditation.recommendation", accreditation, after={"number": accreditation.recommendation_number})
    return accreditation


def answers_of(accreditation):
    """{indicator_id: Answer} with evidence prefetched."""
    return {
        a.indicator_id: a
        for a in Answer.objects.filter(accreditation=accreditation).prefetch_related(
            Prefetch("evidence", queryset=Evidence.objects.select_related("document"))
        )
    }


def progress(accreditation, answers=None):
    """Per standard: answered, with evidence where required, of how many; and the whole."""
    answers = answers_of(accreditation) if answers is None else answers
    needs_evidence = _evidence_required(accreditation)
    rows, done_all, total_all = [], 0, 0
    for standard in accreditation.snapshot["standards"]:
        total = len(standard["indicators"])
        done = 0
        for spec in standard["indicators"]:
            answer = answers.get(spec["id"])
            if _answer_complete(answer, spec, needs_evidence):
                done += 1
        rows.append(
            {"number": standard["number"], "name": standard["name"], "done": done, "total": total,
             "percent": round(100 * done / total) if total else 100}
        )
        done_all += done
        total_all += total
    return rows, (round(100 * done_all / total_all) if total_all else 100)


def _evidence_required(accreditation):
    ids = scoring.indicator_ids(accreditation.snapshot)
    return set(
        Indicator.objects.filter(pk__in=ids).exclude(required_evidence="").values_list("pk", flat=True)
    )


def _answer_complete(answer, spec, needs_evidence):
    if answer is None:
        return False
    if answer.not_applicable and spec["allows_na"]:
        return True
    if answer.score is None:
        return False
    return spec["id"] not in needs_evidence or len(answer.evidence.all()) > 0


def submission_problems(accreditation):
    """Exactly what is missing before the self-assessment can be submitted (translated)."""
    problems = []
    answers = answers_of(accreditation)
    needs_evidence = _evidence_required(accreditation)
    unscored, no_evidence = [], []
    for standard in accreditation.snapshot["standards"]:
        for spec in standard["indicators"]:
            answer = answers.get(spec["id"])
            if answer is None or not answer.is_answered or (answer.not_applicable and not spec["allows_na"]):
                unscored.append(spec["code"])
            elif not answer.not_applicable and spec["id"] in needs_evidence and not answer.evidence.all():
                no_evidence.append(spec["code"])
    if unscored:
        problems.append(_("indicators without a score: %(codes)s") % {"codes": ", ".join(unscored)})
    if no_evidence:
        problems.append(_("indicators without the required evidence: %(codes)s") % {"codes": ", ".join(no_evidence)})
    if not (
        accreditation.recommendation_document_id
        and accreditation.recommendation_number
        and accreditation.recommendation_date
        and accreditation.recommendation_issuer
    ):
        problems.append(_("the Dinas Sosial recommendation letter"))
    institution = accreditation.institution
    for key, label, _number, _date, document in institution.legal_items():
        if document is None:
            problems.append(_("the LKS's %(document)s") % {"document": label})
    return problems


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
    from .workflows import is_desk_reviewer

    accreditation = item.accreditation
    if not is_desk_reviewer(reviewer, accreditation):
        raise PermissionDenied
    if accreditation.status != S.SUBMITTED:
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
    from .workflows import is_desk_reviewer

    if not is_desk_reviewer(reviewer, accreditation):
        raise PermissionDenied
    if accreditation.status != S.SUBMITTED:
        raise AccreditationError(_("Items can be checked only while the accreditation waits for the desk review."))
    pending = ReviewItem.objects.filter(accreditation=accreditation, status=ReviewStatus.PENDING)
    count = pending.update(status=ReviewStatus.ACCEPTED, reviewed_by=reviewer, reviewed_at=timezone.now(), note="")
    record(reviewer, "accreditation.accept_all", accreditation, after={"accepted": count}, request=request)
    return count


# ---- visitation -----------------------------------------------------------------------------------------
def minimum_team_size():
    return settings.ACCREDITATION_MIN_TEAM


def schedule_visitation(actor, accreditation, *, date, start_time, duration_hours, notes, assessors, lead, request=None):
    """Set the date and the team (≥ 2 active assessors without a conflict, one of them the lead), then
    move the accreditation to "visitation scheduled" (or, when it is already scheduled, update the
    visit: the team and the LKS are told, and their calendars get the new time)."""
    from .conflicts import conflict_reasons
    from .workflows import is_desk_reviewer

    if not is_desk_reviewer(actor, accreditation):
        raise PermissionDenied
    if accreditation.status not in (S.DESK_ACCEPTED, S.VISITATION_SCHEDULED):
        raise AccreditationError(_("A visitation can be scheduled only after the desk review accepted the file."))
    assessors = list(dict.fromkeys(assessors))
    if len(assessors) < minimum_team_size():
        raise ValidationError(_("A visitation team needs at least %(n)s assessors.") % {"n": minimum_team_size()})
    if lead not in assessors:
        raise ValidationError(_("The team lead must be one of the team."))
    if any(not a.is_active for a in assessors):
        raise ValidationError(_("Only active assessors can visit."))
    reasons = conflict_reasons(assessors, accreditation.institution)
    if reasons:
        raise ValidationError(
            "; ".join(f"{a.user.full_name or a.user.email}: {reasons[a.pk]}" for a in assessors if a.pk in reasons)
        )
    if date < timezone.localdate():
        raise ValidationError(_("The visit cannot be in the past."))
    with transaction.atomic():
        accreditation = Accreditation.objects.select_for_update().get(pk=accreditation.pk)
        visitation = Visitation.objects.filter(accreditation=accreditation).first()
        rescheduling = visitation is not None and accreditation.status == S.VISITATION_SCHEDULED
        if visitation is None:
            visitation = Visitation(accreditation=accreditation, scheduled_by=actor)
        else:
            visitation.sequence += 1
        visitation.date, visitation.start_time, visitation.duration_hours = date, start_time, duration_hours
        visitation.notes = (notes or "").strip()
        visitation.save()
        keep = {a.pk for a in assessors}
        leaving = TeamMember.objects.filter(visitation=visitation).exclude(assessor_id__in=keep)
        if VisitScore.objects.filter(visitation=visitation, assessor_id__in=leaving.values("assessor_id")).exists():
            raise AccreditationError(_("An assessor who has already scored cannot leave the team."))
        leaving.delete()
        TeamMember.objects.filter(visitation=visitation).update(is_lead=False)
        for assessor in assessors:
            TeamMember.objects.update_or_create(
                visitation=visitation, assessor=assessor, defaults={"is_lead": assessor.pk == lead.pk}
            )
        facts = {
            "date": date.isoformat(), "start_time": str(start_time), "team": [a.user.email for a in assessors],
            "lead": lead.user.email, "sequence": visitation.sequence,
        }
        if rescheduling:
            record(actor, "accreditation.visitation_update", accreditation, after=facts, request=request)
            from .workflows import operators_and_team

            seen = set()
            for recipient in operators_and_team(accreditation):
                if recipient.pk in seen:
                    continue
                seen.add(recipient.pk)
                notify(
                    recipient, "accreditation/visitation_updated",
                    {"object": accreditation, "visitation": visitation, "actor": actor},
                    url=visitation.get_absolute_url(),
                )
        else:
            record(actor, "accreditation.visitation_plan", accreditation, after=facts, request=request)
            perform(accreditation, "schedule_visitation", actor, request=request, context={"visitation": visitation})
    return visitation


def visitation_problems(accreditation):
    from .conflicts import conflict_reasons

    visitation = Visitation.objects.filter(accreditation=accreditation).first()
    if visitation is None:
        return [_("Set the date and the team of the visitation first.")]
    problems = []
    team = list(TeamMember.objects.filter(visitation=visitation).select_related("assessor__user"))
    if len(team) < minimum_team_size():
        problems.append(_("A visitation team needs at least %(n)s assessors.") % {"n": minimum_team_size()})
    if sum(1 for m in team if m.is_lead) != 1:
        problems.append(_("The team needs one lead."))
    if any(not m.assessor.is_active for m in team):
        problems.append(_("Only active assessors can visit."))
    reasons = conflict_reasons([m.assessor for m in team], accreditation.institution)
    if reasons:
        problems.append(_("Conflict of interest: %(who)s") % {
            "who": "; ".join(f"{m.assessor.user}: {reasons[m.assessor_id]}" for m in team if m.assessor_id in reasons)
        })
    return problems


def membership(user, visitation):
    if not getattr(user, "is_authenticated", False) or user.role != "assessor":
        return None
    return TeamMember.objects.filter(visitation=visitation, assessor__user=user).select_related("assessor").first()


def _require_member(user, visitation):
    member = membership(user, visitation)
    if member is None:
        raise PermissionDenied
    if visitation.accreditation.status != S.VISITATION_SCHEDULED:
        raise AccreditationError(_("Scores can be given only while the visitation is open."))
    return member


def save_visit_score(user, visitation, indicator, *, score=UNSET, not_applicable=UNSET, note=UNSET, at=None):
    """Save what an assessor gave for one indicator, as it is given: the score (or N/A) and the note
    are saved separately. `at` is when it was given on the device (ms since the epoch); an older
    answer arriving late (a phone's offline queue replaying) never overwrites a newer one.
    Returns (VisitScore, applied: bool)."""
    accreditation = visitation.accreditation
    _standard, spec = snapshot_indicator(accreditation, indicator.pk)
    if spec is None:
        raise AccreditationError(_("This indicator is not part of this accreditation's instrument."))
    allowed = scoring.scale_values(accreditation.snapshot)
    if score is not UNSET and score is not None and score not in allowed:
        raise ValidationError(_("Choose a score from %(low)s to %(high)s.") % {"low": min(allowed), "high": max(allowed)})
    if not_applicable is True and not spec["allows_na"]:
        raise ValidationError(_("This indicator applies to every LKS; give it a score."))
    if note is not UNSET:
        note = (note or "").replace("\r\n", "\n").strip()
        if len(note) > 4000:
            raise ValidationError(_("At most 4000 characters; this note has %(n)s.") % {"n": len(note)})
    at = int(at) if at else int(timezone.now().timestamp() * 1000)
    with transaction.atomic():
        member = _require_member(user, visitation)
        row, _created = VisitScore.objects.select_for_update().get_or_create(
            visitation=visitation, assessor=member.assessor, indicator=indicator
        )
        applied = False
        if (score is not UNSET or not_applicable is not UNSET) and at >= row.score_at:
            if not_applicable is not UNSET:
                row.not_applicable = bool(not_applicable)
                if row.not_applicable:
                    row.score = None
            if score is not UNSET:
                row.score = score
                if score is not None:
                    row.not_applicable = False
            row.score_at = at
            applied = True
        if note is not UNSET and at >= row.note_at:
            row.note = note
            row.note_at = at
            applied = True
        if applied:
            row.save()
    return row, applied


def add_visit_photo(user, visitation, indicator, upload):
    _standard, spec = snapshot_indicator(visitation.accreditation, indicator.pk)
    if spec is None:
        raise AccreditationError(_("This indicator is not part of this accreditation's instrument."))
    with atomic_with_uploads():
        member = _require_member(user, visitation)
        row, _created = VisitScore.objects.get_or_create(visitation=visitation, assessor=member.assessor, indicator=indicator)
        if row.photos.count() >= settings_max_evidence():
            raise AccreditationError(_("At most %(n)s files per indicator; remove one first.") % {"n": settings_max_evidence()})
        document = store_upload(user, upload, kind=DOC_PHOTO, images_only=True)
        photo = VisitPhoto.objects.create(score=row, document=document)
        record(user, "accreditation.visit_photo", visitation.accreditation, after={"indicator": indicator.code, "document": str(document.pk)})
    return photo


def scores_of(visitation, assessor):
    return {
        s.indicator_id: s
        for s in VisitScore.objects.filter(visitation=visitation, assessor=assessor).prefetch_related(
            Prefetch("photos", queryset=VisitPhoto.objects.select_related("document"))
        )
    }


def unscored_codes(accreditation, rows):
    codes = []
    for standard in accreditation.snapshot["standards"]:
        for spec in standard["indicators"]:
            row = rows.get(spec["id"])
            if row is None or not row.is_answered or (row.not_applicable and not spec["allows_na"]):
                codes.append(spec["code"])
    return codes


def submit_scores(user, visitation, *, request=None):
    """An assessor declares their scoring done (every indicator scored or not applicable)."""
    with transaction.atomic():
        member = _require_member(user, visitation)
        missing = unscored_codes(visitation.accreditation, scores_of(visitation, member.assessor))
        if missing:
            raise AccreditationError(_("Score every indicator first; missing: %(codes)s") % {"codes": ", ".join(missing)})
        member.submitted_at = timezone.now()
        member.save(update_fields=["submitted_at"])
        record(user, "accreditation.visit_scores_submitted", visitation.accreditation, request=request)
    return member


def reconciliation_rows(visitation):
    """Per indicator, each member's score side by side, whether they agree, and the settled score."""
    from .instrument import indicators_by_standard

    accreditation = visitation.accreditation
    team = list(TeamMember.objects.filter(visitation=visitation).select_related("assessor__user"))
    scores = {}
    for row in VisitScore.objects.filter(visitation=visitation).prefetch_related(
        Prefetch("photos", queryset=VisitPhoto.objects.select_related("document"))
    ):
        scores[(row.indicator_id, row.assessor_id)] = row
    settled = {r.indicator_id: r for r in ReconciledScore.objects.filter(visitation=visitation)}
    answers = {a.indicator_id: a for a in Answer.objects.filter(accreditation=accreditation)}
    groups = []
    for standard, indicators in indicators_by_standard(accreditation.snapshot):
        rows = []
        spec_by_id = {i["id"]: i for i in standard["indicators"]}
        for indicator in indicators:
            given = [scores.get((indicator.pk, m.assessor_id)) for m in team]
            values = {("na" if g.not_applicable else g.score) for g in given if g is not None and g.is_answered}
            complete = all(g is not None and g.is_answered for g in given)
            agreed = complete and len(values) == 1
            proposal = next(iter(values)) if agreed else None
            rows.append(
                {
                    "indicator": indicator,
                    "allows_na": spec_by_id[indicator.pk]["allows_na"],
                    "given": list(zip(team, given)),
                    "agreed": agreed,
                    "proposal": proposal,
                    "settled": settled.get(indicator.pk),
                    "self": answers.get(indicator.pk),
                }
            )
        groups.append((standard, rows))
    return team, groups


def reconcile(user, visitation, decisions, *, request=None):
    """The team lead settles the team's scores into one set. `decisions`: {indicator_id: (score or
    None, not_applicable, note)}; indicators left out keep what was settled before."""
    accreditation = visitation.accreditation
    member = membership(user, visitation)
    if member is None or not member.is_lead:
        raise PermissionDenied
    if accreditation.status != S.VISITATION_SCHEDULED:
        raise AccreditationError(_("Scores can be reconciled only while the visitation is open."))
    team = list(TeamMember.objects.filter(visitation=visitation))
    if any(m.submitted_at is None for m in team):
        raise AccreditationError(_("Every assessor of the team must submit their scores first."))
    allowed = scoring.scale_values(accreditation.snapshot)
    changed = {}
    with transaction.atomic():
        for indicator_id, (score, not_applicable, note) in decisions.items():
            _standard, spec = snapshot_indicator(accreditation, indicator_id)
            if spec is None:
                continue
            if not_applicable and not spec["allows_na"]:
                raise ValidationError(_("Indicator %(code)s applies to every LKS; give it a score.") % {"code": spec["code"]})
            if not not_applicable and score not in allowed:
                raise ValidationError(_("Choose the team's score for indicator %(code)s.") % {"code": spec["code"]})
            ReconciledScore.objects.update_or_create(
                visitation=visitation, indicator_id=indicator_id,
                defaults={
                    "score": None if not_applicable else score, "not_applicable": bool(not_applicable),
                    "note": (note or "").strip(), "settled_by": user,
                },
            )
            changed[spec["code"]] = "N/A" if not_applicable else score
        complete = ReconciledScore.objects.filter(visitation=visitation).count() == len(
            scoring.indicator_ids(accreditation.snapshot)
        )
        if complete:
            visitation.reconciled_at = timezone.now()
            visitation.reconciled_by = user
            visitation.save(update_fields=["reconciled_at", "reconciled_by", "updated_at"])
        record(user, "accreditation.reconcile", accreditation, after=changed, request=request)
    return complete


def completion_problems(accreditation):
    visitation = Visitation.objects.filter(accreditation=accreditation).first()
    if visitation is None:
        return [_("There is no visitation.")]
    problems = []
    waiting = [str(m.assessor.user) for m in visitation.team.select_related("assessor__user") if m.submitted_at is None]
    if waiting:
        problems.append(_("Scores not submitted yet by: %(who)s") % {"who": ", ".join(waiting)})
    settled = set(ReconciledScore.objects.filter(visitation=visitation).values_list("indicator_id", flat=True))
    missing = [
        i["code"] for s in accreditation.snapshot["standards"] for i in s["indicators"] if i["id"] not in settled
    ]
    if missing:
        problems.append(_("Reconcile every indicator first; missing: %(codes)s") % {"codes": ", ".join(missing)})
    return problems


def reconciled_answers(accreditation):
    visitation = Visitation.objects.filter(accreditation=accreditation).first()
    if visitation is None:
        return {}
    return {
        r.indicator_id: (r.score, r.not_applicable)
        for r in ReconciledScore.objects.filter(visitation=visitation)
    }


def computed_result(accreditation):
    """The score and suggested grade from the reconciled scores, on the accreditation's snapshot."""
    result = scoring.compute(accreditation.snapshot, reconciled_answers(accreditation))
    return result, scoring.grade_for(result.score, accreditation.snapshot)


def store_computed_result(accreditation):
    result, grade = computed_result(accreditation)
    accreditation.score = result.score
    accreditation.suggested_grade = grade
    accreditation.result = result.as_json()


# ---- decision and certificate ------------------------------------------------------------------------------
def decide(actor, accreditation, grade, reason="", *, request=None):
    """The BALKS plenary confirms the suggested grade or overrides it (a reason is required and
    audited). Not accredited ends here; A, B and C go on to the certificate."""
    from .workflows import is_balks_admin

    if not is_balks_admin(actor, accreditation):
        raise PermissionDenied
    if grade not in Grade.values:
        raise ValidationError(_("Choose the grade."))
    reason = (reason or "").strip()
    with transaction.atomic():
        locked = Accreditation.objects.select_for_update().get(pk=accreditation.pk)
        if locked.status != S.VISITED:
            raise AccreditationError(_("Only a visited accreditation can be decided."))
        overriding = grade != locked.suggested_grade
        if overriding and not reason:
            raise ValidationError(_("Overriding the suggested grade needs a reason."))
        locked.grade = grade
        locked.grade_reason = reason if overriding else ""
        locked.save(update_fields=["grade", "grade_reason", "updated_at"])
        if overriding:
            record(
                actor, "accreditation.grade_override", locked,
                before={"suggested_grade": locked.suggested_grade, "score": str(locked.score)},
                after={"grade": grade}, note=reason, request=request,
            )
        perform(locked, "decide", actor, note=reason, request=request, context={"grade_label": Grade(grade).label})
    accreditation.refresh_from_db()
    return accreditation


def issue_certificate(accreditation, actor):
    """Issue the accreditation credential (certify transition's effect, inside its transaction)."""
    from portal.credentials.models import Credential
    from portal.credentials.services import issue_credential

    grade = Grade(accreditation.grade)
    subject, subject_en = GRADE_SUBJECT[grade]
    years = scoring.validity_years(grade, accreditation.snapshot)
    institution = Institution.objects.select_for_update().get(pk=accreditation.institution_id)
    credential = issue_credential(
        kind=Credential.Kind.LKS_ACCREDITATION,
        source=f"accreditation:{accreditation.pk}",
        holder=None,
        holder_name=institution.name,
        subject=subject,
        subject_en=subject_en,
        subject_code=grade.value,
        issuer="BALKS",
        province=institution.province,
        validity_years=years,
        actor=actor,
    )
    accreditation.credential = credential
    accreditation.certified_at = timezone.now()
    institution.current_accreditation = accreditation
    institution.grade = grade.value
    institution.accredited_until = credential.valid_until
    institution.save(update_fields=["current_accreditation", "grade", "accredited_until", "updated_at"])
    return credential


# ---- reminders to re-apply -----------------------------------------------------------------------------------
def renewal_reminder_days():
    return settings.ACCREDITATION_RENEWAL_REMINDER_DAYS


def send_renewal_reminders(today=None):
    """Tell the operators of an accredited LKS to re-apply, at each threshold (365, 180, 90 days
    before the certificate lapses), once each; an LKS that has re-applied already is not reminded.
    Returns how many reminders were sent."""
    today = today or timezone.localdate()
    thresholds = sorted(renewal_reminder_days())  # nearest first
    horizon = today + timedelta(days=max(thresholds))
    candidates = (
        Institution.objects.filter(
            accredited_until__gte=today, accredited_until__lte=horizon, current_accreditation__isnull=False,
            current_accreditation__credential__status="valid",
        )
        .select_related("current_accreditation")
        .order_by("pk")
    )
    sent = 0
    for institution in candidates:
        accreditation = institution.current_accreditation
        days_left = (institution.accredited_until - today).days
        due = [t for t in thresholds if days_left <= t]
        if not due:
            continue
        nearest = min(due)
        if open_accreditation(institution) not in (None, accreditation):
            continue  # already re-applying
        with transaction.atomic():
            done = set(RenewalReminder.objects.filter(accreditation=accreditation).values_list("days_before", flat=True))
            if nearest in done:
                continue
            RenewalReminder.objects.bulk_create(
                [RenewalReminder(accreditation=accreditation, days_before=t) for t in due if t not in done],
                ignore_conflicts=True,
            )
            for operator in institution.operators.filter(is_active=True):
                notify(
                    operator, "accreditation/renewal_reminder",
                    {"institution": institution, "accreditation": accreditation, "days_left": days_left,
                     "until": date_format(institution.accredited_until, "DATE_FORMAT")},
                    url=institution.get_absolute_url(),
                )
            record(None, "accreditation.renewal_reminder", accreditation, after={"days_before": nearest})
        sent += 1
    return sent


def verification_url(accreditation):
    if accreditation.credential_id is None:
        return ""
    return reverse("credentials:verify", args=[accreditation.credential.number])
