"""Eligibility of a person for a route: pure rules over the registry's facts.

`facts` is what `registry.services.eligibility_facts(user)` returns. Each failed rule says what is
wrong and how to fix it, in the user's language.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from portal.core.numbers import decimal, whole

from .models import EDUCATION_RANK


@dataclass(frozen=True)
class Failure:
    rule: str
    message: str
    fix: str


def check(route, facts):
    """Return the list of failed rules (empty when eligible)."""
    failures = []
    level = facts.get("highest_education_level")
    social_work = bool(facts.get("social_work_education"))
    training_hours = int(facts.get("training_hours") or 0)
    practice_years = Decimal(str(facts.get("practice_years") or 0))
    practice_hours = int(facts.get("practice_hours") or 0)
    age = facts.get("age")

    if route.min_education_level:
        if level is None or EDUCATION_RANK.get(level, 0) < EDUCATION_RANK[route.min_education_level]:
            failures.append(
                Failure(
                    "education",
                    _("At least %(level)s education is required; your highest is %(yours)s.")
                    % {"level": route.min_education_level, "yours": level or _("not recorded")},
                    _("Add your diploma to the education history in your profile."),
                )
            )
    if route.social_work_education_required and not social_work:
        if route.alt_training_hours is None:
            failures.append(
                Failure(
                    "social_work_education",
                    _("This route requires a social-work or social-welfare education."),
                    _("Mark the social-work programme in your education history, or choose another route."),
                )
            )
        elif training_hours < route.alt_training_hours:
            failures.append(
                Failure(
                    "social_work_education",
                    _(
                        "Without a social-work education, this route requires %(needed)s hours of social-work "
                        "training; you have %(hours)s."
                    )
                    % {"needed": whole(route.alt_training_hours), "hours": whole(training_hours)},
                    _("Add your social-work trainings (with certificates) to your profile."),
                )
            )
    if route.no_social_work_education and social_work:
        failures.append(
            Failure(
                "no_social_work_education",
                _("This route is for people without a social-work education."),
                _("Choose the standard or education route instead."),
            )
        )
    if route.min_training_hours and training_hours < route.min_training_hours:
        failures.append(
            Failure(
                "training_hours",
                _("At least %(needed)s training hours are required; you have %(hours)s.")
                % {"needed": whole(route.min_training_hours), "hours": whole(training_hours)},
                _("Add your trainings (with certificates) to your profile."),
            )
        )
    if route.min_practice_years and practice_years < route.min_practice_years:
        failures.append(
            Failure(
                "practice_years",
                _("At least %(needed)s years of practice are required; you have %(years)s.")
                % {"needed": _years(route.min_practice_years), "years": _years(practice_years)},
                _("Add your welfare employment, with start and end dates, to your profile."),
            )
        )
    if route.min_practice_hours and practice_hours < route.min_practice_hours:
        failures.append(
            Failure(
                "practice_hours",
                _("At least %(needed)s hours of practice are required; you have %(hours)s.")
                % {"needed": whole(route.min_practice_hours), "hours": whole(practice_hours)},
                _("Add your welfare employment with its hours per week to your profile."),
            )
        )
    if route.min_age is not None and (age is None or age < route.min_age):
        failures.append(
            Failure(
                "age",
                _("This route is for people aged %(needed)s or older.") % {"needed": route.min_age},
                _("Choose another route.") if age is not None else _("Enter your birth date in your profile."),
            )
        )
    return failures


def _years(value):
    """Years to one decimal, as the active language writes them ("1,5" in Indonesian)."""
    return decimal(Decimal(value).quantize(Decimal("0.1")), 1)
