"""The portfolio documents of an application, opened by every role through `/documents/<id>/`: the
applicant, the secretariat of the application's regional office and LSP admins; nobody else — a
BALKS admin (accreditation) included. Assessors are covered in tests/assessment/test_access.py."""

import pytest
from django.conf import settings
from django.shortcuts import resolve_url

from certification import services
from portal.accounts.roles import Role
from portal.regions.models import RegionalOffice

from .helpers import fill_application, make_worker, open_round, standard_route, submitted_application

pytestmark = pytest.mark.django_db

EXPECTED = {
    "applicant": 200,
    "another applicant": 404,
    "lks_operator": 404,
    "assessor (not assigned)": 404,
    "secretariat of the application's office (II)": 200,
    "secretariat of another office (V)": 404,
    "lsp_admin": 200,
    "balks_admin": 404,
}


def users(application, make_user):
    offices = {o.code: o for o in RegionalOffice.objects.all()}
    return {
        "applicant": application.applicant,
        "another applicant": make_user(Role.APPLICANT),
        "lks_operator": make_user(Role.LKS_OPERATOR),
        "assessor (not assigned)": make_user(Role.ASSESSOR),
        "secretariat of the application's office (II)": make_user(Role.SECRETARIAT, regional_office=offices["II"]),
        "secretariat of another office (V)": make_user(Role.SECRETARIAT, regional_office=offices["V"]),
        "lsp_admin": make_user(Role.LSP_ADMIN),
        "balks_admin": make_user(Role.BALKS_ADMIN),
    }


def test_every_role_for_every_portfolio_document(client, make_user):
    application = submitted_application(make_user)  # Jawa Barat: regional office II
    documents = {item.requirement.kind: item.document for item in application.documents.select_related("requirement", "document")}
    assert sorted(documents) == sorted(application.route.required_documents.filter(required=True).values_list("kind", flat=True))
    for kind, document in documents.items():
        url = f"/documents/{document.pk}/"
        response = client.get(url)
        assert (response.status_code, response["Location"]) == (302, f"{resolve_url(settings.LOGIN_URL)}?next={url}"), kind
    answers = {}
    for role, user in users(application, make_user).items():
        client.force_login(user)
        for kind, document in documents.items():
            answers[role, kind] = client.get(f"/documents/{document.pk}/").status_code
    assert answers == {(role, kind): status for role, status in EXPECTED.items() for kind in documents}


def test_a_draft_is_the_applicant_and_the_lsp_admins(client, make_user):
    """Before submission the secretariat does not see the file (nor its papers); LSP admins do."""
    user = make_worker(make_user)
    round_ = open_round()
    application = fill_application(user, services.start_application(user, round_, standard_route(round_)))
    document = application.documents.first().document
    expected = dict(EXPECTED, **{"secretariat of the application's office (II)": 404})
    answers = {}
    for role, member in users(application, make_user).items():
        client.force_login(member)
        answers[role] = client.get(f"/documents/{document.pk}/").status_code
    assert answers == expected
