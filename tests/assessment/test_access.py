import re

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from certification.assessment import services
from certification.assessment.models import RoundAssessment
from certification.exams import services as exam_services
from certification.models import Application, ApplicationDocument, DocumentKind, RequiredDocument
from portal.documents.services import store_upload
from registry.models import Education, WorkerProfile
from tests.certification.helpers import upload_for
from tests.exams.helpers import make_session

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
        # Every document of the file names the applicant: none leaves, through either download.
        for document in application.documents.all():
            assert client.get(f"/assessment/{assignment.pk}/documents/{document.pk}/").status_code == 404
            assert client.get(f"/assessment/{assignment.pk}/documents/{document.pk}/?inline=1").status_code == 404
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
    assert f"/assessment/{first.pk}/documents/" not in pages[2].content.decode()


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


def document_of_kind(application, kind):
    """The application's document of `kind`, attached (under a file name that names the applicant) if
    the route does not ask for it."""
    item = application.documents.filter(requirement__kind=kind).select_related("requirement", "document").first()
    if item is not None:
        return item
    requirement, _ = RequiredDocument.objects.get_or_create(route=application.route, kind=kind, defaults={"required": False})
    name = f"{application.applicant.full_name} {kind}." + ("png" if requirement.images_only else "pdf")
    document = store_upload(application.applicant, upload_for(requirement, name), kind=f"certification:{kind}",
                            images_only=requirement.images_only)
    return ApplicationDocument.objects.create(application=application, requirement=requirement, document=document)


def declared(make_user, application):
    assessor = make_assessor(make_user)
    [assignment] = services.assign(region_secretariat(make_user), application, [assessor])
    services.declare(assessor, assignment, conflict=False)
    return assessor, assignment


@pytest.mark.parametrize("kind", DocumentKind.values)
def test_a_blind_round_serves_no_document_of_any_kind(client, make_user, kind):
    """Every kind names the applicant (a face, or a paper made out to them): 404 through the assessment's
    download (attachment and inline) and the kernel's, and no link to it on the scoring page."""
    application = eligible_application(make_user)
    RoundAssessment.objects.update_or_create(round=application.round, defaults={"blind": True})
    item = document_of_kind(application, kind)
    assessor, assignment = declared(make_user, application)
    client.force_login(assessor)
    assert client.get(f"/assessment/{assignment.pk}/documents/{item.pk}/").status_code == 404
    assert client.get(f"/assessment/{assignment.pk}/documents/{item.pk}/?inline=1").status_code == 404
    assert client.get(f"/documents/{item.document.pk}/").status_code == 404
    assert client.get(f"/documents/{item.document.pk}/?inline=1").status_code == 404
    page = client.get(f"/assessment/{assignment.pk}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert f"/assessment/{assignment.pk}/documents/{item.pk}/" not in html
    assert f"/documents/{item.document.pk}/" not in html
    assert item.document.original_name not in html
    assert page.context["documents"] == []
    withheld = application.documents.count()
    assert page.context["withheld"] == withheld
    assert f"Penilaian tersamar: {withheld} dokumen memuat identitas pemohon sehingga tidak ditampilkan." in html


@pytest.mark.parametrize("kind", DocumentKind.values)
def test_a_round_that_is_not_blind_serves_every_kind_under_a_neutral_name(client, make_user, kind):
    application = eligible_application(make_user)
    RoundAssessment.objects.update_or_create(round=application.round, defaults={"blind": False})
    item = document_of_kind(application, kind)
    assessor, assignment = declared(make_user, application)
    client.force_login(assessor)
    extension = "png" if item.document.is_image else "pdf"
    response = client.get(f"/assessment/{assignment.pk}/documents/{item.pk}/")
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="{kind}.{extension}"'
    response = client.get(f"/assessment/{assignment.pk}/documents/{item.pk}/?inline=1")
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'inline; filename="{kind}.{extension}"'
    assert client.get(f"/documents/{item.document.pk}/").status_code == 200
    page = client.get(f"/assessment/{assignment.pk}/")
    assert f"/assessment/{assignment.pk}/documents/{item.pk}/" in page.content.decode()
    assert page.context["withheld"] == 0


def test_a_blind_assessor_reaches_no_other_copy_of_the_applicants_papers(client, make_user):
    """The registry profile's photo and diploma, the admission card: none is open to the assessor."""
    application = eligible_application(make_user)
    RoundAssessment.objects.update_or_create(round=application.round, defaults={"blind": True})
    applicant = application.applicant
    profile = WorkerProfile.objects.get(user=applicant)
    photo_requirement = RequiredDocument.objects.get(route=application.route, kind="photo")
    profile.photo = store_upload(applicant, upload_for(photo_requirement, "pas-foto.png"), kind="registry.photo", images_only=True)
    profile.save(update_fields=["photo"])
    diploma = store_upload(applicant, upload_for(RequiredDocument.objects.get(route=application.route, kind="ijazah")),
                           kind="registry.diploma")
    Education.objects.filter(profile=profile).update(diploma=diploma)
    assessor, assignment = declared(make_user, application)
    Application.objects.filter(pk=application.pk).update(status="assessed_proceed")
    application.refresh_from_db()
    booking = exam_services.book_seat(applicant, application, make_session())
    client.force_login(assessor)
    for url in (
        f"/documents/{profile.photo_id}/",
        f"/documents/{profile.photo_id}/?inline=1",
        f"/documents/{diploma.pk}/",
        f"/exams/bookings/{booking.pk}/card.pdf",
    ):
        assert client.get(url).status_code == 404, url
