"""Issue 13: an application's document uploads count against the applicant's upload rate and quota;
past either the upload is refused beside its field (JSON for the page's script), nothing is stored."""

import json

import pytest

from certification import services
from portal.documents.models import Document

from .helpers import make_worker, open_round, standard_route, upload_for

pytestmark = pytest.mark.django_db

XHR = {"HTTP_X_REQUESTED_WITH": "XMLHttpRequest"}


@pytest.fixture
def draft(make_user):
    user = make_worker(make_user)
    round_ = open_round()
    return services.start_application(user, round_, standard_route(round_))


def test_past_the_quota_a_document_is_refused_beside_its_field(client, draft, settings):
    settings.DOCUMENT_QUOTA_COUNT = 1
    first, second = [r for r in draft.route.required_documents.all() if not r.images_only][:2]
    client.force_login(draft.applicant)
    client.cookies["portal_language"] = "en"
    url = f"/applications/{draft.pk}/documents/{first.pk}/"
    assert client.post(url, {f"doc{first.pk}-file": upload_for(first)}).status_code == 302
    url = f"/applications/{draft.pk}/documents/{second.pk}/"
    response = client.post(url, {f"doc{second.pk}-file": upload_for(second)})
    assert response.status_code == 200
    [row] = [row for row in response.context["rows"] if row["requirement"] == second]
    assert row["form"].errors == {"file": ["An account may keep at most 1 document; this file would pass that limit."]}
    assert Document.objects.count() == 1 and draft.documents.count() == 1


def test_past_the_upload_rate_the_script_gets_the_reason(client, draft, settings):
    settings.DOCUMENT_UPLOADS_PER_MINUTE = 2
    requirement = next(r for r in draft.route.required_documents.all() if not r.images_only)
    client.force_login(draft.applicant)
    url = f"/applications/{draft.pk}/documents/{requirement.pk}/"
    for _upload in range(2):
        response = client.post(url, {f"doc{requirement.pk}-file": upload_for(requirement)}, **XHR)
        assert json.loads(response.content)["ok"] is True
    response = client.post(url, {f"doc{requirement.pk}-file": upload_for(requirement)}, **XHR)
    assert response.status_code == 400
    assert json.loads(response.content) == {
        "ok": False,
        "error": "Anda mengirim terlalu banyak berkas dalam waktu singkat. Tunggu satu menit, lalu pilih berkasnya lagi.",
    }
    assert Document.objects.count() == 2
