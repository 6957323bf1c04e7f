"""The pages: only the assigned assessor plans; the plan starts from the scheme's default; bad input comes
back beside its field, as typed; adjustments reach the exam day; query counts stay flat."""

import re

import pytest

from certification.exams import services as exam_services
from certification.planning import services
from certification.planning.models import Adjustments, AssessmentPlan
from portal.accounts.roles import Role
from portal.audit.models import AuditEvent
from portal.regions.models import RegionalOffice
from tests.exams.helpers import agreed, make_assessor

from .helpers import methods_for, planned_world

pytestmark = pytest.mark.django_db


def plan_post(version, **extra):
    data = {"approach": "final", "evidence_kinds": ["direct", "indirect"], "notes": "Konteks: TUK sewaktu"}
    for unit in version.units.all():
        data[f"m{unit.pk}"] = ["portfolio", "interview"]
    data.update(extra)
    return data


def test_only_the_assigned_assessor_plans(client, make_user):
    session, (booking,), assessor, staff, version = planned_world(make_user)
    url = f"/planning/bookings/{booking.pk}/plan/"
    other_assessor = make_assessor(make_user, institution="Universitas Indonesia")
    exam_services.set_assessors(staff, session, [assessor, other_assessor])  # on the session, not this candidate's
    others = {
        "the candidate": booking.application.applicant,
        "another applicant": make_user(Role.APPLICANT),
        "another assessor of the session": other_assessor.user,
        "the session's secretariat": staff,
        "another region's secretariat": make_user(Role.SECRETARIAT, regional_office=RegionalOffice.objects.get(code="V")),
        "an LSP admin": make_user(Role.LSP_ADMIN),
        "a BALKS admin": make_user(Role.BALKS_ADMIN),
        "an LKS operator": make_user(Role.LKS_OPERATOR),
        "a DPO": make_user(Role.DPO),
    }
    for who, user in others.items():
        client.force_login(user)
        assert client.get(url).status_code == 404, who
        assert client.post(url, plan_post(version)).status_code == 404, who
    assert not AssessmentPlan.objects.exists()
    client.logout()
    assert client.get(url).status_code == 302  # to sign in
    client.force_login(assessor.user)
    assert client.get(url).status_code == 200
    response = client.post(url, plan_post(version))
    assert response.status_code == 302 and response["Location"] == f"/planning/bookings/{booking.pk}/agreement/"
    plan = AssessmentPlan.objects.get(booking=booking)
    assert [row.methods for row in plan.rows.all()] == [["portfolio", "interview"], ["portfolio", "interview"]]
    assert [row.unit.code for row in plan.rows.all()] == ["M.87SOS00.001.1", "M.87SOS00.002.1"]


def test_the_agreement_page_per_role(client, make_user):
    session, (booking,), assessor, staff, version = planned_world(make_user)
    services.save_plan(assessor.user, booking, approach="final", evidence_kinds=[], notes="", methods=methods_for(version))
    url = f"/planning/bookings/{booking.pk}/agreement/"
    for who, user in {"another applicant": make_user(Role.APPLICANT), "a BALKS admin": make_user(Role.BALKS_ADMIN),
                      "another region's secretariat": make_user(Role.SECRETARIAT, regional_office=RegionalOffice.objects.get(code="V"))}.items():
        client.force_login(user)
        assert client.get(url).status_code == 404, who
    # The staff running the session read it and confirm for nobody.
    client.force_login(staff)
    page = client.get(url).content.decode()
    assert "M.87SOS00.001.1" in page and "Konfirmasi sebagai" not in page
    assert client.post(url, {"agree": "on"}).status_code == 404
    client.force_login(booking.application.applicant)
    page = client.get(url).content.decode()
    assert "Konfirmasi sebagai peserta" in page and "Portofolio, Tes tertulis" in page
    # Not ticked: the error beside the box, nothing recorded.
    page = client.post(url, {}).content.decode()
    assert "Centang kotak ini untuk mengonfirmasi persetujuan." in page
    assert not booking.agreement_confirmations.exists()
    assert client.post(url, {"agree": "on"}).status_code == 302
    assert booking.agreement_confirmations.get().party == "candidate"


def test_the_plan_starts_from_the_scheme_default(client, make_user):
    session, (booking,), assessor, staff, version = planned_world(make_user)
    admin = make_user(Role.LSP_ADMIN)
    first, second = version.units.all()
    client.force_login(admin)
    url = f"/planning/defaults/{session.scheme.pk}/"
    assert "M.87SOS00.002.1" in client.get(url).content.decode()
    response = client.post(url, {"approach": "rpl", "evidence_kinds": ["indirect"], "notes": "",
                                 f"m{first.pk}": ["observation"], f"m{second.pk}": ["oral", "third_party"]})
    assert response.status_code == 302
    assert AuditEvent.objects.filter(action="planning.default").count() == 1
    initial = services.initial_plan(booking)
    assert initial["source"] == "default" and initial["approach"] == "rpl" and initial["evidence_kinds"] == ["indirect"]
    assert initial["methods"] == {first.pk: ["observation"], second.pk: ["oral", "third_party"]}
    client.force_login(assessor.user)
    page = client.get(f"/planning/bookings/{booking.pk}/plan/").content.decode()
    assert "rencana bawaan skema" in page
    assert re.search(rf'<input[^>]*name="m{first.pk}"[^>]*value="observation"[^>]*checked', page)
    assert not re.search(rf'<input[^>]*name="m{first.pk}"[^>]*value="portfolio"[^>]*checked', page)
    # Others may not set defaults.
    for user in (staff, assessor.user, booking.application.applicant):
        client.force_login(user)
        assert client.get(url).status_code == 404
        assert client.get("/planning/defaults/").status_code == 404


def test_without_a_default_the_plan_starts_from_the_exam_components(make_user):
    session, (booking,), assessor, staff, version = planned_world(make_user, units=False)
    initial = services.initial_plan(booking)
    kinds = list(session.components.values_list("kind", flat=True))
    expected = [services.COMPONENT_METHODS[k].value for k in kinds if k in services.COMPONENT_METHODS]
    assert initial["source"] == "components" and initial["methods"] == {None: expected}


def test_bad_input_is_kept_beside_the_field(client, make_user):
    session, (booking,), assessor, staff, version = planned_world(make_user)
    first, second = version.units.all()
    client.force_login(assessor.user)
    url = f"/planning/bookings/{booking.pk}/plan/"
    data = plan_post(version, notes="Catatan yang diketik")
    data[f"m{second.pk}"] = []
    data["approach"] = "final"
    data[f"m{first.pk}"] = ["portfolio", "bogus"]
    page = client.post(url, data).content.decode()
    assert "Pilih paling sedikit satu metode untuk unit ini." in page
    assert "Masukkan pilihan yang valid. bogus bukan salah satu dari pilihan yang tersedia." in page
    assert "Catatan yang diketik" in page
    assert not AssessmentPlan.objects.exists()
    # Adjustments: more than 240 minutes, beside the field, the note kept.
    response = client.post(f"/planning/applications/{booking.application_id}/adjustments/",
                           {"extra_minutes": "999", "note": "Butuh pembaca", "reader": "on"})
    page = response.content.decode()
    assert response.status_code == 200 and "Paling banyak 240 menit tambahan." in page and "Butuh pembaca" in page
    assert not Adjustments.objects.exists()
    response = client.post(f"/planning/applications/{booking.application_id}/adjustments/", {"extra_minutes": "abc"})
    assert "Masukkan bilangan bulat." in response.content.decode()


def test_adjustments_are_carried_to_the_exam_day(client, make_user):
    session, (booking,), assessor, staff, version = planned_world(make_user)
    client.force_login(staff)
    response = client.post(f"/planning/applications/{booking.application_id}/adjustments/",
                           {"extra_minutes": "30", "reader": "on", "other": "kursi roda", "note": "Tunanetra sebagian"})
    assert response.status_code == 302
    event = AuditEvent.objects.get(action="planning.adjustments")
    assert event.actor == staff and event.after["extra_minutes"] == 30
    assert services.extra_minutes(booking) == 30 and services.extra_minutes(booking.application) == 30
    expected = "Penyesuaian FR.AK.07: waktu tambahan: 30 menit, pembaca soal, kursi roda"
    page = client.get(f"/secretariat/exams/{session.pk}/attendance-list/").content.decode()
    assert expected in page and "FR.AK.01 belum dikonfirmasi oleh: peserta, asesor" in page
    # The check-in page (the proctor's view): the refusal, with the adjustments.
    headers = {"HTTP_X_REQUESTED_WITH": "XMLHttpRequest", "HTTP_ACCEPT": "application/json"}
    data = client.post(f"/secretariat/exams/{session.pk}/check-in/", {"code": booking.code}, **headers).json()
    assert data["outcome"] == "refused" and expected in data["notes"]
    agreed(booking)
    page = client.post(f"/secretariat/exams/{session.pk}/check-in/", {"code": booking.code}).content.decode()
    assert "Tercatat hadir" in page and expected in page
    # The candidate sees them; another candidate's extra time is 0.
    client.force_login(booking.application.applicant)
    assert expected.split(": ", 1)[1] in client.get(f"/planning/bookings/{booking.pk}/agreement/").content.decode()
    assert client.get(f"/planning/applications/{booking.application_id}/adjustments/").status_code == 404
    other, = planned_world(make_user, units=False)[1]
    assert services.extra_minutes(other) == 0


def test_the_candidate_is_told_to_confirm(client, make_user):
    session, (booking,), assessor, staff, version = planned_world(make_user)
    client.force_login(booking.application.applicant)
    status = f"/applications/{booking.application_id}/"
    assert "Konfirmasi persetujuan asesmen" not in client.get(status).content.decode()  # no plan yet
    services.save_plan(assessor.user, booking, approach="final", evidence_kinds=[], notes="", methods=methods_for(version))
    link = f'href="/planning/bookings/{booking.pk}/agreement/"'
    for url in (status, f"/exams/bookings/{booking.pk}/", "/"):
        page = client.get(url).content.decode()
        assert link in page, url
    services.confirm(booking.application.applicant, booking)
    assert link not in client.get(f"/exams/bookings/{booking.pk}/").content.decode()
    # The status page keeps a card with the agreement, its confirmations and the adjustments.
    card = client.get(status).content.decode().split('data-testid="planning-card"')[1].split("</section>")[0]
    assert "Peserta: Dikonfirmasi pada" in card and "Asesor: Belum dikonfirmasi" in card and link in card
    # The assessor sees whose confirmation is missing.
    client.force_login(assessor.user)
    page = client.get(f"/planning/sessions/{session.pk}/").content.decode()
    assert "1 peserta belum memiliki rencana atau konfirmasi persetujuan" in page


@pytest.mark.parametrize("who", ["assessor", "secretariat"])
def test_query_counts_do_not_grow_with_candidates(client, make_user, django_assert_max_num_queries, who):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = []
    for n in (1, 5):
        session, bookings, assessor, staff, version = planned_world(make_user, candidates=n)
        for booking in bookings:
            services.save_plan(assessor.user, booking, approach="final", evidence_kinds=[], notes="", methods=methods_for(version))
            services.confirm(booking.application.applicant, booking)
        client.force_login(assessor.user if who == "assessor" else staff)
        url = f"/planning/sessions/{session.pk}/"
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
    with django_assert_max_num_queries(25):
        client.get(url)
