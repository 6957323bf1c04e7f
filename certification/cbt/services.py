"""Business rules of the computer-based test's sitting. Views and tasks call these. (The item bank is in
`bank.py`; blueprints, their unit quotas and the pool in `blueprints.py`.)

- attempts: start (the window, check-in, the device), answers (idempotent, in order), submit, expiry,
  scoring into the exam's cognitive component, release
The proctor's actions (pause, resume, extend, end, allow another device) are in `proctoring.py`.
"""

import hashlib
import logging
import secrets
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from fractions import Fraction

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from certification.exams import scoring
from certification.exams.models import Attendance, BookingStatus, ExamBooking
from certification.exams.services import ExamError, applicable_components, manages, save_test_scores
from certification.models import Component
from certification.planning.services import extra_minutes
from portal.audit.services import record

from . import assembly
from .models import (
    AnswerReceipt,
    Attempt,
    AttemptItem,
    AttemptStatus,
    Domain,
    SubmitReason,
)

log = logging.getLogger("portal.cbt")


class CbtError(Exception):
    """A refusal with a message for the user."""

    code = "refused"

    def __init__(self, message, code=None):
        super().__init__(message)
        self.message = message
        if code:
            self.code = code


class DeviceRefused(CbtError):
    code = "device"

    def __init__(self, message, attempt=None):
        super().__init__(message)
        self.attempt = attempt


# ---- the test: who may start, the clock, the device ------------------------------------------------------
def cognitive_parts(booking):
    """{part kind: part} of the cognitive component that applies to the candidate, or {}."""
    components = list(booking.session.components.prefetch_related("parts"))
    for component in applicable_components(components, booking.application):
        if component.kind == Component.COGNITIVE:
            return {part.kind: part for part in component.parts.all()}
    return {}


def start_problem(booking, now=None):
    """Why the candidate of `booking` cannot start (or resume) the test now, or None."""
    now = now or timezone.now()
    session = booking.session
    if not session.is_exam or booking.status != BookingStatus.CONFIRMED:
        return _("This booking has no computer-based test.")
    if now < session.starts_at:
        return _("The test opens when the session starts, at %(time)s.") % {
            "time": timezone.localtime(session.starts_at).strftime("%H:%M")
        }
    if now >= session.ends_at:
        return _("The session has ended; the test can no longer be started.")
    if booking.attendance != Attendance.PRESENT:
        if session.is_online:
            return _("Wait until the proctor admits you to the online session.")
        return _("The test opens once you are checked in at the test site. Show your admission card to the staff.")
    if booking.result:
        return _("The plenary has decided; the test is closed.")
    if not hasattr(session.scheme, "cbt_blueprint"):
        return _("No computer-based test is defined for this scheme yet.")
    return None


def _digest(token):
    return hashlib.sha256(token.encode()).hexdigest()


def new_device_token():
    return secrets.token_urlsafe(32)


@dataclass
class Started:
    attempt: Attempt
    #: a new device token to set as the cookie, or None when the device already holds the active one
    token: str | None
    created: bool = False


def start_attempt(user, booking, device_token, *, request=None):
    """Start the candidate's test, or resume it on the device that holds it. The deadline is fixed
    here once (started_at + time limit + extra minutes): reloading or another device does not reset it.
    A second device is refused until the proctor allows a move (`allow_device`)."""
    if booking.application.applicant_id != user.pk:
        raise PermissionDenied
    try:
        return _start(user, booking, device_token, request)
    except DeviceRefused as refused:
        if refused.attempt is not None:  # audited outside the transaction the refusal rolled back
            record(user, "cbt.device_refused", refused.attempt, request=request)
        raise


def _start(user, booking, device_token, request):
    now = timezone.now()
    with transaction.atomic():
        booking = _locked_booking(booking.pk)
        attempt = Attempt.objects.select_for_update().filter(booking=booking).first()
        if attempt is not None and not attempt.is_ready:
            return _resume(user, attempt, device_token, now, request)
        problem = start_problem(booking, now)
        if problem:
            raise CbtError(problem, "closed")
        blueprint = booking.session.scheme.cbt_blueprint
        if attempt is None:  # not drawn at check-in (the task has not run, or the blueprint came later)
            attempt = _draw(booking, blueprint)
        extra = extra_minutes(booking)
        token = new_device_token()
        attempt.status = AttemptStatus.IN_PROGRESS
        attempt.started_at = now
        attempt.time_limit_minutes, attempt.pass_mark = blueprint.time_limit_minutes, blueprint.pass_mark
        attempt.extra_minutes = extra
        attempt.deadline = now + timedelta(minutes=blueprint.time_limit_minutes + extra)
        attempt.device_hash = _digest(token)
        attempt.save(update_fields=["status", "started_at", "time_limit_minutes", "pass_mark", "extra_minutes", "deadline",
                                    "device_hash"])
        record(user, "cbt.start", attempt, after={"deadline": attempt.deadline.isoformat(), "extra_minutes": extra},
               request=request)
    return Started(attempt, token, created=True)


def _locked_booking(pk):
    return (
        ExamBooking.objects.select_for_update(of=("self",))
        .select_related("session", "session__scheme", "session__scheme__cbt_blueprint", "application", "application__route")
        .get(pk=pk)
    )


def _draw(booking, blueprint):
    """The candidate's own form, drawn from the pool by the blueprint (status `ready`: not started). Raises
    CbtError when the route has no cognitive test or the bank is too small for the blueprint."""
    from .blueprints import pool, shortage_message, unit_quotas

    if not cognitive_parts(booking):
        raise CbtError(_("The candidate's route has no cognitive test."), "closed")
    seed = secrets.randbits(62)
    try:
        placements = assembly.assemble(
            pool(blueprint.scheme), blueprint.item_count, blueprint.shares, seed, shuffle_options=blueprint.shuffle_options,
            unit_quotas=unit_quotas(blueprint),
        )
    except assembly.BankTooSmall as short:
        log.error("cbt: bank too small for blueprint %s: %s", blueprint.pk, short.shortages)
        raise CbtError(_("The test cannot be put together: ask the proctor.") + " " + shortage_message(short), "bank") from None
    attempt = Attempt.objects.create(
        booking=booking, blueprint=blueprint, seed=seed, status=AttemptStatus.READY,
        time_limit_minutes=blueprint.time_limit_minutes, pass_mark=blueprint.pass_mark,
    )
    AttemptItem.objects.bulk_create(
        AttemptItem(attempt=attempt, position=p.position, version_id=p.version_id, order=list(p.order)) for p in placements
    )
    record(None, "cbt.draw", attempt, after={"items": len(placements)})
    return attempt


def draw_form(booking_id):
    """After a check-in (a task): draw the candidate's form now, so that starting the test only sets the clock
    (400 candidates start within seconds of each other; check-ins are spread over the hour before). Does
    nothing when the form exists, the booking has no computer-based test, or drawing is not possible yet;
    the start then draws it. Returns the attempt or None."""
    with transaction.atomic():
        booking = _locked_booking(booking_id)
        if Attempt.objects.filter(booking=booking).exists():
            return None
        if not booking.session.is_exam or booking.status != BookingStatus.CONFIRMED or booking.attendance != Attendance.PRESENT:
            return None
        blueprint = getattr(booking.session.scheme, "cbt_blueprint", None)
        if blueprint is None:
            return None
        try:
            return _draw(booking, blueprint)
        except CbtError as refused:
            log.warning("cbt: no form drawn at check-in for booking %s: %s", booking.pk, refused.message)
            return None


def _resume(user, attempt, device_token, now, request):
    if device_token and _digest(device_token) == attempt.device_hash:
        return Started(attempt, None)
    if not attempt.is_open:
        return Started(attempt, None)
    if not attempt.device_switch_allowed:
        raise DeviceRefused(_(
            "Your test is open on another device. Only one device at a time may hold it: ask the proctor to let you move "
            "to this one."
        ), attempt=attempt)
    token = new_device_token()
    attempt.device_hash = _digest(token)
    attempt.device_switch_allowed = False
    attempt.device_switches += 1
    attempt.save(update_fields=["device_hash", "device_switch_allowed", "device_switches"])
    record(user, "cbt.device_moved", attempt, after={"switches": attempt.device_switches}, request=request)
    return Started(attempt, token)


def holds_device(attempt, device_token):
    return bool(device_token) and _digest(device_token) == attempt.device_hash


# ---- answers ------------------------------------------------------------------------------------------------
ANSWER_FIELDS = {"key", "item", "choice", "flagged", "seq"}


@dataclass
class Saved:
    outcome: str  # saved, replay, stale
    item: AttemptItem
    seconds_left: int


def parse_answer(payload):
    """The browser's answer, checked: {"key": str, "item": position, "choice": shown index or null,
    "flagged": bool (optional), "seq": int ≥ 1}. Anything else is refused with the reason."""
    if not isinstance(payload, dict):
        raise CbtError(_("The answer could not be read."), "malformed")
    unknown = sorted(set(payload) - ANSWER_FIELDS)
    if unknown:
        if any(name in {"deadline", "started_at", "seconds_left", "time", "remaining", "extra_minutes"} for name in unknown):
            raise CbtError(_("The time is kept by the server; a time sent by the browser is refused."), "time")
        raise CbtError(_("The answer has fields the test does not know: %(names)s.") % {"names": ", ".join(unknown)[:200]},
                       "malformed")
    key, item, seq = payload.get("key"), payload.get("item"), payload.get("seq")
    if not isinstance(key, str) or not 8 <= len(key) <= 64 or not key.replace("-", "").replace("_", "").isalnum():
        raise CbtError(_("The answer has no valid key."), "malformed")
    if not isinstance(item, int) or isinstance(item, bool) or not 1 <= item <= 1000:
        raise CbtError(_("The answer does not name a question of the test."), "malformed")
    if not isinstance(seq, int) or isinstance(seq, bool) or not 1 <= seq <= 2**31 - 1:
        raise CbtError(_("The answer has no valid sequence number."), "malformed")
    choice = payload.get("choice", None)
    if choice is not None and (not isinstance(choice, int) or isinstance(choice, bool) or not 0 <= choice <= 4):
        raise CbtError(_("The chosen option is not one of the question's options."), "malformed")
    flagged = payload.get("flagged", None)
    if flagged is not None and not isinstance(flagged, bool):
        raise CbtError(_("“Flag for review” must be yes or no."), "malformed")
    if "choice" not in payload and flagged is None:
        raise CbtError(_("The answer carries neither a choice nor a flag."), "malformed")
    return {"key": key, "item": item, "seq": seq, "choice": choice, "has_choice": "choice" in payload, "flagged": flagged}


def save_answer(user, attempt_id, device_token, payload, *, request=None):
    """Store one answer as it is given. Idempotent by its key (a replay changes nothing and answers as
    the first did); answers older than the last applied one for the question (`seq`) are kept as
    receipts but not applied. Refused: another device, after the deadline, a question not on the form,
    an option it does not have. Queries: a fixed handful, whatever the size of the test."""
    answer = parse_answer(payload)
    now = timezone.now()
    with transaction.atomic():
        attempt = (
            Attempt.objects.select_for_update()
            .filter(pk=attempt_id, booking__application__applicant=user)
            .only("pk", "status", "deadline", "paused_at", "device_hash", "booking_id")
            .first()
        )
        if attempt is None:
            raise CbtError(_("This test does not exist or is not yours."), "not_found")
        if attempt.is_ready:
            raise CbtError(_("Your test has not started yet."), "closed")
        if not holds_device(attempt, device_token):
            raise DeviceRefused(_("This device no longer holds your test: it was moved to another device."))
        if not attempt.is_open:
            raise CbtError(_("Your test was submitted; answers sent after that are not kept."), "closed")
        if attempt.paused_at is not None:
            raise CbtError(_("The test is paused by the proctor. Your answers wait in this browser and are sent when it resumes."),
                           "paused")
        if now > attempt.deadline + timedelta(seconds=settings.CBT_LATE_GRACE_SECONDS):
            raise CbtError(
                _("The time for this test ended at %(time)s; answers sent after it are not kept.")
                % {"time": timezone.localtime(attempt.deadline).strftime("%H:%M:%S")},
                "late",
            )
        item = AttemptItem.objects.filter(attempt_id=attempt.pk, position=answer["item"]).only(
            "pk", "order", "choice", "flagged", "seq", "answered_at", "position"
        ).first()
        if item is None:
            raise CbtError(_("Question %(n)s is not on your test.") % {"n": answer["item"]}, "not_on_form")
        choice = None
        if answer["choice"] is not None:
            if answer["choice"] >= len(item.order):
                raise CbtError(_("The chosen option is not one of the question's options."), "malformed")
            choice = item.order[answer["choice"]]
        fresh = answer["seq"] > item.seq
        try:
            with transaction.atomic():
                AnswerReceipt.objects.create(
                    attempt_id=attempt.pk, key=answer["key"], position=item.position, choice=choice,
                    flagged=answer["flagged"], seq=answer["seq"], applied=fresh,
                )
        except IntegrityError:
            return Saved("replay", item, attempt.seconds_left(now))
        if not fresh:
            return Saved("stale", item, attempt.seconds_left(now))
        fields = ["seq"]
        item.seq = answer["seq"]
        if answer["has_choice"]:
            item.choice = choice
            item.answered_at = now
            fields += ["choice", "answered_at"]
        if answer["flagged"] is not None:
            item.flagged = answer["flagged"]
            fields.append("flagged")
        item.save(update_fields=fields)
    return Saved("saved", item, attempt.seconds_left(now))


# ---- submit, expiry, scoring -------------------------------------------------------------------------------
def submit(user, attempt, *, reason=SubmitReason.CANDIDATE, request=None):
    """Close the test and score it. The candidate submits (before the deadline, from the device that holds
    it, not while paused), the time runs out (`expire`; never while paused), or the proctor ends it
    (`proctoring.end`). Scores go into the exam's cognitive component. Idempotent."""
    with transaction.atomic():
        attempt = Attempt.objects.select_for_update().select_related(
            "booking", "booking__session", "booking__application", "booking__application__route", "booking__application__applicant"
        ).get(pk=attempt.pk)
        if not attempt.is_open:
            return attempt
        if reason == SubmitReason.CANDIDATE and attempt.booking.application.applicant_id != getattr(user, "pk", None):
            raise PermissionDenied
        if reason == SubmitReason.PROCTOR and not manages(user, attempt.booking.session):
            raise PermissionDenied
        if attempt.paused_at is not None:
            if reason == SubmitReason.TIME:
                return attempt  # the clock stands still while paused
            if reason == SubmitReason.CANDIDATE:
                raise CbtError(_("The test is paused by the proctor; it can be submitted once it resumes."), "paused")
        now = timezone.now()
        if attempt.paused_at is not None:  # ended by the proctor while paused
            attempt.paused_seconds += max(0, int((now - attempt.paused_at).total_seconds()))
            attempt.paused_at = None
        attempt.status = AttemptStatus.SUBMITTED
        attempt.submitted_at = min(now, attempt.deadline) if reason == SubmitReason.TIME else now
        attempt.submit_reason = reason
        _score(attempt)
        attempt.save()
        record(None if reason == SubmitReason.TIME else user, "cbt.submit", attempt,
               after={"reason": reason, "correct": attempt.correct}, request=request)
        parts = cognitive_parts(attempt.booking)
        values = {}
        for domain, score in attempt_scores(attempt).items():
            if score is not None and domain in parts:
                values[parts[domain].pk] = score
        if values:
            try:
                save_test_scores(attempt.booking.application.applicant, attempt.booking, values, request=request)
            except ExamError as error:
                log.warning("cbt: scores of attempt %s not recorded: %s", attempt.pk, error)
    return attempt


def attempt_scores(attempt):
    return {Domain.KNOWLEDGE: attempt.score_knowledge, Domain.VALUES: attempt.score_values, Domain.SKILLS: attempt.score_skills}


def domain_score(correct, count):
    """Percent correct, rounded half up to two decimals (None for a domain without items)."""
    if count == 0:
        return None
    return scoring.to_decimal(Fraction(correct * 100, count))


def _score(attempt):
    tally = {domain: [0, 0] for domain in Domain.values}
    for domain, choice, key in attempt.items.values_list("version__domain", "choice", "version__key"):
        tally[domain][1] += 1
        tally[domain][0] += int(choice is not None and choice == key)
    attempt.correct = sum(c for c, _n in tally.values())
    attempt.score_knowledge = domain_score(*tally[Domain.KNOWLEDGE])
    attempt.score_values = domain_score(*tally[Domain.VALUES])
    attempt.score_skills = domain_score(*tally[Domain.SKILLS])
    weights = settings.EXAM_COGNITIVE_PARTS
    attempt.total = scoring.component_score(
        [(weights.get(domain, Decimal(0)) or Decimal("0.01"), score) for domain, score in attempt_scores(attempt).items()
         if score is not None]
    )


def check_expiry(attempt, *, request=None):
    """The check on every request: an attempt past its deadline (and the grace for answers in flight)
    is submitted as "time ran out". Returns the attempt, fresh."""
    if attempt.is_open and attempt.paused_at is None and timezone.now() > attempt.deadline + timedelta(seconds=settings.CBT_LATE_GRACE_SECONDS):
        return submit(None, attempt, reason=SubmitReason.TIME, request=request)
    return attempt


def expire_due(*, batch=200):
    """The beat task's work: every attempt still open past its deadline is submitted (a paused one is not:
    its clock stands still). Returns how many."""
    cutoff = timezone.now() - timedelta(seconds=settings.CBT_LATE_GRACE_SECONDS)
    due = Attempt.objects.filter(status=AttemptStatus.IN_PROGRESS, paused_at__isnull=True, deadline__lt=cutoff)
    due = list(due.values_list("pk", flat=True)[:batch])
    for pk in due:
        submit(None, Attempt(pk=pk), reason=SubmitReason.TIME)
    return len(due)


def result_visible(attempt):
    return attempt.status == AttemptStatus.SUBMITTED and attempt.released_at is not None
