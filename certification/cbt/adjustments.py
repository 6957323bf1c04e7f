"""Reasonable adjustments (FR.AK.07) as the CBT reads them.

`extra_minutes(booking)` is the one place the test's clock asks how many minutes a candidate gets on top
of the blueprint's time limit: the extra time recorded in the candidate's FR.AK.07 adjustments
(`certification.planning`), 0 without any. The deadline is fixed when the candidate starts
(`services.start_attempt`) as started_at + time limit + extra_minutes(booking).
"""

from certification.planning.services import extra_minutes as planned_extra_minutes


def extra_minutes(booking):
    """Extra minutes granted to the candidate of `booking` by a reasonable adjustment (FR.AK.07)."""
    return planned_extra_minutes(booking)
