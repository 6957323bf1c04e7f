"""FR.APL.02 in the applicant's wizard: the step where the scheme version has units, answers per element
with evidence, completeness at submission, the version kept, answers through a revision, who sees it."""

import json

import pytest

from certification import services as certification_services
from certification.assessment import services as assessment_services
from certification.choices import ApplicationStatus
from certification.competency import services
from certification.competency.models import ElementAnswer, SelfAssessment
from certification.models import Application, ReviewStatus
from portal.accounts.roles import Role
from portal.regions.models import RegionalOffice
from portal.workflow.engine import TransitionNotAllowed, perform
from tests.assessment.helpers import make_assessor, region_secretariat
from tests.certification.helpers import (
    fill_application,
    make_worker,
    open_round,
    standard_route,
    upload_for,
)

from .helpers import publish_units

pytestmark = pytest.mark.django_db

STEP = "self-assessment"


def draft(make_user, **worker):
    user = make_worker(make_user, **worker)
    round_ = open_round()
    application = certification_services.start_application(user, round_, standard_route(round_))
    fill_application(user, application)
    return user, application


def answer_all(user, application, answer="K"):
    sa = services.self_assessment_for(application)
    evidence = [application.documents.order_by("pk").first()]
    for unit in services.content(sa.version):
        services.save_unit(user, application, unit, {e: (answer, evidence if answer == "K" else []) for e in unit.elements.all()})
    return sa


def snapshot(application):
    return sorted(
        (a.element_id, a.answer, sorted(d.pk for d in a.evidence.all()))
        for a in ElementAnswer.objects.filter(self_assessment__application=application)
    )


def fresh(application):
    return Application.objects.get(pk=application.pk)


def test_the_step_appears_only_where_the_scheme_version_has_units(client, make_user, lsp_admin):
    user, application = draft(make_user)
    client.force_login(user)
    response = client.get(f"/applications/{application.pk}/step/funding/")
    assert [name for name, _done, _extra in response.context["steps"]] == ["funding", "documents", "knowledge", "skills", "values", "review"]
    assert client.get(f"/applications/{application.pk}/step/{STEP}/").status_code == 404
    assert SelfAssessment.objects.count() == 0

    publish_units(lsp_admin)
    _user2, other = draft(make_user)
    client.force_login(other.applicant)
    response = client.get(f"/applications/{other.pk}/step/values/")
    assert [name for name, _done, _extra in response.context["steps"]] == [
        "funding", "documents", "knowledge", "skills", "values", STEP, "review"
    ]
    html = response.content.decode()
    assert "Asesmen mandiri" in html and "APL.02" in html
    page = client.get(f"/applications/{other.pk}/step/{STEP}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "M.87SOS00.001.1" in html and "M.87SOS00.002.1" in html
    assert "0 dari 4 elemen dijawab." in html


def test_submission_waits_for_every_element_and_evidence_for_kompeten(make_user, lsp_admin):
    publish_units(lsp_admin)
    user, application = draft(make_user)
    assert certification_services.missing_by_step(application)[STEP] == [
        "asesmen mandiri unit M.87SOS00.001.1: elemen 1, 2 belum dijawab",
        "asesmen mandiri unit M.87SOS00.002.1: elemen 1, 2 belum dijawab",
    ]
    with pytest.raises(TransitionNotAllowed) as refused:
        perform(application, "submit", user)
    assert "asesmen mandiri unit M.87SOS00.001.1: elemen 1, 2 belum dijawab" in str(refused.value)

    sa = services.self_assessment_for(application)
    first, second = services.content(sa.version)
    document = application.documents.first()
    services.save_unit(user, application, first, {e: ("K", []) for e in first.elements.all()})
    services.save_unit(user, application, second, {e: ("BK", []) for e in list(second.elements.all())[:1]})
    application = fresh(application)
    assert certification_services.missing_by_step(application)[STEP] == [
        "asesmen mandiri unit M.87SOS00.001.1: elemen 1, 2 dijawab Kompeten tanpa bukti",
        "asesmen mandiri unit M.87SOS00.002.1: elemen 2 belum dijawab",
    ]
    services.save_unit(user, application, first, {e: ("K", [document]) for e in first.elements.all()})
    services.save_unit(user, application, second, {e: ("BK", []) for e in second.elements.all()})
    application = fresh(application)
    assert certification_services.missing_by_step(application)[STEP] == []
    perform(application, "submit", user)
    assert fresh(application).status == ApplicationStatus.SUBMITTED
    # One document proves several elements.
    assert ElementAnswer.objects.filter(evidence=document).count() == 2


def test_an_application_keeps_its_version_when_a_new_one_is_published(client, make_user, lsp_admin):
    first = publish_units(lsp_admin, codes=("M.87SOS00.001.1",))
    user, started = draft(make_user)
    client.force_login(user)
    client.get(f"/applications/{started.pk}/step/funding/")  # the wizard opens: the version is pinned
    _submitted_user, submitted = draft(make_user)
    answer_all(submitted.applicant, submitted)
    perform(fresh(submitted), "submit", submitted.applicant)

    second = publish_units(lsp_admin, codes=("M.87SOS00.001.1", "M.87SOS00.009.1"))
    assert second.number == 2
    for application in (started, submitted):
        assert SelfAssessment.objects.get(application=application).version == first
    assert services.self_assessment_for(fresh(started)).version == first
    page = client.get(f"/applications/{started.pk}/step/{STEP}/").content.decode()
    assert "M.87SOS00.009.1" not in page and "versi 1" in page

    _late_user, late = draft(make_user)
    assert services.self_assessment_for(late).version == second


def test_answers_survive_a_revision_round_trip(client, make_user, lsp_admin):
    publish_units(lsp_admin)
    user, application = draft(make_user)
    sa = answer_all(user, application)
    before = snapshot(application)
    assert len(before) == 4
    perform(fresh(application), "submit", user)

    staff = region_secretariat(make_user)
    flagged = fresh(application).documents.order_by("pk").first()  # the one the answers point to
    certification_services.review_item(staff, flagged, ReviewStatus.NEEDS_REVISION, "Pindaian buram; unggah ulang.")
    perform(fresh(application), "return_for_revision", staff, note="Perbaiki dokumen.")
    application = fresh(application)
    assert application.status == ApplicationStatus.REVISION_REQUESTED

    # During the revision the self-assessment is shown as it was sent and cannot be changed.
    client.force_login(user)
    page = client.get(f"/applications/{application.pk}/step/{STEP}/")
    assert page.status_code == 200 and "ditampilkan seperti saat dikirim" in page.content.decode()
    unit = services.content(sa.version)[0]
    element = unit.elements.first()
    response = client.post(f"/applications/{application.pk}/step/{STEP}/", {"unit": unit.pk, f"e{element.pk}": "BK"})
    assert response.status_code == 200
    assert snapshot(application) == before
    with pytest.raises(services.CompetencyError):
        services.save_unit(user, application, unit, {element: ("BK", [])})

    certification_services.attach_document(user, application, flagged.requirement, upload_for(flagged.requirement, "baru.pdf"))
    perform(fresh(application), "resubmit", user)
    application = fresh(application)
    assert application.status == ApplicationStatus.SUBMITTED
    assert snapshot(application) == before
    evidence = ElementAnswer.objects.filter(self_assessment=sa).first().evidence.get()
    assert evidence.pk == flagged.pk and evidence.document.original_name == "baru.pdf"


def test_the_step_saves_a_unit_with_and_without_javascript(client, make_user, lsp_admin):
    publish_units(lsp_admin)
    user, application = draft(make_user)
    client.force_login(user)
    url = f"/applications/{application.pk}/step/{STEP}/"
    client.get(url)
    sa = SelfAssessment.objects.get(application=application)
    unit = services.content(sa.version)[0]
    one, two = unit.elements.all()
    cv, ijazah = application.documents.order_by("pk")[:2]

    # A plain form post (no JavaScript): saved, back to the unit.
    response = client.post(url, {"unit": unit.pk, f"e{one.pk}": "K", f"d{one.pk}": [cv.pk, ijazah.pk], f"e{two.pk}": "BK"})
    assert response.status_code == 302 and response["Location"] == f"{url}#unit-{unit.pk}"
    assert snapshot(application) == [(one.pk, "K", sorted([cv.pk, ijazah.pk])), (two.pk, "BK", [])]

    # The page's script: one change at a time, answered in JSON.
    response = client.post(url, {"unit": unit.pk, f"e{one.pk}": "K", f"d{one.pk}": [cv.pk]}, HTTP_X_REQUESTED_WITH="XMLHttpRequest")
    data = json.loads(response.content)
    assert response.status_code == 200 and data["ok"] is True and data["missing"] == 2
    assert snapshot(application) == [(one.pk, "K", [cv.pk])]  # element 2 cleared: not in this post

    # A document of another application is refused beside the field; nothing changes; what was typed stays.
    _other_user, other = draft(make_user)
    foreign = other.documents.first()
    response = client.post(url, {"unit": unit.pk, f"e{one.pk}": "BK", f"d{one.pk}": [foreign.pk]})
    assert response.status_code == 200
    form = next(f for f in response.context["unit_forms"] if f.unit.pk == unit.pk)
    assert form.errors == {f"d{one.pk}": ["Pilih bukti dari dokumen permohonan ini."]}
    assert form[f"e{one.pk}"].value() == "BK"
    assert "Pilih bukti dari dokumen permohonan ini." in response.content.decode()
    response = client.post(url, {"unit": unit.pk, f"e{one.pk}": "X"}, HTTP_X_REQUESTED_WITH="XMLHttpRequest")
    assert response.status_code == 400 and json.loads(response.content)["ok"] is False
    assert snapshot(application) == [(one.pk, "K", [cv.pk])]
    # A unit of another version (or none) is not found.
    assert client.post(url, {"unit": 999999}).status_code == 404
    assert client.post(url, {}).status_code == 404


def test_the_step_page_takes_the_same_queries_for_more_units(client, make_user, lsp_admin, django_assert_max_num_queries):
    counts = []
    for codes in (("A.01",), ("B.01", "B.02", "B.03", "B.04", "B.05")):
        publish_units(lsp_admin, codes=codes, elements=3, criteria=2)
        user, application = draft(make_user)
        client.force_login(user)
        url = f"/applications/{application.pk}/step/{STEP}/"
        client.get(url)
        answer_all(user, application)
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
    with django_assert_max_num_queries(25):
        client.get(url)


def access_setup(make_user, lsp_admin):
    publish_units(lsp_admin)
    user, application = draft(make_user)
    answer_all(user, application)
    perform(fresh(application), "submit", user)
    return user, fresh(application)


def test_who_opens_the_self_assessment(client, make_user, lsp_admin):
    owner, application = access_setup(make_user, lsp_admin)
    url = f"/applications/{application.pk}/self-assessment/"
    assessor, stranger_assessor = make_assessor(make_user), make_assessor(make_user)
    Application.objects.filter(pk=application.pk).update(status=ApplicationStatus.ELIGIBLE)
    [assignment] = assessment_services.assign(region_secretariat(make_user), fresh(application), [assessor])

    allowed = {
        "owner": owner,
        "secretariat of the region": make_user(Role.SECRETARIAT, regional_office=RegionalOffice.objects.get(code="II")),
        "LSP admin": lsp_admin,
    }
    refused = {
        "another applicant": make_user(Role.APPLICANT),
        "secretariat of another region": make_user(Role.SECRETARIAT, regional_office=RegionalOffice.objects.get(code="V")),
        "assessor not assigned": stranger_assessor,
        "assigned assessor before the declaration": assessor,
        "BALKS admin": make_user(Role.BALKS_ADMIN),
        "LKS operator": make_user(Role.LKS_OPERATOR),
    }
    for who, user in allowed.items():
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200, who
        assert "M.87SOS00.001.1" in response.content.decode(), who
    for who, user in refused.items():
        client.force_login(user)
        assert client.get(url).status_code == 404, who
        assert client.get(f"/applications/{application.pk}/step/{STEP}/").status_code == 404, who

    assessment_services.declare(assessor, assignment, conflict=False)
    client.force_login(assessor)
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    # Assessors see the kinds of the evidence, never the file names nor the download links.
    document = application.documents.order_by("pk").first()
    assert str(document.requirement) in html
    assert document.document.original_name not in html and f"/documents/{document.document.pk}/" not in html

    client.logout()
    assert client.get(url).status_code == 302


def test_review_and_scoring_pages_show_it_per_unit(client, make_user, lsp_admin, django_assert_max_num_queries):
    owner, application = access_setup(make_user, lsp_admin)
    client.force_login(owner)
    html = client.get(f"/applications/{application.pk}/").content.decode()
    assert "Asesmen mandiri (FR.APL.02)" in html and "M.87SOS00.001.1" in html
    staff = make_user(Role.SECRETARIAT, regional_office=RegionalOffice.objects.get(code="II"))
    client.force_login(staff)
    response = client.get(f"/secretariat/applications/{application.pk}/")
    html = response.content.decode()
    assert "Asesmen mandiri (FR.APL.02)" in html
    assert "4 dari 4 elemen dijawab: 4 Kompeten, 0 Belum Kompeten." in html
    assert "M.87SOS00.001.1" in html and "M.87SOS00.002.1" in html

    assessor = make_assessor(make_user)
    Application.objects.filter(pk=application.pk).update(status=ApplicationStatus.ELIGIBLE)
    [assignment] = assessment_services.assign(staff, fresh(application), [assessor])
    assessment_services.declare(assessor, assignment, conflict=False)
    client.force_login(assessor)
    html = client.get(f"/assessment/{assignment.pk}/").content.decode()
    assert "Asesmen mandiri (FR.APL.02)" in html and "M.87SOS00.002.1" in html


def test_the_fr_apl_02_prints_as_the_standard_form_for_those_who_may_read_it(client, make_user, lsp_admin):
    import subprocess

    owner, application = access_setup(make_user, lsp_admin)
    url = f"/applications/{application.pk}/self-assessment.pdf"
    client.force_login(owner)
    assert url in client.get(f"/applications/{application.pk}/").content.decode()
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "private, no-store"
    text = " ".join(subprocess.run(["pdftotext", "-", "-"], input=response.content, capture_output=True,
                                   check=True).stdout.decode().split())
    for expected in ("FR.APL.02. ASESMEN MANDIRI", application.round.scheme.name, application.reference,
                     "M.87SOS00.001.1", "M.87SOS00.002.1", "Unit kompetensi", "4 dari 4 elemen dijawab: 4 Kompeten, 0 Belum Kompeten."):
        assert expected in text, expected
    for who, user in {"another applicant": make_user(Role.APPLICANT), "BALKS admin": make_user(Role.BALKS_ADMIN),
                      "secretariat of another region": make_user(Role.SECRETARIAT, regional_office=RegionalOffice.objects.get(code="V"))}.items():
        client.force_login(user)
        assert client.get(url).status_code == 404, who
    client.force_login(lsp_admin)
    assert client.get(url).status_code == 200
    # The assigned assessor, after declaring no conflict, prints it without the candidate's name.
    assessor = make_assessor(make_user)
    Application.objects.filter(pk=application.pk).update(status=ApplicationStatus.ELIGIBLE)
    [assignment] = assessment_services.assign(region_secretariat(make_user), fresh(application), [assessor])
    assessment_services.declare(assessor, assignment, conflict=False)
    client.force_login(assessor)
    response = client.get(url)
    text = " ".join(subprocess.run(["pdftotext", "-", "-"], input=response.content, capture_output=True,
                                   check=True).stdout.decode().split())
    assert "M.87SOS00.001.1" in text and application.reference in text
    assert owner.full_name not in text and owner.worker_profile.full_name not in text
