"""Who may see what: IDOR on applications and their documents, region scoping, query counts."""

import pytest

from certification import services
from certification.models import Application
from portal.accounts.roles import Role
from portal.regions.models import RegionalOffice

from .helpers import ESSAY, make_worker, open_round, standard_route, submitted_application, upload_for

pytestmark = pytest.mark.django_db


def test_another_applicant_gets_404_everywhere(client, make_user):
    application = submitted_application(make_user)
    draft_owner = make_worker(make_user)
    round_ = open_round(name="Gelombang lain")
    draft = services.start_application(draft_owner, round_, standard_route(round_))
    requirement = draft.route.required_documents.first()
    document = application.documents.first().document
    prompt = draft.route.essay_prompts.first()

    client.force_login(make_user(Role.APPLICANT))
    for url in (
        f"/applications/{application.pk}/",
        f"/applications/{draft.pk}/",
        f"/applications/{draft.pk}/step/documents/",
        f"/secretariat/applications/{application.pk}/",
        f"/documents/{document.pk}/",
    ):
        assert client.get(url).status_code in (403, 404), url
    for url, data in (
        (f"/applications/{draft.pk}/documents/{requirement.pk}/", {f"doc{requirement.pk}-file": upload_for(requirement)}),
        (f"/applications/{draft.pk}/essays/{prompt.pk}/", {"text": ESSAY}),
        (f"/applications/{draft.pk}/submit/", {}),
        (f"/applications/{draft.pk}/withdraw/", {}),
    ):
        assert client.post(url, data).status_code == 404, url
    draft.refresh_from_db()
    assert draft.status == "draft" and draft.documents.count() == 0 and draft.essays.count() == 0


def test_secretariat_sees_only_its_region(client, make_user):
    application = submitted_application(make_user)  # Jawa Barat: Regional II
    document = application.documents.first().document
    region_ii = make_user(Role.SECRETARIAT, regional_office=RegionalOffice.objects.get(code="II"))
    region_v = make_user(Role.SECRETARIAT, regional_office=RegionalOffice.objects.get(code="V"))

    client.force_login(region_v)
    assert client.get(f"/secretariat/applications/{application.pk}/").status_code == 404
    assert client.get(f"/documents/{document.pk}/").status_code == 404
    assert application.reference not in client.get("/secretariat/applications/").content.decode()

    client.force_login(region_ii)
    assert client.get(f"/secretariat/applications/{application.pk}/").status_code == 200
    assert client.get(f"/documents/{document.pk}/").status_code == 200
    assert application.reference in client.get("/secretariat/applications/").content.decode()


def test_drafts_are_invisible_to_staff(make_user, lsp_admin):
    user = make_worker(make_user)
    round_ = open_round()
    draft = services.start_application(user, round_, standard_route(round_))
    region_ii = make_user(Role.SECRETARIAT, regional_office=RegionalOffice.objects.get(code="II"))
    assert not Application.objects.visible_to(region_ii).filter(pk=draft.pk).exists()
    assert Application.objects.visible_to(lsp_admin).filter(pk=draft.pk).exists()


@pytest.mark.parametrize("role", [Role.APPLICANT, Role.LKS_OPERATOR, Role.ASSESSOR, Role.BALKS_ADMIN])
def test_queue_is_for_verifiers_only(client, make_user, role):
    client.force_login(make_user(role))
    assert client.get("/secretariat/applications/").status_code == 404


def test_queue_query_count_does_not_grow_with_rows(client, make_user, django_assert_num_queries):
    region_ii = make_user(Role.SECRETARIAT, regional_office=RegionalOffice.objects.get(code="II"))
    client.force_login(region_ii)
    submitted_application(make_user)
    client.get("/secretariat/applications/")
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        assert client.get("/secretariat/applications/").status_code == 200
    for _ in range(4):
        submitted_application(make_user)
    with CaptureQueriesContext(connection) as five:
        response = client.get("/secretariat/applications/")
    assert len(response.context["page"].object_list) == 5
    assert len(five.captured_queries) == len(one.captured_queries)


def test_dashboard_panels_for_applicant_and_secretariat(client, make_user):
    application = submitted_application(make_user)
    client.force_login(application.applicant)
    client.cookies["portal_language"] = "en"
    html = client.get("/").content.decode()
    assert "My certification" in html and application.reference in html
    region_ii = make_user(Role.SECRETARIAT, regional_office=RegionalOffice.objects.get(code="II"))
    client.force_login(region_ii)
    response = client.get("/")
    panel = [p for p in response.context["panels"] if p.title == "Waiting for verification"][0]
    assert panel.count == 1
