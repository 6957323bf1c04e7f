"""Reasonable adjustments (FR.AK.07) as the CBT reads them.

`extra_minutes(booking)` is the one place the test's clock asks how many minutes a candidate gets on top
of the blueprint's time limit. FR.AK.07 (extra time, a reader…) is being built in `certification.planning`
at the same time as this app; until it lands this returns 0. **Merger:** make it return the approved
extra time of the booking's application from planning (an integer ≥ 0, in minutes), e.g.

    from certification.planning.services import approved_extra_minutes
    return approved_extra_minutes(booking.application)

Nothing else in the CBT needs to change: the deadline is fixed when the candidate starts
(`services.start_attempt`) as started_at + time limit + extra_minutes(booking).
"""


def extra_minutes(booking):
    """Extra minutes granted to the candidate of `booking` by a reasonable adjustment (FR.AK.07); 0 until
    planning provides them."""
    return 0
