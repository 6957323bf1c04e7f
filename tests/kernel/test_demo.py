import pytest
from django.core.management import call_command

from portal.accounts.models import User
from portal.accounts.roles import Role

pytestmark = pytest.mark.django_db


def test_seed_demo_creates_every_role_and_is_idempotent(reference_data, capsys):
    from certification import reference as schemes
    from certification.assessment import reference as rubrics

    schemes.load()
    rubrics.load()
    call_command("seed_demo", password="Demo-Portal-2026")
    first = capsys.readouterr().out
    for role in Role:
        assert f"{role.value}@demo.test" in first
        user = User.objects.get(email=f"{role.value}@demo.test")
        assert user.role == role and user.check_password("Demo-Portal-2026")
    counts = {model: model.objects.count() for model in _demo_models()}
    call_command("seed_demo", password="Demo-Portal-2026")
    assert {model: model.objects.count() for model in _demo_models()} == counts
    from certification.models import Application

    states = set(Application.objects.values_list("status", flat=True))
    assert {"submitted", "revision_requested", "eligible"} <= states


def _demo_models():
    from certification.models import Application, Round
    from portal.credentials.models import Credential
    from registry.models import AssessorProfile, WorkerProfile

    return [User, WorkerProfile, AssessorProfile, Round, Application, Credential]
