"""Derived totals as pure functions over history rows (model instances or anything with the same
attributes), shared by `services.refresh_totals`, `eligibility_facts` and the bulk seeder."""

import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from .choices import EDUCATION_RANK

DAYS_PER_YEAR = 365.25


@dataclass
class Totals:
    highest_education: str
    social_work_education: bool
    role_type: str
    employer: str
    practice_years: Decimal
    practice_hours: int
    training_hours: int

    @property
    def practice_years_float(self):
        return float(self.practice_years)


def _merged_days(intervals):
    """Days covered by the union of [start, end] intervals (overlapping jobs count once)."""
    total, current_start, current_end = 0, None, None
    for start, end in sorted(intervals):
        if current_end is None or start > current_end:
            if current_end is not None:
                total += (current_end - current_start).days + 1
            current_start, current_end = start, end
        elif end > current_end:
            current_end = end
    if current_end is not None:
        total += (current_end - current_start).days + 1
    return total


def current_employment(employments):
    """The ongoing job that started last; if none is ongoing, the job that ended last."""
    employments = list(employments)
    ongoing = [e for e in employments if e.end_date is None]
    if ongoing:
        return max(ongoing, key=lambda e: (e.start_date, e.pk or 0))
    if employments:
        return max(employments, key=lambda e: (e.end_date, e.start_date, e.pk or 0))
    return None


def compute(educations, employments, trainings, *, today=None):
    today = today or datetime.date.today()
    educations, employments, trainings = list(educations), list(employments), list(trainings)

    highest = max((e.level for e in educations), key=lambda level: EDUCATION_RANK.get(level, 0), default="")
    social_work = any(e.social_work for e in educations)

    intervals, hours = [], 0
    for job in employments:
        start = min(job.start_date, today)
        end = min(job.end_date or today, today)
        if end < start:
            continue
        intervals.append((start, end))
        hours += ((end - start).days + 1) / 7 * (job.hours_per_week or 0)
    years = Decimal(_merged_days(intervals) / DAYS_PER_YEAR).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)

    current = current_employment(employments)
    return Totals(
        highest_education=highest,
        social_work_education=social_work,
        role_type=current.role_type if current else "",
        employer=current.employer if current else "",
        practice_years=years,
        practice_hours=int(round(hours)),
        training_hours=sum(t.hours or 0 for t in trainings),
    )
