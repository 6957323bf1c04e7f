"""The self-assessment: answers, evidence, the Dinas Sosial recommendation, completeness."""

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.audit.services import record
from portal.documents.services import atomic_with_uploads, store_upload

from .. import scoring
from ..choices import (
    DOC_EVIDENCE,
    DOC_RECOMMENDATION,
    RECOMMENDATION_KEY,
    AccreditationStatus,
    ReviewStatus,
)
from ..instrument import current_version
from ..models import (
    Accreditation,
    Answer,
    Evidence,
    Indicator,
    ReviewItem,
)
from ..validators import validate_past_date
from .common import UNSET, AccreditationError
from .institutions import is_operator_of, open_accreditation, require_operator


# ---- the self-assessment -------------------------------------------------------------------------------
def start_accreditation(user, institution, *, request=None):
    """Open an accreditation (self-assessment draft) with the current instrument, snapshotted."""
    require_operator(user, institution)
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
    if accreditation.status == AccreditationStatus.DRAFT:
        return True
    if accreditation.status == AccreditationStatus.REVISION_REQUESTED:
        if item is UNSET:
            item = review_item_for(accreditation, key)
        return item is not None and item.status == ReviewStatus.NEEDS_REVISION
    return False


def _require_editable(user, accreditation, key):
    if not is_operator_of(user, accreditation.institution):
        raise PermissionDenied
    if not can_edit_item(accreditation, key):
        if accreditation.status == AccreditationStatus.REVISION_REQUESTED:
            raise AccreditationError(_("Only the items marked “needs revision” can be changed now."))
        raise AccreditationError(_("The self-assessment was submitted and can no longer be changed."))


def _touch_revised(accreditation, key):
    if accreditation.status == AccreditationStatus.REVISION_REQUESTED:
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


def add_evidence_files(user, accreditation, indicator, uploads):
    """Several evidence files for one indicator, each added on its own (`add_evidence`: its own
    transaction, the per-indicator limit checked each time): a refused file leaves the others stored.
    Returns [(file name, Evidence or None, why it was refused or "")], in the order given."""
    results = []
    for upload in uploads:
        try:
            evidence = add_evidence(user, accreditation, indicator, upload)
        except ValidationError as error:
            results.append((upload.name, None, " ".join(error.messages)))
        except AccreditationError as error:
            results.append((upload.name, None, str(error)))
        else:
            results.append((evidence.document.original_name, evidence, ""))
    return results


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
