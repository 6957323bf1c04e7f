"""Where other sub-apps add to the exam day without the exam stage knowing them.

- **Check-in guards** (`register_check_in_guard(fn)`, from the sub-app's `AppConfig.ready()`):
  `fn(booking) -> str | None`, a translated reason why the candidate of an *exam* booking may not be
  checked in yet, or None. `services.check_in` asks every guard (the booking row locked) after its own
  checks and before marking the candidate present; the first reason is the answer (outcome `refused`),
  shown to the person checking in. `certification.planning` refuses a check-in without both FR.AK.01
  confirmations.
- **Booking notes** (`register_booking_notes(fn)`): `fn(bookings) -> {booking id: [str]}`, short
  translated notes about the candidates of a list of bookings (in a bounded number of queries, whatever
  the length of the list), shown on the attendance list, the check-in page and the session's page.
  `certification.planning` notes the reasonable adjustments (FR.AK.07) and missing confirmations.
- **After check-in** (`register_after_check_in(fn)`): `fn(booking)`, called by `services.check_in` inside
  its transaction once an exam's candidate is marked present, to queue work for after the commit
  (`portal.core.tasks.send_after_commit`); it must not refuse or fail the check-in. `certification.cbt`
  draws the candidate's test form then, so that starting the test only sets the clock.
"""

_guards = []
_preparers = []
_notes = []
_after_check_in = []


def register_check_in_guard(fn, *, prepare=None):
    """`prepare(booking)`, optional: records what the guard asks for, the way its people would (for the
    demo data, whose past exam checks a candidate in: `prepare_check_in`)."""
    if fn not in _guards:
        _guards.append(fn)
        if prepare is not None:
            _preparers.append(prepare)
    return fn


def prepare_check_in(booking):
    """Demo data only: let every guard's people do what it waits for before `booking` is checked in."""
    for prepare in _preparers:
        prepare(booking)


def register_booking_notes(fn):
    if fn not in _notes:
        _notes.append(fn)
    return fn


def check_in_refusal(booking):
    """The first guard's reason to refuse checking `booking` in, or None."""
    for guard in _guards:
        reason = guard(booking)
        if reason:
            return reason
    return None


def booking_notes(bookings):
    """{booking id: [notes]} from every provider, for a list of bookings."""
    bookings = list(bookings)
    merged = {}
    if not bookings:
        return merged
    for provider in _notes:
        for pk, notes in (provider(bookings) or {}).items():
            merged.setdefault(pk, []).extend(notes)
    return merged


def register_after_check_in(fn):
    if fn not in _after_check_in:
        _after_check_in.append(fn)
    return fn


def checked_in(booking):
    for fn in _after_check_in:
        fn(booking)
