"""What the registry adds to the dashboard and the navigation, within the dashboard's query budget."""

import pytest
from django.utils import translation

from portal.accounts.roles import Role
from portal.core.dashboard import panels_for
from portal.core.navigation import links_for
from registry.models import AssessorProfile

from .helpers import make_profile

pytestmark = pytest.mark.django_db


def titles(user):
    with translation.override("en"):
        return {panel.title: panel for panel in panels_for(user)}


def test_an_applicant_sees_what_is_missing(applicant, reference_data):
    panel = titles(applicant)["My profile"]
    assert panel.url == "/profile/" and panel.tone == "warning"
    assert "Fill in your personal data" in panel.body
    make_profile(applicant, complete=True)
    panel = titles(applicant)["My profile"]
    assert panel.body == "Your profile is complete." and panel.tone == "success"


def test_an_applicant_half_way(applicant, reference_data):
    make_profile(applicant)
    panel = titles(applicant)["My profile"]
    assert panel.body.startswith("Your profile is 22% complete. Still missing: Place and date of birth; ")


def test_staff_get_the_worker_search(secretariat, lsp_admin):
    assert titles(secretariat)["Workers"].url == "/workers/"
    assert "Assessors" not in titles(secretariat)
    assert titles(lsp_admin)["Assessors"].url == "/assessors/"


def test_an_assessor_is_reminded_of_declarations(make_user, office):
    user = make_user(Role.ASSESSOR)
    assert titles(user)["My assessor profile"].url == ""
    AssessorProfile.objects.create(user=user, institution="UI", regional_office=office["I"])
    panel = titles(user)["Conflicts of interest"]
    assert panel.tone == "warning" and panel.url == "/assessors/me/"


@pytest.mark.parametrize(
    "role, links",
    [
        (Role.APPLICANT, [("My profile", "/profile/")]),
        (Role.SECRETARIAT, [("Workers", "/workers/")]),
        (Role.LSP_ADMIN, [("Workers", "/workers/"), ("Assessors", "/assessors/")]),
        (Role.BALKS_ADMIN, [("Assessors", "/assessors/")]),
        (Role.ASSESSOR, [("My assessor profile", "/assessors/me/")]),
        (Role.LKS_OPERATOR, []),
    ],
)
def test_navigation_per_role(make_user, role, links):
    with translation.override("en"):
        mine = [(str(link.label), link.url) for link in links_for(make_user(role)) if link.url.startswith(("/profile", "/workers", "/assessors"))]
    assert mine == links


def test_the_registry_panels_cost_at_most_one_query(applicant, secretariat, lsp_admin, make_user, office,
                                                     django_assert_num_queries):
    from registry.hooks import dashboard_panels

    make_profile(applicant, complete=True)
    assessor = make_user(Role.ASSESSOR)
    AssessorProfile.objects.create(user=assessor, institution="UI", regional_office=office["I"])
    for user, expected in ((applicant, 1), (assessor, 1), (secretariat, 0), (lsp_admin, 0)):
        with django_assert_num_queries(expected):
            dashboard_panels(user)
