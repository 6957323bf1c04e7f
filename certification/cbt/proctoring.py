"""The proctor's side of the computer-based test (issue 16, item 4; docs/cbt.md, "The proctor console").

The proctor is the session's secretariat or an LSP admin (`certification.exams.services.manages`),
checked here and in `rules.py`. For one candidate's test or for all open tests of a session:

- pause / resume: while paused the clock stands still (`Attempt.paused_at`); answers and the
  candidate's submit are refused ("paused"), expiry skips the test; on resume the deadline moves by the
  time paused, exactly, on the server.
- extend: N minutes (1–120) with a reason; the deadline moves, the minutes add up in `proctor_minutes`.
- end: submitted as "Ended by the proctor" and scored as any submit (`services.submit`).
- allow another device; release the results (LSP admin).

Every change is audited (`cbt.pause`, `cbt.resume`, `cbt.extend`, `cbt.end`, `cbt.device_allowed`,
`cbt.release`): an action on one test on the attempt, an action on all on the session (with the
attempts' ids). Locked rows (`select_for_update`), idempotent: pausing a paused test changes nothing and
writes no event. The console's rows and log (`console`) take a fixed number of queries.
"""

from dataclasses import dataclass, field
from datetime import timedelta

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from certification.exams.models import ExamSession
from certification.exams.services import manages
from portal.audit.models import AuditEvent
from portal.audit.services import record

from . import results
from .models import Attempt, AttemptStatus, SubmitReason
from .services import CbtError, submit

MIN_EXTENSION, MAX_EXTENSION = 1, 120
#: the most a proctor may add to one test in all (the field is a small integer; a day's session is shorter)
MAX_PROCTOR_MINUTES = 600
MAX_REASON = 500
ACTIONS = ("cbt.pause", "cbt.resume", "cbt.extend", "cbt.end", "cbt.device_allowed", "cbt.release")
ACTION_LABELS = {
    "cbt.pause": pgettext_lazy("cbt proctor action", "paused"),
    "cbt.resume": pgettext_lazy("cbt proctor action", "resumed"),
    "cbt.extend": pgettext_lazy("cbt proctor action", "extended"),
    "cbt.end": pgettext_lazy("cbt proctor action", "ended"),
    "cbt.device_allowed": pgettext_lazy("cbt proctor action", "allowed another device"),
    "cbt.release": pgettext_lazy("cbt proctor action", "released the results"),
}


def _require(actor, session):
    if not manages(actor, session):
        raise PermissionDenied


def _locked(session, attempt):
    """The open tests of `session` (or just `attempt`), locked, in a fixed order (no deadlock between two
    proctors). One test that is not open (or not of the session) is refused."""
    rows = Attempt.objects.select_for_update(of=("self",)).filter(booking__session=session, status=AttemptStatus.IN_PROGRESS)
    if attempt is not None:
        rows = rows.filter(pk=attempt.pk)
    rows = list(rows.order_by("pk"))
    if attempt is not None and not rows:
        raise CbtError(_("The test is already submitted."), "closed")
    return rows


def _ran_out(attempt, now):
    return attempt.paused_at is None and now > attempt.deadline


def _audit(actor, action, session, attempt, changed, after, request):
    if not changed:
        return
    if attempt is not None:
        record(actor, action, attempt, after=after, request=request)
    else:
        record(actor, action, session, after={"all": True, "attempts": [a.pk for a in changed], **after}, request=request)


def pause(actor, session, attempt=None, *, now=None, request=None):
    """Stop the clock of one test (or of every open test of the session). Returns the tests paused."""
    _require(actor, session)
    now = now or timezone.now()
    with transaction.atomic():
        rows = _locked(session, attempt)
        if attempt is not None and _ran_out(rows[0], now):
            raise CbtError(_("The time of this test has already run out."), "late")
        changed = [a for a in rows if a.paused_at is None and not _ran_out(a, now)]
        for a in changed:
            a.paused_at = now
        Attempt.objects.bulk_update(changed, ["paused_at"])
        _audit(actor, "cbt.pause", session, attempt, changed, {"at": now.isoformat()}, request)
    return changed


def resume(actor, session, attempt=None, *, now=None, request=None):
    """Start the clock again: the deadline moves by exactly the time paused. Returns the tests resumed."""
    _require(actor, session)
    now = now or timezone.now()
    with transaction.atomic():
        changed = [a for a in _locked(session, attempt) if a.paused_at is not None]
        paused = {}
        for a in changed:
            held = max(now - a.paused_at, timedelta(0))
            a.deadline += held
            a.paused_seconds += int(held.total_seconds())
            a.paused_at = None
            paused[a.pk] = int(held.total_seconds())
        Attempt.objects.bulk_update(changed, ["deadline", "paused_seconds", "paused_at"])
        after = {"paused_seconds": paused[attempt.pk], "deadline": changed[0].deadline.isoformat()} if attempt and changed else {}
        _audit(actor, "cbt.resume", session, attempt, changed, after, request)
    return changed


def check_extension(minutes, reason):
    """The proctor's extension, checked: whole minutes 1–120 and a reason. Returns (minutes, reason)."""
    if not isinstance(minutes, int) or isinstance(minutes, bool) or not MIN_EXTENSION <= minutes <= MAX_EXTENSION:
        raise CbtError(_("Extra time is given in whole minutes, from %(min)s to %(max)s.")
                       % {"min": MIN_EXTENSION, "max": MAX_EXTENSION}, "minutes")
    reason = (reason or "").strip() if isinstance(reason, str) else ""
    if not reason:
        raise CbtError(_("Say why the time is extended."), "reason")
    if len(reason) > MAX_REASON:
        raise CbtError(_("The reason is too long (at most %(n)s characters).") % {"n": MAX_REASON}, "reason")
    return minutes, reason


def extend(actor, session, minutes, reason, attempt=None, *, now=None, request=None):
    """Give one test (or every open test of the session) `minutes` more, with a reason (audited).
    A test whose time has already run out is not revived. Returns the tests extended."""
    _require(actor, session)
    minutes, reason = check_extension(minutes, reason)
    now = now or timezone.now()
    with transaction.atomic():
        rows = _locked(session, attempt)
        if attempt is not None and _ran_out(rows[0], now):
            raise CbtError(_("The time of this test has already run out."), "late")
        changed = [a for a in rows if not _ran_out(a, now)]
        if any(a.proctor_minutes + minutes > MAX_PROCTOR_MINUTES for a in changed):
            raise CbtError(_("A test may be extended by at most %(n)s minutes in all.") % {"n": MAX_PROCTOR_MINUTES}, "minutes")
        for a in changed:
            a.deadline += timedelta(minutes=minutes)
            a.proctor_minutes += minutes
        Attempt.objects.bulk_update(changed, ["deadline", "proctor_minutes"])
        _audit(actor, "cbt.extend", session, attempt, changed, {"minutes": minutes, "reason": reason}, request)
    return changed


def end(actor, session, attempt=None, *, request=None):
    """End one test (or every open test of the session) now: submitted as "Ended by the proctor" and
    scored as usual (a test whose time had already run out, as "Time ran out"). Returns the tests ended."""
    _require(actor, session)
    now = timezone.now()
    with transaction.atomic():
        rows = _locked(session, attempt)
        ended = [
            submit(actor, a, reason=SubmitReason.TIME if _ran_out(a, now) else SubmitReason.PROCTOR, request=request)
            for a in rows
        ]
        _audit(actor, "cbt.end", session, attempt, ended, {"correct": ended[0].correct} if attempt else {}, request)
    return ended


def allow_device(actor, attempt, *, request=None):
    """The proctor lets the candidate move to another device: the next device that opens the test takes
    it over, and the old one is refused from then on."""
    _require(actor, attempt.booking.session)
    if not attempt.is_open:
        raise CbtError(_("The test is already submitted."), "closed")
    Attempt.objects.filter(pk=attempt.pk).update(device_switch_allowed=True)
    record(actor, "cbt.device_allowed", attempt, request=request)


def release_results(actor, session, *, request=None):
    """The LSP admin releases the test results of a session: the candidates see their scores from then on."""
    if not actor.is_lsp_admin:
        raise PermissionDenied
    count = Attempt.objects.filter(booking__session=session, status=AttemptStatus.SUBMITTED, released_at__isnull=True).update(
        released_at=timezone.now()
    )
    record(actor, "cbt.release", session, after={"attempts": count}, request=request)
    return count


# ---- the console ------------------------------------------------------------------------------------------
STATES = {
    "absent": pgettext_lazy("cbt proctor", "not checked in"),
    "waiting": pgettext_lazy("cbt proctor", "not started"),
    "in_progress": pgettext_lazy("cbt proctor", "in progress"),
    "paused": pgettext_lazy("cbt proctor", "paused"),
    "time_up": pgettext_lazy("cbt proctor", "time is up, being submitted"),
    "submitted": pgettext_lazy("cbt proctor", "submitted"),
}


@dataclass
class Row:
    booking: object
    attempt: Attempt | None
    state: str
    answered: int
    flagged: int
    total: int
    last_answer: object
    seconds_left: int | None
    #: a submitted test's result per unit of competency (`results.UnitResult`s), where its items have units
    units: list = field(default_factory=list)

    @property
    def state_label(self):
        return STATES[self.state]

    @property
    def clock(self):
        left = self.seconds_left or 0
        return f"{left // 3600}:{left // 60 % 60:02d}:{left % 60:02d}"


@dataclass
class LogLine:
    event: AuditEvent
    label: str
    who: str


def _state(booking, attempt, now):
    if attempt is None or attempt.is_ready:  # ready: the form drawn at check-in, not started
        return "waiting" if booking.checked_in else "absent"
    if not attempt.is_open:
        return "submitted"
    if attempt.paused_at is not None:
        return "paused"
    return "time_up" if _ran_out(attempt, now) else "in_progress"


def console(session, *, now=None, log_size=50):
    """The proctor console's rows (every confirmed booking of the session, by seat) and the log of the
    proctor's actions, newest first. Three queries (four once a test is submitted: its results per unit),
    whatever the number of candidates."""
    now = now or timezone.now()
    items = "cbt_attempt__items"
    bookings = (
        session.bookings.confirmed().select_related("application__applicant", "cbt_attempt")
        .annotate(
            answered=Count(items, filter=Q(**{f"{items}__choice__isnull": False})),
            flagged=Count(items, filter=Q(**{f"{items}__flagged": True})),
            item_count=Count(items),
            last_answer=Max(f"{items}__answered_at"),
        )
        .order_by("seat", "pk")
    )
    rows = []
    for b in bookings:
        attempt = getattr(b, "cbt_attempt", None)
        state = _state(b, attempt, now)
        left = attempt.seconds_left(now) if attempt is not None and attempt.is_open else None
        rows.append(Row(b, attempt, state, b.answered, b.flagged, b.item_count, b.last_answer, left))
    per_unit = results.unit_results_of([r.attempt for r in rows])
    for row in rows:
        row.units = per_unit.get(getattr(row.attempt, "pk", None), [])
    names = {str(r.attempt.pk): r.booking.application.applicant.get_full_name() for r in rows if r.attempt is not None}
    attempt_type = ContentType.objects.get_for_model(Attempt)
    session_type = ContentType.objects.get_for_model(ExamSession)
    events = AuditEvent.objects.filter(action__in=ACTIONS).filter(
        Q(content_type=attempt_type, object_id__in=list(names)) | Q(content_type=session_type, object_id=str(session.pk))
    ).select_related("actor")[:log_size]
    log = []
    for event in events:
        after = event.after or {}
        if event.content_type_id == attempt_type.pk:
            who = names.get(event.object_id, "")
        elif event.action == "cbt.release":
            who = _("%(n)s submitted tests") % {"n": after.get("attempts", 0)}
        else:
            who = _("all open tests (%(n)s)") % {"n": len(after.get("attempts") or [])}
        log.append(LogLine(event, str(ACTION_LABELS.get(event.action, event.action)), who))
    counts = {state: sum(1 for r in rows if r.state == state) for state in STATES}
    return {"rows": rows, "log": log, "counts": counts, "now": now}
