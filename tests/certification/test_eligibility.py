from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from certification import eligibility
from certification.models import EDUCATION_RANK, Route

LEVELS = [None, "SMA", "SMK", "D3", "D4", "S1", "S2", "S3"]

facts_strategy = st.fixed_dictionaries(
    {
        "highest_education_level": st.sampled_from(LEVELS),
        "social_work_education": st.booleans(),
        "practice_years": st.floats(min_value=0, max_value=40, allow_nan=False).map(lambda x: round(x, 1)),
        "practice_hours": st.integers(min_value=0, max_value=60000),
        "training_hours": st.integers(min_value=0, max_value=1000),
        "age": st.one_of(st.none(), st.integers(min_value=17, max_value=75)),
    }
)

route_strategy = st.builds(
    Route,
    kind=st.sampled_from(["experience", "standard", "training", "education"]),
    min_education_level=st.sampled_from(["", "SMA", "D3", "S1", "S2"]),
    social_work_education_required=st.booleans(),
    alt_training_hours=st.one_of(st.none(), st.integers(min_value=1, max_value=300)),
    no_social_work_education=st.booleans(),
    min_practice_years=st.integers(min_value=0, max_value=20).map(Decimal),
    min_practice_hours=st.integers(min_value=0, max_value=5000),
    min_training_hours=st.integers(min_value=0, max_value=300),
    min_age=st.one_of(st.none(), st.integers(min_value=18, max_value=60)),
)


def rules_failed(route, facts):
    return {f.rule for f in eligibility.check(route, facts)}


@given(route=route_strategy, facts=facts_strategy)
def test_each_rule_fails_exactly_when_its_arithmetic_says_so(route, facts):
    failed = rules_failed(route, facts)
    level = facts["highest_education_level"]
    expected = set()
    if route.min_education_level and (level is None or EDUCATION_RANK[level] < EDUCATION_RANK[route.min_education_level]):
        expected.add("education")
    if route.social_work_education_required and not facts["social_work_education"]:
        if route.alt_training_hours is None or facts["training_hours"] < route.alt_training_hours:
            expected.add("social_work_education")
    if route.no_social_work_education and facts["social_work_education"]:
        expected.add("no_social_work_education")
    if route.min_training_hours and facts["training_hours"] < route.min_training_hours:
        expected.add("training_hours")
    if route.min_practice_years and Decimal(str(facts["practice_years"])) < route.min_practice_years:
        expected.add("practice_years")
    if route.min_practice_hours and facts["practice_hours"] < route.min_practice_hours:
        expected.add("practice_hours")
    if route.min_age is not None and (facts["age"] is None or facts["age"] < route.min_age):
        expected.add("age")
    assert failed == expected


@given(years=st.integers(min_value=0, max_value=30), extra=st.integers(min_value=0, max_value=9))
def test_practice_years_boundary_is_inclusive(years, extra):
    route = Route(kind="standard", min_practice_years=Decimal(years))
    exactly = {"practice_years": years, "training_hours": 0}
    assert "practice_years" not in rules_failed(route, exactly)
    if years:
        just_below = {"practice_years": round(years - 0.1 - extra / 100, 2)}
        assert "practice_years" in rules_failed(route, just_below)


@pytest.mark.parametrize(
    "level, passes",
    [(None, False), ("SMA", False), ("SMK", False), ("D3", False), ("D4", True), ("S1", True), ("S2", True), ("S3", True)],
)
def test_d4_counts_as_s1(level, passes):
    route = Route(kind="standard", min_education_level="S1")
    assert ("education" not in rules_failed(route, {"highest_education_level": level})) is passes


def test_failures_say_what_and_how_to_fix(settings):
    from django.utils import translation

    route = Route(kind="standard", min_education_level="S1", social_work_education_required=True, min_practice_years=Decimal(2))
    facts = {"highest_education_level": "D3", "social_work_education": False, "practice_years": 1.5}
    with translation.override("en"):
        failures = eligibility.check(route, facts)
    assert [f.message for f in failures] == [
        "At least S1 education is required; your highest is D3.",
        "This route requires a social-work or social-welfare education.",
        "At least 2 years of practice are required; you have 1.5.",
    ]
    assert failures[0].fix == "Add your diploma to the education history in your profile."
    with translation.override("id"):
        failures = eligibility.check(route, facts)
    assert failures[2].message == "Dibutuhkan paling sedikit 2 tahun praktik; Anda memiliki 1,5."


def test_years_are_written_as_the_language_writes_decimals():
    """Issue 20 item 3: "Anda memiliki 11.8" beside "11,8" on the same page."""
    from django.utils import translation

    route = Route(kind="experience", min_practice_years=Decimal("12.5"))
    facts = {"practice_years": Decimal("11.8")}
    with translation.override("id"):
        assert [f.message for f in eligibility.check(route, facts)] == [
            "Dibutuhkan paling sedikit 12,5 tahun praktik; Anda memiliki 11,8."
        ]
    with translation.override("en"):
        assert [f.message for f in eligibility.check(route, facts)] == [
            "At least 12.5 years of practice are required; you have 11.8."
        ]


def test_training_hours_replace_social_work_education():
    route = Route(kind="standard", social_work_education_required=True, alt_training_hours=120)
    assert rules_failed(route, {"social_work_education": False, "training_hours": 119}) == {"social_work_education"}
    assert rules_failed(route, {"social_work_education": False, "training_hours": 120}) == set()
