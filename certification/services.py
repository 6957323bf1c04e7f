"""Business rules of the application journey. Views call these; state changes go through
`portal.workflow.engine.perform`."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.audit.services import record
from portal.core.review.services import AUDIT_EACH, DeskReview
from portal.documents.services import atomic_with_uploads, store_upload
from portal.workflow.engine import TransitionError, perform
from registry.models import WorkerProfile
from registry.services import eligibility_facts as registry_facts

from . import eligibility, extensions
from .choices import ApplicationStatus
from .models import (
    Application,
    ApplicationDocument,
    EssayAnswer,
)
from .rules import is_verifier


class ApplicationError(Exception):
    """A refusal with a translated, user-facing message."""


def eligibility_facts(user):
    return registry_facts(user)


def round_closed_message(round_):
    dates = {
        "opens": date_format(timezone.localtime(round_.opens_at), "DATETIME_FORMAT"),
        "closes": date_format(timezone.localtime(round_.closes_at), "DATETIME_FORMAT"),
    }
    if round_.is_upcoming:
        return _("This round opens on %(opens)s (and closes on %(closes)s).") % dates
    return _("This round is closed: it accepted applications from %(opens)s to %(closes)s.") % dates


def precheck(user, round_):
    """Eligibility per active route of the round's scheme: [(route, failures)], and the facts."""
    facts = eligibility_facts(user)
    routes = list(round_.scheme.routes.filter(is_active=True))
    return facts, [(route, eligibility.check(route, facts)) for route in routes]


def region_problem(round_, facts):
    province = facts.get("province")
    if province is None:
        return _("Enter your province in your profile first.")
    if not round_.accepts_region(province.regional_office):
        return _("This round is not open to applicants from %(province)s.") % {"province": province.name}
    return None


def active_application(user, round_):
    return (
        Application.objects.filter(applicant=user, round=round_)
        .exclude(status=ApplicationStatus.WITHDRAWN)
        .first()
    )


def start_application(user, round_, route):
    """Open (or resume) the user's application to `round_` by `route`. Refuses with a reason."""
    if not user.is_applicant:
        raise ApplicationError(_("Only applicant accounts can apply for certification."))
    if route.scheme_id != round_.scheme_id or not route.is_active:
        raise ApplicationError(_("This route does not belong to the round's scheme."))
    if not round_.is_open:
        raise ApplicationError(round_closed_message(round_))
    existing = active_application(user, round_)
    if existing is not None:
        if existing.status == ApplicationStatus.DRAFT and existing.route_id != route.pk:
            existing.route = route
            existing.save(update_fields=["route", "updated_at"])
        return existing
    facts = eligibility_facts(user)
    problem = region_problem(round_, facts)
    if problem:
        raise ApplicationError(problem)
    failures = eligibility.check(route, facts)
    if failures:
        raise ApplicationError(" ".join(f.message for f in failures))
    try:
        with transaction.atomic():
            application = Application.objects.create(
                applicant=user,
                round=round_,
                route=route,
                province=facts["province"],
                regional_office=facts["province"].regional_office,
            )
    except IntegrityError:  # two tabs started at once: the other one won
        return active_application(user, round_)
    previous = prefill_from_previous(application)
    record(user, "application.create", application, after={"prefilled_from": previous.reference} if previous else None)
    return application


def prefill_from_previous(application):
    """Re-certification, or a new try after "not yet": start from the person's latest application to
    the same scheme — funding, the documents of the same kinds, and the essays with the same place.
    Everything stays editable and is checked again."""
    previous = (
        Application.objects.filter(applicant_id=application.applicant_id, round__scheme_id=application.round.scheme_id)
        .exclude(pk=application.pk)
        .exclude(status__in=[ApplicationStatus.DRAFT, ApplicationStatus.WITHDRAWN])
        .order_by("-created_at")
        .first()
    )
    if previous is None:
        return None
    application.funding_source = previous.funding_source
    application.funding_note = previous.funding_note
    application.save(update_fields=["funding_source", "funding_note", "updated_at"])
    requirements = {r.kind: r for r in application.route.required_documents.all()}
    for item in previous.documents.select_related("requirement"):
        requirement = requirements.get(item.requirement.kind)
        if requirement is not None:
            ApplicationDocument.objects.create(
                application=application, requirement=requirement, document=item.document, revised_at=timezone.now()
            )
    prompts = {(p.area, p.order): p for p in application.route.essay_prompts.all()}
    for answer in previous.essays.select_related("prompt"):
        prompt = prompts.get((answer.prompt.area, answer.prompt.order))
        if prompt is not None and answer.text:
            EssayAnswer.objects.create(application=application, prompt=prompt, text=answer.text, revised_at=timezone.now())
    return previous


# --- what the applicant may change ---------------------------------------------------------------
def can_edit_item(application, item_kind, item=None):
    """Drafts are editable throughout; a file returned for revision only in its flagged items."""
    if application.status == ApplicationStatus.DRAFT:
        return True
    if application.status == ApplicationStatus.REVISION_REQUESTED:
        if item_kind == "funding":
            return False
        return item is not None and item.needs_revision
    return False


def _require_editable(user, application, item_kind, item=None):
    if application.applicant_id != user.pk:
        raise PermissionDenied
    if not can_edit_item(application, item_kind, item):
        if application.status == ApplicationStatus.REVISION_REQUESTED:
            raise ApplicationError(_("Only the items marked “needs revision” can be changed now."))
        raise ApplicationError(_("This application was submitted and can no longer be changed."))


def save_funding(user, application, source, note=""):
    with transaction.atomic():
        application = Application.objects.select_for_update().get(pk=application.pk)
        _require_editable(user, application, "funding")
        application.funding_source = source
        application.funding_note = note.strip()
        application.save(update_fields=["funding_source", "funding_note", "updated_at"])
    return application


def attach_document(user, application, requirement, upload):
    """Store an upload (validated by content) as the document for one requirement."""
    if requirement.route_id != application.route_id:
        raise ApplicationError(_("This document is not part of the application's route."))
    with atomic_with_uploads():
        application = Application.objects.select_for_update().get(pk=application.pk)
        existing = ApplicationDocument.objects.filter(application=application, requirement=requirement).first()
        _require_editable(user, application, "document", existing)
        document = store_upload(user, upload, kind=f"certification:{requirement.kind}", images_only=requirement.images_only)
        if existing is None:
            item = ApplicationDocument.objects.create(
                application=application, requirement=requirement, document=document, revised_at=timezone.now()
            )
        else:
            existing.document = document
            existing.revised_at = timezone.now()
            existing.save(update_fields=["document", "revised_at", "updated_at"])
            item = existing
        record(user, "application.document", application, after={"requirement": requirement.kind, "document": str(document.pk)})
    return item


def save_essay(user, application, prompt, text):
    """Save an essay answer (drafts autosave through this too). Length rules apply at submit."""
    if prompt.route_id != application.route_id:
        raise ApplicationError(_("This essay is not part of the application's route."))
    text = (text or "").replace("\r\n", "\n").strip()
    if len(text) > prompt.max_chars:
        raise ValidationError(
            _("At most %(max)s characters; this answer has %(n)s.") % {"max": prompt.max_chars, "n": len(text)}
        )
    with transaction.atomic():
        application = Application.objects.select_for_update().get(pk=application.pk)
        answer = EssayAnswer.objects.filter(application=application, prompt=prompt).first()
        _require_editable(user, application, "essay", answer)
        if answer is None:
            answer = EssayAnswer.objects.create(application=application, prompt=prompt, text=text, revised_at=timezone.now())
        elif answer.text != text:
            answer.text = text
            answer.revised_at = timezone.now()
            answer.save(update_fields=["text", "revised_at", "updated_at"])
    return answer


# --- completeness ---------------------------------------------------------------------------------
def missing_by_step(application):
    """What is missing before the application can be submitted, per wizard step (translated)."""
    missing = {"funding": [], "documents": [], "knowledge": [], "skills": [], "values": []}
    if not application.funding_source:
        missing["funding"].append(_("the funding source"))
    uploaded = set(application.documents.values_list("requirement_id", flat=True))
    for requirement in application.route.required_documents.filter(required=True):
        if requirement.pk not in uploaded:
            missing["documents"].append(_("document: %(name)s") % {"name": requirement.get_kind_display()})
    answers = {a.prompt_id: a.text for a in application.essays.all()}
    for prompt in application.route.essay_prompts.all():
        text = answers.get(prompt.pk, "")
        label = _("essay %(area)s %(n)s") % {"area": prompt.get_area_display().lower(), "n": prompt.order}
        if not text:
            message = label
        elif len(text) < prompt.min_chars:
            message = _("%(label)s is too short (%(n)s of at least %(min)s characters)") % {
                "label": label, "n": len(text), "min": prompt.min_chars,
            }
        elif len(text) > prompt.max_chars:
            message = _("%(label)s is too long (%(n)s of at most %(max)s characters)") % {
                "label": label, "n": len(text), "max": prompt.max_chars,
            }
        else:
            continue
        missing[prompt.area].append(message)
    missing.update(extensions.extra_missing(application))  # the sub-apps' steps (the APL.02 self-assessment)
    return missing


def submission_problems(application):
    """Exactly what is missing before the application can be submitted (translated strings)."""
    return [message for messages in missing_by_step(application).values() for message in messages]


def stamp_region(application):
    facts = eligibility_facts(application.applicant)
    province = facts.get("province")
    if province is not None:
        application.province = province
        application.regional_office = province.regional_office


# --- the secretariat's checklist: the kernel's desk review (portal.core.review) ----------------------------
def items(application):
    return [*application.documents.select_related("requirement", "document"), *application.essays.select_related("prompt")]


#: Accepting all writes one "application.review_item" event per item, as checking each in turn does.
DESK_REVIEW = DeskReview(
    subject="application",
    items=items,
    may_review=is_verifier,
    open_state=ApplicationStatus.SUBMITTED,
    error=ApplicationError,
    closed=gettext_lazy("Items can be checked only while the application waits for verification."),
    note_required=gettext_lazy("Write what the applicant must fix."),
    accept_all_audit=AUDIT_EACH,
)
flagged_items = DESK_REVIEW.flagged_items
unrevised_items = DESK_REVIEW.unrevised_items
unaccepted_items = DESK_REVIEW.unaccepted_items
reopen_revised_items = DESK_REVIEW.reopen_revised_items
review_item = DESK_REVIEW.review_item
accept_all = DESK_REVIEW.accept_all


def bulk_declare_eligible(reviewer, applications, request=None):
    """Declare each fully accepted application eligible; returns (done, [(application, reason)])."""
    done, refused = 0, []
    for application in applications:
        try:
            perform(application, "declare_eligible", reviewer, request=request)
            done += 1
        except TransitionError as error:
            refused.append((application, str(error)))
    return done, refused


# --- the registry's view of the person ------------------------------------------------------------------
CLOSED_STATES = {
    ApplicationStatus.DRAFT,
    ApplicationStatus.WITHDRAWN,
    ApplicationStatus.INELIGIBLE,
    ApplicationStatus.ASSESSED_NOT_YET,
    ApplicationStatus.NOT_YET_COMPETENT,
}


def sync_registry_status(application):
    """Keep the registry's certification status ("in process") in step with the applications.
    Called by transition effects, before the application itself is saved."""
    profile = WorkerProfile.objects.filter(user_id=application.applicant_id).first()
    if profile is None or profile.certification_status in ("certified",):
        return
    others_active = (
        Application.objects.filter(applicant_id=application.applicant_id)
        .exclude(pk=application.pk)
        .exclude(status__in=CLOSED_STATES)
        .exists()
    )
    active = others_active or application.status not in CLOSED_STATES
    status = "in_process" if active else ("none" if profile.certification_status == "in_process" else None)
    if status and status != profile.certification_status:
        WorkerProfile.objects.filter(pk=profile.pk).update(certification_status=status)
