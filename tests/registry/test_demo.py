"""`seed_demo` fills the registry (idempotently) and `--workers N` loads synthetic workers in bulk."""

import pytest
from django.core.management import call_command
from django.db import connection

from portal.accounts.models import User
from portal.credentials.models import Credential
from registry import bulk, nik as nik_rules, services
from registry.models import AssessorProfile, Education, Employment, WorkerProfile

pytestmark = pytest.mark.django_db


def test_seed_demo_gives_the_applicant_a_complete_profile_and_is_idempotent(reference_data, capsys):
    call_command("seed_demo")
    applicant = User.objects.get(email="applicant@demo.test")
    facts = services.eligibility_facts(applicant)
    assert facts["profile_complete"] is True, facts["missing"]
    assert facts["highest_education_level"] == "S1" and facts["social_work_education"] is True
    assert facts["training_hours"] == 160
    counts = (WorkerProfile.objects.count(), AssessorProfile.objects.count(), Credential.objects.count(),
              Education.objects.count())
    assert counts[0] >= 30 and counts[1] == 6
    assert WorkerProfile.objects.values("province__regional_office").distinct().count() == 6
    call_command("seed_demo")
    assert (WorkerProfile.objects.count(), AssessorProfile.objects.count(), Credential.objects.count(),
            Education.objects.count()) == counts
    demo_assessor = User.objects.get(email="assessor@demo.test").assessor_profile
    assert demo_assessor.conflicts_with(applicant) is False


def test_every_demo_nik_follows_the_rules(reference_data):
    call_command("seed_demo")
    codes = set(__import__("portal.regions.models", fromlist=["Province"]).Province.objects.values_list("code", flat=True))
    for profile in WorkerProfile.objects.exclude(nik=None):
        segment = nik_rules.validate_structure(profile.nik, codes)
        nik_rules.validate_against_person(segment, profile.birth_date, profile.gender)
        assert profile.nik[:2] == profile.province.code


@pytest.mark.parametrize("drop_indexes", [False, True])
def test_bulk_synthetic_workers(reference_data, drop_indexes):
    logs = []
    before = _index_names()
    added = bulk.ensure_synthetic_workers(120, logs.append, drop_indexes=drop_indexes)
    assert added == 120
    assert bulk.ensure_synthetic_workers(100, logs.append) == 0  # already there
    assert bulk.ensure_synthetic_workers(150, logs.append) == 30  # tops up
    assert _index_names() == before
    profiles = WorkerProfile.objects.filter(user__email__endswith="@synthetic.test")
    assert profiles.count() == 150
    assert Education.objects.filter(profile__in=profiles).count() == 150
    assert Employment.objects.filter(profile__in=profiles).count() == 150
    codes = set(__import__("portal.regions.models", fromlist=["Province"]).Province.objects.values_list("code", flat=True))
    for profile in profiles.select_related("province")[:150]:
        segment = nik_rules.validate_structure(profile.nik, codes)
        nik_rules.validate_against_person(segment, profile.birth_date, profile.gender)
        assert profile.name_search and profile.highest_education and profile.role_type
        assert profile.nik[:2] == profile.province.code
    # The stored totals are what the site would compute from the rows.
    sample = profiles.first()
    stored = (sample.highest_education, sample.practice_years, sample.training_hours)
    services.refresh_totals(sample)
    assert (sample.highest_education, sample.practice_years, sample.training_hours) == stored
    # New rows after the load get fresh ids (the sequences moved past the reserved range).
    assert WorkerProfile.objects.create(user=User.objects.create_user("after@example.test"), full_name="Sesudah").pk > max(
        profiles.values_list("pk", flat=True)
    )


def test_seed_demo_workers_option(reference_data):
    call_command("seed_demo", workers=40)
    assert bulk.existing_count() == 40


def _index_names():
    if connection.vendor != "postgresql":
        return set()
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname FROM pg_indexes WHERE tablename LIKE 'registry_%'")
        return {row[0] for row in cursor.fetchall()}


def test_synthetic_niks_never_repeat():
    import datetime

    indexes = range(0, 5_999_400, 13)
    niks = {bulk.synthetic_nik("32", datetime.date(1990, 1, 1), True, index) for index in indexes}
    assert len(niks) == len(indexes)
    # Prefixes people type find people: the first 30 workers of a province cover 30 regencies.
    assert {bulk.synthetic_nik("32", datetime.date(1990, 1, 1), True, i)[:4] for i in range(30)} == {
        f"32{r:02d}" for r in range(1, 31)
    }
