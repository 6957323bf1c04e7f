import re

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from certification.assessment import services
from certification.assessment.models import RoundAssessment
from registry.models import WorkerProfile

from .helpers import eligible_application, make_assessor, region_secretariat

pytestmark = pytest.mark.django_db


def test_an_assessor_cannot_open_a_file_not_assigned_to_them(client, make_user):
    application = eligible_application(make_user)
    mine, theirs = make_assessor(make_user), make_assessor(make_user)
    [assignment] = services.assign(region_secretariat(make_user), application, [theirs])
    services.declare(theirs, assignment, conflict=False)
    document = application.documents.first()
    client.force_login(mine)
    for url in (
        f"/assessment/{assignment.pk}/",
        f"/assessment/{assignment.pk}/documents/{document.pk}/",
        f"/documents/{document.document.pk}/",
    ):
        assert client.get(url).status_code == 404, url
    assert client.post(f"/assessment/{assignment.pk}/scores/", {}).status_code == 404
    assert client.post(f"/assessment/{assignment.pk}/declare/", {"conflict": "no"}).status_code == 404


def test_nothing_beyond_the_scheme_before_the_declaration(client, make_user):
    application = eligible_application(make_user)
    assessor = make_assessor(make_user)
    [assignment] = services.assign(region_secretariat(make_user), application, [assessor])
    client.force_login(assessor)
    html = client.get(f"/assessment/{assignment.pk}/").content.decode()
    assert application.applicant.full_name not in html
    assert application.round.scheme.name in html
    document = application.documents.first()
    assert client.get(f"/assessment/{assignment.pk}/documents/{document.pk}/").status_code == 404
    assert client.get(f"/documents/{document.document.pk}/").status_code == 404
    client.post(f"/assessment/{assignment.pk}/declare/", {"conflict": "no"})
    assert application.applicant.full_name in client.get(f"/assessment/{assignment.pk}/").content.decode()
    assert client.get(f"/documents/{document.document.pk}/").status_code == 200


def test_blind_mode_hides_identity_on_every_page_and_email(client, make_user, lsp_admin, django_capture_on_commit_callbacks):
    application = eligible_application(make_user)
    profile = WorkerProfile.objects.get(user=application.applicant)
    WorkerProfile.objects.filter(pk=profile.pk).update(nik="3273015501900001")
    RoundAssessment.objects.update_or_create(round=application.round, defaults={"blind": True, "reconciliation_threshold": 5})
    a1, a2, a3 = make_assessor(make_user), make_assessor(make_user), make_assessor(make_user)
    secrets = [application.applicant.full_name, "3273015501900001", application.applicant.email, "Dinas Sosial Kota Bandung"]
    pages = []
    with django_capture_on_commit_callbacks(execute=True):
        first, second = services.assign(region_secretariat(make_user), application, [a1, a2])
    for assessor, assignment, value, rec in ((a1, first, 4, "proceed"), (a2, second, 2, "not_yet")):
        client.force_login(assessor)
        pages.append(client.get("/assessment/"))
        pages.append(client.get(f"/assessment/{assignment.pk}/"))
        client.post(f"/assessment/{assignment.pk}/declare/", {"conflict": "no"})
        pages.append(client.get(f"/assessment/{assignment.pk}/"))
        pages.append(client.get("/"))
        for document in application.documents.all():
            response = client.get(f"/assessment/{assignment.pk}/documents/{document.pk}/")
            assert response.status_code == 200
            assert response["Content-Disposition"] == f'attachment; filename="{document.requirement.kind}.{"png" if document.document.is_image else "pdf"}"'
            assert client.get(f"/documents/{document.document.pk}/").status_code == 404
        with django_capture_on_commit_callbacks(execute=True):
            services.save_scores(assessor, assignment, {c.pk: (value, False, "") for c in assignment.rubric.criteria.all()})
            services.submit(assessor, assignment, recommendation=rec, feedback="Perlu ditingkatkan" if rec == "not_yet" else "")
        pages.append(client.get(f"/assessment/{assignment.pk}/"))
    with django_capture_on_commit_callbacks(execute=True):
        third = services.assign_reconciler(lsp_admin, application, a3)
    client.force_login(a3)
    client.post(f"/assessment/{third.pk}/declare/", {"conflict": "no"})
    pages.append(client.get(f"/assessment/{third.pk}/"))
    for response in pages:
        assert response.status_code == 200
        html = response.content.decode()
        for secret in secrets:
            assert secret not in html, (secret, response.request["PATH_INFO"])
    assessor_mail = [m for m in mail.outbox if m.to[0] in {a1.email, a2.email, a3.email}]
    assert len(assessor_mail) == 3
    for message in assessor_mail:
        for secret in secrets:
            assert secret not in message.subject and secret not in message.body
    assert "foto.png" not in pages[2].content.decode()


def test_queues_have_bounded_queries(client, make_user):
    secretariat = region_secretariat(make_user)
    assessor = make_assessor(make_user)
    client.force_login(assessor)

    def count(path):
        client.get(path)  # warm the session (MFA flag)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(path).status_code == 200
        return len(queries.captured_queries)

    application = eligible_application(make_user)
    RoundAssessment.objects.update_or_create(round=application.round, defaults={"assessors_per_application": 1})
    services.assign(secretariat, application, [assessor])
    one_assessor, one_dashboard = count("/assessment/"), count("/")
    client.force_login(secretariat)
    one_progress = count("/secretariat/assessment/")
    for _ in range(4):
        other = eligible_application(make_user)
        RoundAssessment.objects.update_or_create(round=other.round, defaults={"assessors_per_application": 1})
        services.assign(secretariat, other, [assessor])
    assert count("/secretariat/assessment/") == one_progress
    client.force_login(assessor)
    assert count("/assessment/") == one_assessor
    assert count("/") == one_dashboard
