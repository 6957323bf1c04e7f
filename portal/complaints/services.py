"""Complaints: filing (anyone), triage, responses, decisions, the credential's suspension or
revocation, and the daily reminders of overdue stages. Views and tasks call these; every change of
status goes through the workflow engine (`perform`), everything else is audited here."""

from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from portal.accounts.models import User
from portal.audit.services import record
from portal.credentials.services import revoke_credential, suspend_credential
from portal.documents.services import atomic_with_uploads, store_upload
from portal.notifications.services import notify, queue_email, render_text
from portal.workflow.engine import TransitionForbidden, TransitionNotAllowed, perform

from . import codes, subjects
from .choices import ComplaintStatus
from .models import Complaint, ComplaintResponse
from .rules import handles, may_act_on_credential, may_reassign, may_respond

EVIDENCE_KIND = "complaint_evidence"
CREDENTIAL_ACTIONS = {"suspend": suspend_credential, "revoke": revoke_credential}


# ---- telling the complainant -----------------------------------------------------------------------
def tell_complainant(complaint, template, context=None):
    """E-mail the complainant (`notifications/complaints/<template>_*.txt`) in the language they wrote
    in. A signed-in complainant whose account has that address gets it as a notification (in-app
    too); anyone else at the address they gave."""
    context = {"complaint": complaint, "name": complaint.contact_name, "track_url": reverse("complaints:track"),
               **(context or {})}
    user = complaint.complainant
    if user is not None and user.email.lower() == complaint.contact_email.lower():
        return notify(user, template, context, url=reverse("complaints:track"))
    context = {"site_url": settings.SITE_URL, "portal_name": settings.PORTAL_NAME, "url": context["track_url"],
               "recipient": None, **context}
    with translation.override(complaint.language or settings.LANGUAGE_CODE):
        subject = " ".join(render_text(f"notifications/{template}_subject.txt", context).split())
        body = render_text(f"notifications/{template}_body.txt", context).strip()
        body = f"{body}\n\n{render_text('notifications/signature.txt', context).strip()}"
    return queue_email(to=complaint.contact_email, subject=subject, body=body)


# ---- filing -----------------------------------------------------------------------------------
def file_complaint(*, subject_kind, description, contact_name, contact_email, form_token, subject_name="",
                   credential=None, credential_number="", contact_phone="", complainant=None, evidence=(),
                   language=None, request=None):
    """File a complaint; returns (complaint, tracking code). The code exists only in this answer and
    the e-mail to the complainant (the row keeps its digest). The same form sent twice (a double
    click, a reload) files one complaint: the second sending returns (that complaint, None)."""
    kind = subjects.get(subject_kind)
    if kind is None:
        raise ValueError(f"Unknown complaint subject kind {subject_kind!r}")
    if credential is not None and credential.kind != kind.credential_kind:
        raise ValueError("The credential is not of the subject kind's credential kind")
    complainant = complainant if getattr(complainant, "is_authenticated", False) else None
    form_digest = codes.digest(f"form:{form_token}")
    existing = Complaint.objects.filter(form_digest=form_digest).first()
    if existing is not None:
        return existing, None
    now = timezone.now()
    code = codes.new_code()
    try:
        with atomic_with_uploads():
            complaint = Complaint.objects.create(
                tracking_digest=codes.digest(code),
                form_digest=form_digest,
                subject_kind=kind.key,
                handler_role=kind.handler_role,
                subject_name=subject_name.strip(),
                credential=credential,
                credential_number=credential.number if credential is not None else credential_number.strip(),
                description=description.strip(),
                complainant=complainant,
                contact_name=contact_name.strip(),
                contact_email=contact_email.strip(),
                contact_phone=contact_phone.strip(),
                language=language or translation.get_language() or settings.LANGUAGE_CODE,
                consented_at=now,
                due_at=now + timedelta(days=settings.COMPLAINT_SLA_TRIAGE_DAYS),
            )
            if evidence and complainant is not None:
                complaint.evidence.set([store_upload(complainant, upload, kind=EVIDENCE_KIND) for upload in evidence])
            record(complainant, "complaint.file", complaint, after={"subject_kind": kind.key}, request=request)
            tell_complainant(complaint, "complaints/received", {"code": code})
    except IntegrityError:
        # The same form, sent twice at once: the other sending filed it.
        existing = Complaint.objects.filter(form_digest=form_digest).first()
        if existing is None:
            raise
        return existing, None
    return complaint, code


def find_by_code(text):
    """The complaint with this tracking code, or None (a wrong code and a malformed one alike: one
    indexed query either way)."""
    return Complaint.objects.filter(tracking_digest=codes.digest(text)).first()


# ---- handling ---------------------------------------------------------------------------------
def handler_choices(complaint):
    """Who may be assigned: the active users of the role that handles the complaint."""
    return User.objects.filter(role=complaint.handler_role, is_active=True).order_by("full_name", "email")


def triage(complaint, actor, *, category, handler, note="", request=None):
    """Received → triaged: the category and the handler, in the transition's transaction (the
    engine's guard checks them; a refusal leaves the complaint as it was)."""
    if not handles(actor, complaint):
        raise TransitionForbidden(_("You may not do “%(action)s” here.") % {"action": _("Triage")})
    with transaction.atomic():
        Complaint.objects.filter(pk=complaint.pk, status=ComplaintStatus.RECEIVED).update(
            category=category, handler=handler
        )
        perform(complaint, "triage", actor, note=note, request=request)
    return complaint


def reassign(complaint, actor, handler, *, request=None):
    """Hand a complaint being handled to another handler of its role (audited, the new one told)."""
    if not may_reassign(actor, complaint):
        raise TransitionForbidden(_("You may not reassign this complaint."))
    if handler.role != complaint.handler_role or not handler.is_active:
        raise TransitionNotAllowed(_("This person does not handle complaints of this kind."))
    with transaction.atomic():
        locked = Complaint.objects.select_for_update().get(pk=complaint.pk)
        before = locked.handler_id
        locked.handler = handler
        locked.save(update_fields=["handler", "updated_at"])
        record(actor, "complaint.reassign", locked, before={"handler": before}, after={"handler": handler.pk},
               request=request)
        if handler.pk != actor.pk:
            notify(handler, "complaints/assigned", {"object": locked, "actor": actor, "note": ""},
                   url=locked.get_absolute_url())
    complaint.refresh_from_db()
    return complaint


def move(complaint, actor, name, *, note="", request=None):
    """A transition without more to it: start handling, close."""
    perform(complaint, name, actor, note=note, request=request)
    return complaint


def respond(complaint, actor, *, text, is_public, request=None):
    """A response: public ones are e-mailed to the complainant and shown on the tracking page;
    internal ones stay with staff. A first response to a triaged complaint starts its handling."""
    if not may_respond(actor, complaint):
        raise TransitionForbidden(_("You may not respond to this complaint now."))
    with transaction.atomic():
        if complaint.status == ComplaintStatus.TRIAGED:
            perform(complaint, "start", actor, request=request)
        response = ComplaintResponse.objects.create(complaint=complaint, author=actor, text=text.strip(),
                                                    is_public=is_public)
        record(actor, "complaint.respond_public" if is_public else "complaint.respond_internal", complaint,
               after={"response": response.pk}, request=request)
        if is_public:
            tell_complainant(complaint, "complaints/response", {"response": response})
    return response


def decide(complaint, actor, name, *, reason, request=None):
    """Resolve or reject, with the resolution or the reason (required), told to the complainant."""
    reason = (reason or "").strip()
    with transaction.atomic():
        locked = perform(complaint, name, actor, note=reason, request=request)
        locked.decision = reason
        locked.save(update_fields=["decision", "updated_at"])
        tell_complainant(locked, "complaints/decided", {"decision": reason, "state_label": locked.get_status_display()})
    complaint.refresh_from_db()
    return complaint


def credential_reason(complaint, reason):
    """The credential's status reason: the complaint's reference and the handler's reason, in the
    portal's language (the public verification page shows a revocation's reason to everyone)."""
    with translation.override(settings.LANGUAGE_CODE):
        return _("Complaint %(reference)s: %(reason)s") % {"reference": complaint.reference, "reason": reason}


def act_on_credential(complaint, actor, action, *, reason, request=None):
    """Suspend or revoke the complaint's credential through the credential service (its workflow:
    only the admin of that kind of credential), with the complaint as the reason; the complaint
    records what was done."""
    reason = " ".join((reason or "").split())
    if action not in CREDENTIAL_ACTIONS:
        raise TransitionNotAllowed(_("Unknown action."))
    if not may_act_on_credential(actor, complaint):
        raise TransitionForbidden(_("You may not change the status of this credential."))
    if not reason:
        raise TransitionNotAllowed(_("Please write a reason."))
    with transaction.atomic():
        credential = CREDENTIAL_ACTIONS[action](
            complaint.credential, actor=actor, reason=credential_reason(complaint, reason), request=request
        )
        Complaint.objects.filter(pk=complaint.pk).update(
            credential_action=action, credential_action_at=timezone.now(), updated_at=timezone.now()
        )
        record(actor, f"complaint.credential_{action}", complaint, after={"credential": credential.number},
               note=reason, request=request)
    complaint.refresh_from_db()
    return credential


# ---- service levels -------------------------------------------------------------------------------
def remind_overdue(now=None):
    """Remind the handler of every complaint past its stage's service level (no handler yet: every
    user of the role that handles it), once per complaint, stage, handler and day however often it
    runs. Returns how many reminders were queued."""
    now = now or timezone.now()
    today = timezone.localdate(now).isoformat()
    by_role = {}
    sent = 0
    for complaint in Complaint.objects.overdue(now).select_related("handler").order_by("due_at", "pk").iterator():
        if complaint.handler_id is not None:
            recipients = [complaint.handler]
        else:
            if complaint.handler_role not in by_role:
                by_role[complaint.handler_role] = list(User.objects.filter(role=complaint.handler_role, is_active=True))
            recipients = by_role[complaint.handler_role]
        stage = complaint.stage
        days = (now - complaint.due_at).days
        for user in recipients:
            key = f"complaints.overdue:{complaint.pk}:{stage}:{today}:{user.pk}"
            with transaction.atomic():
                if notify(user, "complaints/overdue", {"object": complaint, "stage": stage, "days_late": days},
                          url=complaint.get_absolute_url(), key=key) is not None:
                    sent += 1
    return sent
