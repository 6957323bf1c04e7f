"""Derived totals: computed from the histories, stored on the profile, never typed."""

import datetime
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.utils import timezone

from portal.regions.models import Province
from registry import services, totals
from registry.choices import RoleType
from registry.models import Education, Employment, Training

from .helpers import make_profile

TODAY = datetime.date(2026, 1, 1)


def job(start, end=None, hours=40, role=RoleType.PKH, employer="Dinas Sosial", pk=None):
    return SimpleNamespace(start_date=start, end_date=end, hours_per_week=hours, role_type=role, employer=employer, pk=pk)


def edu(level, social_work=False):
    return SimpleNamespace(level=level, social_work=social_work)


def test_highest_education_ranks_levels_not_years():
    result = totals.compute([edu("S2"), edu("S1"), edu("SMK", True)], [], [], today=TODAY)
    assert result.highest_education == "S2"
    assert result.social_work_education is True  # any social-work education counts, even SMK


@pytest.mark.parametrize(
    "levels, highest",
    [(["SMA", "SMK"], "SMK"), (["D3", "SMK"], "D3"), (["D4", "S1"], "S1"), (["D4", "D3"], "D4"), (["S3", "S2"], "S3"), ([], "")],
)
def test_highest_education_order(levels, highest):
    assert totals.compute([edu(level) for level in levels], [], [], today=TODAY).highest_education == highest


def test_practice_years_merge_overlapping_jobs_and_hours_add_up():
    jobs = [
        job(datetime.date(2020, 1, 1), datetime.date(2021, 12, 31), hours=40),  # 731 days
        job(datetime.date(2021, 1, 1), datetime.date(2022, 12, 31), hours=10),  # overlaps one year
    ]
    result = totals.compute([], jobs, [], today=TODAY)
    # Union: 2020-01-01 .. 2022-12-31 = 1096 days = 3.0 years.
    assert result.practice_years == Decimal("3.0")
    assert result.practice_hours == round(731 / 7 * 40 + 730 / 7 * 10)
    assert result.practice_hours == 5220


def test_an_ongoing_job_counts_until_today_and_is_the_current_one():
    jobs = [
        job(datetime.date(2015, 1, 1), datetime.date(2019, 12, 31), role=RoleType.PKH, employer="PKH Bandung"),
        job(datetime.date(2020, 1, 1), None, role=RoleType.SAKTI_PEKSOS, employer="LKSA Harapan"),
    ]
    result = totals.compute([], jobs, [], today=TODAY)
    assert result.role_type == RoleType.SAKTI_PEKSOS
    assert result.employer == "LKSA Harapan"
    assert result.practice_years == Decimal("11.0")  # 2015-01-01 .. 2026-01-01 = 4019 days


def test_without_an_ongoing_job_the_last_ended_one_is_current():
    jobs = [job(datetime.date(2010, 1, 1), datetime.date(2012, 1, 1), employer="A"),
            job(datetime.date(2013, 1, 1), datetime.date(2014, 1, 1), employer="B")]
    assert totals.compute([], jobs, [], today=TODAY).employer == "B"


def test_training_hours_are_summed():
    trainings = [SimpleNamespace(hours=120), SimpleNamespace(hours=40), SimpleNamespace(hours=8)]
    assert totals.compute([], [], trainings, today=TODAY).training_hours == 168


@pytest.mark.django_db
def test_history_changes_refresh_the_stored_totals(applicant, reference_data):
    profile = make_profile(applicant)
    Education.objects.create(profile=profile, level="D3", institution="Akademi", graduation_year=2010)
    services.refresh_totals(profile)
    profile.refresh_from_db()
    assert (profile.highest_education, profile.social_work_education) == ("D3", False)
    Education.objects.create(profile=profile, level="S1", institution="Poltekesos", graduation_year=2014, social_work=True)
    Employment.objects.create(profile=profile, employer="LKSA", position="Pengasuh", role_type=RoleType.LKS_STAFF,
                              start_date=timezone.localdate() - datetime.timedelta(days=364), hours_per_week=35)
    Training.objects.create(profile=profile, title="Dasar", organiser="BBPPKS", hours=120, year=2020)
    services.refresh_totals(profile)
    profile.refresh_from_db()
    assert profile.highest_education == "S1"
    assert profile.social_work_education is True
    assert profile.role_type == RoleType.LKS_STAFF
    assert profile.employer == "LKSA"
    assert profile.practice_years == Decimal("1.0")
    assert profile.practice_hours == 1825  # 365 days / 7 * 35
    assert profile.training_hours == 120


@pytest.mark.django_db
def test_eligibility_facts_of_a_complete_profile(applicant, reference_data):
    profile = make_profile(applicant, complete=True, birth=datetime.date(1990, 5, 14))
    Training.objects.create(profile=profile, title="Dasar", organiser="BBPPKS", hours=120, year=2016)
    facts = services.eligibility_facts(applicant)
    today = timezone.localdate()
    expected_days = (today - datetime.date(2015, 1, 1)).days + 1
    assert facts == {
        "highest_education_level": "S1",
        "social_work_education": True,
        "practice_years": float(Decimal(expected_days / 365.25).quantize(Decimal("0.1"))),
        "practice_hours": round(expected_days / 7 * 40),
        "training_hours": 120,
        "age": today.year - 1990 - ((today.month, today.day) < (5, 14)),
        "province": Province.objects.get(code="32"),
        "profile_complete": True,
        "missing": [],
    }
    assert isinstance(facts["practice_years"], float)


@pytest.mark.django_db
def test_eligibility_facts_without_a_profile(applicant):
    facts = services.eligibility_facts(applicant)
    assert facts["highest_education_level"] is None
    assert facts["profile_complete"] is False
    assert facts["practice_years"] == 0.0 and facts["practice_hours"] == 0 and facts["training_hours"] == 0
    assert facts["age"] is None and facts["province"] is None
    assert len(facts["missing"]) == 1


@pytest.mark.django_db
def test_missing_items_say_what_is_missing(applicant, reference_data):
    from django.utils import translation

    profile = make_profile(applicant)
    with translation.override("en"):
        percent, missing = services.missing_items(profile)
        assert missing == [
            "Place and date of birth",
            "Mobile phone number",
            "Address (province, regency/city, street)",
            "Photo",
            "At least one education entry",
            "A diploma (ijazah) for every education entry",
            "At least one job (employment history)",
        ]
        assert percent == 22  # NIK and gender of 9 items
    with translation.override("id"):
        _percent, missing = services.missing_items(profile)
        assert missing[0] == "Tempat dan tanggal lahir"
