from certification.choices import ApplicationStatus
from certification.models import Application
from portal.accounts.roles import Role
from portal.regions.models import RegionalOffice
from registry.models import AssessorProfile, ConflictDeclaration
from tests.certification.helpers import submitted_application


def make_assessor(make_user, *, institution="Universitas Padjadjaran", office="II", declarations=(), **kwargs):
    user = make_user(Role.ASSESSOR, **kwargs)
    profile = AssessorProfile.objects.create(
        user=user, institution=institution, regional_office=RegionalOffice.objects.get(code=office),
        expertise=["child_protection"],
    )
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
