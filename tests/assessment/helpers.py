import itertools
from datetime import timedelta

from django.utils import timezone

from certification.assessment.models import AssessorLicence
from certification.choices import ApplicationStatus
from certification.models import Application, Scheme
from portal.accounts.roles import Role
from portal.regions.models import RegionalOffice
from registry.models import AssessorProfile, ConflictDeclaration
from tests.certification.helpers import submitted_application


_met_numbers = itertools.count(1)


def license_assessor(profile, *, schemes=None, valid_from=None, valid_until=None, number=None):
    """A No. Reg. MET for `profile`: by default valid from a year ago for three years, for every scheme
    (an assessor is offered for assignment only with one, see certification/assessment/licences.py)."""
    today = timezone.localdate()
    licence = AssessorLicence.objects.create(
        assessor=profile,
        met_number=number or f"MET.000.{next(_met_numbers):06d} {profile.pk}",
        valid_from=valid_from or today - timedelta(days=365),
        valid_until=valid_until or today + timedelta(days=3 * 365),
    )
    licence.schemes.set(Scheme.objects.all() if schemes is None else schemes)
    return licence


def make_assessor(make_user, *, institution="Universitas Padjadjaran", office="II", declarations=(), licensed=True,
                  **kwargs):
    user = make_user(Role.ASSESSOR, **kwargs)
    profile = AssessorProfile.objects.create(
        user=user, institution=institution, regional_office=RegionalOffice.objects.get(code=office),
        expertise=["child_protection"],
    )
    if licensed:
        license_assessor(profile)
    for kind, name in declarations:
        ConflictDeclaration.objects.create(assessor=profile, kind=kind, name=name, reason="Keluarga")
    return user


def eligible_application(make_user, **kwargs):
    application = submitted_application(make_user, **kwargs)
    Application.objects.filter(pk=application.pk).update(status=ApplicationStatus.ELIGIBLE)
    application.refresh_from_db()
    return application


def region_secretariat(make_user, office="II"):
    return make_user(Role.SECRETARIAT, regional_office=RegionalOffice.objects.get(code=office))
