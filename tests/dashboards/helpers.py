"""A hand-built data set for the dashboards: applications with their audited transitions at chosen times."""

from datetime import timedelta
from unittest import mock

from django.utils import timezone

from certification.choices import ApplicationStatus as S
from certification.models import Application, Round, Scheme
from portal.accounts.roles import Role
from portal.audit.services import record
from portal.regions.models import Province

NOW = timezone.now()


def at(days_ago):
    return NOW - timedelta(days=days_ago, minutes=1)


def make_application(make_user, round_, *, province="32", created, moves, funding="self", route="standard"):
    """An application created `created` days ago that moved through `moves` [(days ago, status)]."""
    province = Province.objects.get(code=province)
    user = make_user(Role.APPLICANT)
    application = Application.objects.create(
        applicant=user, round=round_, route=round_.scheme.routes.get(kind=route), status=moves[-1][1] if moves else S.DRAFT,
        province=province, regional_office=province.regional_office, funding_source=funding,
    )
    Application.objects.filter(pk=application.pk).update(created_at=at(created))
    previous = S.DRAFT
    for days_ago, status in moves:
        with mock.patch("django.utils.timezone.now", return_value=at(days_ago)):
            record(None, f"application.{status}", application, before={"status": previous}, after={"status": status})
        previous = status
    return application



def make_round():
    return Round.objects.create(
        scheme=Scheme.objects.get(code="ps-generalis"), name="Gelombang uji", opens_at=NOW - timedelta(days=60),
        closes_at=NOW + timedelta(days=30),
    )
