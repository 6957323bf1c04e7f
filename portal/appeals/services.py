"""Appeals: who may appeal and until when, filing with the FR.AK.04 answers, forming a conflict-free
panel, the panel's decision, carrying a granted appeal out on the file, and the daily reminders.
Views and tasks call these; every change of status goes through the workflow engine (`perform`),
everything else is audited here."""

from datetime import datetime, time, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from portal.accounts.models import User
from portal.audit.models import AuditEvent
from portal.audit.services import record
from portal.documents.services import atomic_with_uploads, store_upload
from portal.notifications.services import notify
from portal.workflow.engine import perform
from portal.workflow.history import timeline_rows

from . import kinds
from .models import Appeal, AppealStatus, PanelMember
from .rules import may_decide, may_form_panel

DOCUMENT_KIND = "appeal_document"


class AppealError(Exception):
    """A step refused; `str(error)` is a translated reason for the user."""


# ---- who may appeal, until when ----------------------------------------------------------------------
def last_day(decided_at):
    """The last day (Asia/Jakarta) an appeal of a decision made at `decided_at` is accepted."""
    return timezone.localdate(decided_at) + timedelta(days=settings.APPEAL_PERIOD_DAYS)


def period_open(decided_at, now=None):
    now = now or timezone.now()
    return timezone.localdate(now) <= last_day(decided_at)


def appeal_problem(user, obj, now=None, *, decided=None):
    """None when `user` may appeal the decision on `obj` now; else the translated reason. `decided`: the
    kind's `decision(obj)` when the caller has it already."""
    kind = kinds.for_object(obj)
    if decided is None and kind is not None:
        decided = kind.decision(obj)
    if decided is None:
        return _("There is no decision to appeal.")
    if user.pk not in {u.pk for u in kind.appellants(obj)}:
        return _("Only the candidate or the institution concerned may appeal this decision.")
    if Appeal.objects.of(obj).filter(decision_at=decided.at).exists():
        return _("This decision has been appealed already.")
    if not period_open(decided.at, now):
        return _("The appeal period ended on %(date)s.") % {"date": date_format(last_day(decided.at), "j F Y")}
    return None


def may_appeal(user, obj):
    return appeal_problem(user, obj) is None


def existing_appeal(obj):
    return Appeal.objects.of(obj).order_by("-created_at").first()


def file_appeal(user, obj, *, reasons, process_explained, discussed_with_assessor, wants_help, helper_name="",
                uploads=(), request=None):
    """The appellant's appeal, with the FR.AK.04 answers and documents; the handlers are told. The same
    form sent twice files one appeal (one per decision)."""
    kind = kinds.for_object(obj)
    decided = kind.decision(obj) if kind is not None else None
    problem = appeal_problem(user, obj, decided=decided)
    if problem:
        existing = Appeal.objects.of(obj).filter(appellant=user).order_by("-created_at").first()
        if existing is not None and existing.created_at >= timezone.now() - timedelta(minutes=5):
            return existing  # a double click or a reload of the form just sent
        raise AppealError(problem)
    now = timezone.now()
    try:
        with atomic_with_uploads():
            appeal = Appeal.objects.create(
                kind=kind.key,
                handler_role=kind.handler_role,
                subject=obj,
                appellant=user,
                decision_label=str(decided.label)[:200],
                decision_at=decided.at,
                subject_title=str(decided.title)[:300],
                process_explained=process_explained,
                discussed_with_assessor=discussed_with_assessor,
                wants_help=wants_help,
                helper_name=helper_name.strip() if wants_help else "",
                reasons=reasons.strip(),
                due_at=now + timedelta(days=settings.APPEAL_DECISION_DAYS),
            )
            stored = [store_upload(user, upload, kind=DOCUMENT_KIND) for upload in uploads]
            if stored:
                appeal.documents.add(*stored)
            record(user, "appeal.file", appeal, after={"decision": appeal.decision_label,
                                                       "documents": len(stored)}, request=request)
            notify(user, "appeals/received", {"appeal": appeal}, url=appeal.get_absolute_url())
            for handler in User.objects.filter(role=kind.handler_role, is_active=True):
                notify(handler, "appeals/new", {"appeal": appeal}, url=appeal.get_absolute_url())
    except IntegrityError:
        existing = Appeal.objects.of(obj).filter(decision_at=decided.at).first()
        if existing is None or existing.appellant_id != user.pk:
            raise AppealError(_("This decision has been appealed already.")) from None
        return existing
    return appeal


def timeline(appeal):
    """The appeal's steps for its page: the filing, then the audited transitions (`workflow/timeline.html`)."""
    filed = [(event, _("Appeal submitted"))
             for event in AuditEvent.objects.for_object(appeal).filter(action="appeal.file").order_by("created_at")]
    return filed + timeline_rows(appeal)


# ---- the panel ---------------------------------------------------------------------------------------------
def refusals(appeal, users):
    """{user_id: reason} of the `users` who may not sit on the appeal's panel: the appellant, everyone
    who had a part in the decision, everyone with a conflict (the programme's own checks)."""
    kind = appeal.kind_spec
    subject = appeal.subject
    users = list(users)
    reasons = {appeal.appellant_id: _("is the appellant")}
    involved = kind.involved(subject)
    conflicts = kind.conflicts(subject, [u for u in users if u.pk not in involved and u.pk != appeal.appellant_id])
    reasons.update(conflicts)
    reasons.update(involved)
    return {user.pk: reasons[user.pk] for user in users if user.pk in reasons}


def panel_candidates(appeal):
    """(eligible users, [(user, reason)] of those who may not sit on it), members already on it left out."""
    kind = appeal.kind_spec
    taken = set(appeal.panel.values_list("member_id", flat=True))
    users = [
        u for u in User.objects.filter(role__in=kind.panel_roles, is_active=True).order_by("full_name", "email")
        if u.pk not in taken
    ]
    refused = refusals(appeal, users)
    return [u for u in users if u.pk not in refused], [(u, refused[u.pk]) for u in users if u.pk in refused]


def add_member(appeal, actor, user, *, chair=False, request=None):
    with transaction.atomic():
        appeal = Appeal.objects.select_for_update().get(pk=appeal.pk)
        if not may_form_panel(actor, appeal):
            raise AppealError(_("The panel can be changed only before it is handed the appeal."))
        if user.role not in appeal.kind_spec.panel_roles or not user.is_active:
            raise AppealError(_("This person cannot sit on an appeals panel of this kind."))
        reason = refusals(appeal, [user]).get(user.pk)
        if reason:
            raise AppealError(_("%(name)s cannot sit on this panel: %(reason)s.") % {
                "name": user.get_full_name(), "reason": reason})
        if appeal.panel.filter(member=user).exists():
            raise AppealError(_("%(name)s is on the panel already.") % {"name": user.get_full_name()})
        if chair:
            appeal.panel.update(is_chair=False)
        elif not appeal.panel.exists():
            chair = True  # the first member chairs until another is named chair
        member = PanelMember.objects.create(appeal=appeal, member=user, is_chair=chair, added_by=actor)
        record(actor, "appeal.add_member", appeal, after={"member": user.get_full_name(), "chair": chair},
               request=request)
    return member


def remove_member(appeal, actor, member, *, request=None):
    with transaction.atomic():
        appeal = Appeal.objects.select_for_update().get(pk=appeal.pk)
        if not may_form_panel(actor, appeal):
            raise AppealError(_("The panel can be changed only before it is handed the appeal."))
        member = appeal.panel.select_related("member").get(pk=member.pk)
        name = member.member.get_full_name()
        member.delete()
        record(actor, "appeal.remove_member", appeal, before={"member": name}, request=request)


def form_panel(appeal, actor, *, request=None):
    return perform(appeal, "form_panel", actor, request=request)


# ---- the decision -----------------------------------------------------------------------------------------
def outcome_problem(appeal):
    """The grant's guard: an outcome the kind offers, with what it needs."""
    kind = appeal.kind_spec
    subject = appeal.subject
    offered = dict(kind.outcomes(subject))
    if appeal.outcome not in offered:
        return _("Choose what the granted appeal does.")
    if appeal.outcome == kinds.CHANGE:
        if appeal.new_decision not in dict(kind.new_decisions(subject)):
            return _("Choose the new decision.")
    if appeal.outcome == kinds.REASSESS:
        units = dict(kind.units(subject))
        if units and not appeal.units:
            return _("Name the units to re-assess.")
        if any(u.get("code") not in units for u in appeal.units):
            return _("Choose the units among those of the file.")
    return None


def decide(appeal, actor, action, *, reason, outcome="", new_decision="", units=(), request=None):
    """The panel's decision (`uphold` or `grant`, with reasons). A granted appeal is carried out on the
    file in the same transaction (the programme's workflow: a re-assessment opened, a credential issued,
    re-graded or withdrawn); if that is refused, nothing is recorded."""
    if action not in ("uphold", "grant"):
        raise AppealError(_("Choose the panel's decision."))
    with transaction.atomic():
        locked = Appeal.objects.select_for_update().get(pk=appeal.pk)
        if not may_decide(actor, locked):
            raise AppealError(_("Only a member of the panel decides, while the appeal is with the panel."))
        kind = locked.kind_spec
        labels = dict(kind.units(locked.subject))
        locked.decision_reason = reason.strip()
        if action == "grant":
            locked.outcome = outcome
            locked.new_decision = new_decision if outcome == kinds.CHANGE else ""
            locked.units = [{"code": code, "label": str(labels.get(code, code))} for code in units] \
                if outcome == kinds.REASSESS else []
        else:
            locked.outcome, locked.new_decision, locked.units = "", "", []
        locked.save(update_fields=["decision_reason", "outcome", "new_decision", "units"])
        perform(locked, action, actor, note=reason, request=request)
        if action == "grant":
            locked.refresh_from_db()
            kind.apply(locked, actor, request)
            locked.applied_at = timezone.now()
            locked.save(update_fields=["applied_at"])
    appeal.refresh_from_db()
    return appeal


def granted_not_applied(obj):
    """The granted appeals of `obj` not yet carried out: while `decide` carries one out, in its transaction."""
    return Appeal.objects.of(obj).filter(status=AppealStatus.GRANTED, applied_at__isnull=True)


def pending_grant(obj):
    """The granted appeal `decide` is carrying out on `obj` (for the programme's effects), or None."""
    return granted_not_applied(obj).order_by("-pk").first()


def grant_pending(user, obj):
    """The programmes' predicate for the transitions a granted appeal makes: `user` sat on the panel of a
    granted appeal of `obj` not yet carried out (the same transaction, `decide`)."""
    return granted_not_applied(obj).filter(panel__member=user).exists()


def grant_note(appeal):
    """The note of the programme's transition that carries a granted appeal out (its audit and timeline)."""
    return _("Appeal %(reference)s granted: %(reason)s") % {"reference": appeal.reference, "reason": appeal.decision_reason}


# ---- reminders -------------------------------------------------------------------------------------------
def remind_due(now=None):
    """Once a day, for each open appeal due within APPEAL_REMIND_DAYS (or overdue): the handlers while it
    waits for a panel, the panel while it decides. Returns how many appeals were reminded."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    horizon = timezone.make_aware(datetime.combine(today + timedelta(days=settings.APPEAL_REMIND_DAYS), time.max))
    due = (
        Appeal.objects.open().filter(due_at__lte=horizon)
        .exclude(reminded_on=today)
        .order_by("due_at")
    )
    count = 0
    for appeal in due:
        with transaction.atomic():
            locked = Appeal.objects.select_for_update().get(pk=appeal.pk)
            if locked.reminded_on == today or not locked.is_open:
                continue
            if locked.status == AppealStatus.SUBMITTED:
                people = User.objects.filter(role=locked.handler_role, is_active=True)
            else:
                people = [m.member for m in locked.panel.select_related("member")]
            context = {"appeal": locked, "overdue": locked.due_at < now}
            for person in people:
                notify(person, "appeals/reminder", context, url=locked.get_absolute_url())
            locked.reminded_on = today
            locked.save(update_fields=["reminded_on"])
            count += 1
    return count
