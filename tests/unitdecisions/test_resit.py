"""The re-sit: a Belum Kompeten candidate starts a new application whose self-assessment and assessment
cover only the BK units, prefilled from the earlier file; the offer on the status page; nobody else."""

import pytest

from certification.competency import services as competency
from certification.exams import services as exam_services
from certification.models import Application
from certification.unitdecisions import services
from certification.unitdecisions.models import Resit
from portal.accounts.roles import Role
from tests.certification.helpers import open_round

from .helpers import close, decide_units, sitting

pytestmark = pytest.mark.django_db


def failed(make_user, decisions=("K", "BK")):
    sit = sitting(make_user)
    # The candidate's own APL.02 answers, with evidence, to be carried over.
    sa = competency.self_assessment_for(sit.application)
    cv = sit.application.documents.select_related("requirement").first()
    for unit in sit.units:
        for element in unit.elements.all():
            row = sa.answers.create(element=element, answer="K")
            row.evidence.set([cv])
    close(sit)
    decide_units(sit, list(decisions))
    exam_services.hold_plenary(sit.admin, sit.session, [exam_services.Decision(sit.booking, "not_yet_competent")])
    sit.application.refresh_from_db()
    return sit


def test_the_resit_covers_only_the_bk_units_prefilled(client, make_user):
    sit = failed(make_user)
    later = open_round(name="Gelombang berikutnya")
    client.force_login(sit.application.applicant)
    status = client.get(f"/applications/{sit.application.pk}/").content.decode()
    assert f"/applications/{sit.application.pk}/resit/" in status  # the offer on the status page
    page = client.get(f"/applications/{sit.application.pk}/resit/")
    assert page.status_code == 200
    body = page.content.decode()
    assert "M.87SOS00.002.1" in body and "M.87SOS00.001.1" not in body
    response = client.post(f"/applications/{sit.application.pk}/resit/", {"round": later.pk})
    new = Application.objects.exclude(pk=sit.application.pk).get(applicant=sit.application.applicant)
    assert response.status_code == 302 and response["Location"] == f"/applications/{new.pk}/step/self-assessment/"
    resit = Resit.objects.get(application=new)
    assert resit.earlier == sit.application and [u.code for u in resit.units.all()] == ["M.87SOS00.002.1"]
    sa = competency.self_assessment_for(new)
    assert [u.code for u in sa.covered_units()] == ["M.87SOS00.002.1"]
    assert [u.code for u in services.units_of(new)] == ["M.87SOS00.002.1"]
    # Prefilled: the earlier answers for the BK unit, the evidence linked to the new file's document.
    answers = list(sa.answers.select_related("element__unit").prefetch_related("evidence__requirement"))
    assert {a.element.unit.code for a in answers} == {"M.87SOS00.002.1"} and len(answers) == 2
    assert all(doc.application_id == new.pk for a in answers for doc in a.evidence.all())
    assert competency.missing(new) == []
    # The wizard step shows only that unit; the personal data and documents came with the prefill.
    step = client.get(f"/applications/{new.pk}/step/self-assessment/").content.decode()
    assert "M.87SOS00.002.1" in step and "M.87SOS00.001.1" not in step
    assert new.documents.count() == sit.application.documents.count()
    assert new.funding_source == sit.application.funding_source
    # Once started, the offer leads to it; a second post makes nothing new.
    client.post(f"/applications/{sit.application.pk}/resit/", {"round": later.pk})
    assert Resit.objects.count() == 1
    assert f"/applications/{new.pk}/" in client.get(f"/applications/{sit.application.pk}/").content.decode()


def test_the_resit_assessment_records_only_its_units(make_user):
    sit = failed(make_user)
    later = open_round(name="Gelombang berikutnya")
    new = services.start_resit(sit.application.applicant, sit.application, later)
    summaries = services.plenary_summaries([new])
    assert [u.code for u, _d in summaries[new.pk]["units"]] == ["M.87SOS00.002.1"]


def test_no_resit_without_bk_units_or_for_anyone_else(client, make_user):
    sit = failed(make_user)
    open_round(name="Gelombang berikutnya")
    url = f"/applications/{sit.application.pk}/resit/"
    for user in (make_user(), sit.assessor.user, sit.staff, sit.admin, make_user(Role.LKS_OPERATOR)):
        client.force_login(user)
        assert client.get(url).status_code == 404
        assert client.post(url, {"round": "1"}).status_code == 404
    assert not Resit.objects.exists()


def test_a_bad_round_is_refused_beside_the_field(client, make_user):
    sit = failed(make_user)
    open_round(name="Gelombang berikutnya")
    client.force_login(sit.application.applicant)
    url = f"/applications/{sit.application.pk}/resit/"
    for value in ("", str(sit.application.round_id), "99999999999999999999", "abc\x00"):
        response = client.post(url, {"round": value})
        assert response.status_code == 200, value
        body = response.content.decode()
        expected = {"": "Bidang ini tidak boleh kosong.", "abc\x00": "Karakter null tidak diizinkan."}
        assert expected.get(value, "Pilih gelombang skema ini yang sedang dibuka.") in body, value
    assert not Resit.objects.exists()
