"""FR.AK.02: K / BK per unit by the booking's assessor only, the recommendation that follows, what the
plenary sees and may decide, schemes without units unchanged, odd and incomplete input kept beside the
field, query counts that do not grow with the candidates."""

import pytest
from django.core.exceptions import PermissionDenied

from certification.exams import services as exam_services
from certification.unitdecisions import services
from certification.unitdecisions.models import AssessmentRecord, UnitDecision
from portal.accounts.roles import Role
from portal.audit.models import AuditEvent
from tests.exams.helpers import make_assessor, secretariat_of

from .helpers import close, decide_units, sitting

pytestmark = pytest.mark.django_db


def record_url(sit):
    return f"/assessment/units/{sit.booking.pk}/"


def post_decisions(client, sit, decisions, *, submit=True, methods=("portfolio",)):
    data = {}
    for unit, d in zip(sit.units, decisions):
        data[f"d{unit.pk}"] = d
        data[f"m{unit.pk}"] = list(methods)
        data[f"n{unit.pk}"] = f"Catatan {unit.code}"
    data["submit" if submit else "save"] = "1"
    return client.post(record_url(sit), data)


def test_the_booking_assessor_records_k_and_bk_and_the_recommendation_names_the_bk_unit(client, make_user):
    sit = sitting(make_user)
    client.force_login(sit.assessor.user)
    page = client.get(record_url(sit))
    assert page.status_code == 200
    body = page.content.decode()
    assert "M.87SOS00.001.1" in body and "M.87SOS00.002.1" in body
    response = post_decisions(client, sit, ["K", "BK"])
    assert response.status_code == 302
    record = AssessmentRecord.objects.get(booking=sit.booking)
    assert record.submitted_at is not None and record.assessor == sit.assessor.user
    assert [(d.unit.code, d.decision, d.methods) for d in record.decisions.order_by("unit__order")] == [
        ("M.87SOS00.001.1", "K", ["portfolio"]), ("M.87SOS00.002.1", "BK", ["portfolio"]),
    ]
    result = services.recommend(sit.units, services.decisions_of(record))
    assert (result.result, result.not_yet_units) == ("not_yet_competent", ("M.87SOS00.002.1",))
    assert "M.87SOS00.002.1" in client.get(record_url(sit)).content.decode()
    actions = list(AuditEvent.objects.filter(action__startswith="unitdecisions.").values_list("action", flat=True))
    assert sorted(actions) == ["unitdecisions.decisions", "unitdecisions.submit"]
    # Submitted: read-only.
    post_decisions(client, sit, ["K", "K"])
    assert UnitDecision.objects.get(record=record, unit=sit.units[1]).decision == "BK"


@pytest.mark.parametrize("who", ["candidate", "other_assessor", "session_assessor_not_assigned", "other_secretariat",
                                 "own_secretariat", "lsp_admin", "operator", "balks_admin"])
def test_only_the_booking_assessor_records_units(client, make_user, who):
    sit = sitting(make_user)
    if who == "candidate":
        user = sit.application.applicant
    elif who == "other_assessor":
        user = make_assessor(make_user).user
    elif who == "session_assessor_not_assigned":
        other = make_assessor(make_user, institution="Universitas Indonesia")
        exam_services.set_assessors(sit.staff, sit.session, [sit.assessor, other])
        user = other.user
    elif who == "other_secretariat":
        user = secretariat_of(make_user, code="V")
    elif who == "own_secretariat":
        user = sit.staff
    elif who == "lsp_admin":
        user = sit.admin
    elif who == "operator":
        user = make_user(Role.LKS_OPERATOR)
    else:
        user = make_user(Role.BALKS_ADMIN)
    client.force_login(user)
    for url in (record_url(sit), f"{record_url(sit)}report/", f"{record_url(sit)}review/"):
        assert client.get(url).status_code == 404, url
    assert post_decisions(client, sit, ["K", "K"]).status_code == 404
    with pytest.raises(PermissionDenied):
        decide_units_as(user, sit)
    assert not AssessmentRecord.objects.exists()


def decide_units_as(user, sit):
    return services.save_decisions(user, sit.booking, {u: ("K", ["portfolio"], "") for u in sit.units}, submit=True)


def test_an_assessor_with_a_conflict_cannot_record(client, make_user):
    from registry.models import ConflictDeclaration

    sit = sitting(make_user, full_name="Budi Santoso")
    ConflictDeclaration.objects.create(assessor=sit.assessor, kind="person", name="Budi Santoso", reason="Saudara")
    client.force_login(sit.assessor.user)
    assert client.get(record_url(sit)).status_code == 404


def test_submission_needs_every_unit_and_its_evidence_kept_beside_the_form(client, make_user):
    sit = sitting(make_user)
    client.force_login(sit.assessor.user)
    unit1, unit2 = sit.units
    response = client.post(record_url(sit), {
        f"d{unit1.pk}": "K", f"m{unit1.pk}": [], f"n{unit1.pk}": "Observasi baik", "submit": "1",
    })
    assert response.status_code == 200
    body = response.content.decode()
    assert "Putuskan K atau BK untuk unit M.87SOS00.002.1." in body
    assert "Sebutkan bukti yang digunakan untuk unit M.87SOS00.001.1." in body
    assert "Observasi baik" in body  # what was typed is kept
    assert AssessmentRecord.objects.get().submitted_at is None
    # An odd value: a decision outside K / BK, an unknown method — translated, beside the field.
    response = client.post(record_url(sit), {f"d{unit1.pk}": "X", f"m{unit1.pk}": ["telepati"], "submit": "1"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Masukkan pilihan yang valid. X bukan salah satu dari pilihan yang tersedia." in body
    assert "Masukkan pilihan yang valid. telepati bukan salah satu dari pilihan yang tersedia." in body


def test_the_plenary_sees_the_units_and_refuses_kompeten_while_a_unit_is_bk(client, make_user):
    sit = sitting(make_user)
    close(sit)
    client.force_login(sit.admin)
    url = f"/secretariat/exams/{sit.session.pk}/plenary/"
    # Before FR.AK.02: no suggestion, and no decision.
    body = client.get(url).content.decode()
    assert "FR.AK.02 belum diajukan" in body
    pk = sit.booking.pk
    response = client.post(url, {f"result_{pk}": "competent", f"reason_{pk}": "", f"feedback_{pk}": ""})
    assert "Asesor belum mengajukan FR.AK.02 (keputusan per unit)." in response.content.decode()
    decide_units(sit, ["K", "BK"])
    body = client.get(url).content.decode()
    assert 'data-testid="plenary-units"' in body
    assert "M.87SOS00.001.1" in body and "M.87SOS00.002.1" in body
    assert 'data-suggestion="not_yet_competent"' in body
    assert "Unit Belum Kompeten: M.87SOS00.002.1." in body  # the feedback starts with the units to re-sit
    response = client.post(url, {f"result_{pk}": "competent", f"reason_{pk}": "Saya yakin", f"feedback_{pk}": ""})
    assert response.status_code == 200
    assert "Kompeten tidak dapat diputuskan selama ada unit Belum Kompeten: M.87SOS00.002.1." in response.content.decode()
    with pytest.raises(exam_services.PlenaryProblems):
        exam_services.hold_plenary(sit.admin, sit.session, [exam_services.Decision(sit.booking, "competent", "alasan")])
    sit.booking.refresh_from_db()
    assert sit.booking.result == ""
    report = exam_services.hold_plenary(sit.admin, sit.session, [exam_services.Decision(sit.booking, "not_yet_competent")])
    assert (report.competent, report.not_yet_competent) == (0, 1)
    sit.application.refresh_from_db()
    assert sit.application.status == "not_yet_competent"
    # Decided: the per-unit record in the decided table; FR.AK.02 can no longer change.
    assert 'data-testid="plenary-units-decided"' in client.get(url).content.decode()
    client.force_login(sit.assessor.user)
    assert post_decisions(client, sit, ["K", "K"]).status_code == 200
    assert list(UnitDecision.objects.order_by("unit__order").values_list("decision", flat=True)) == ["K", "BK"]


def test_all_k_is_decided_kompeten_and_bk_against_it_needs_a_reason(make_user):
    sit = sitting(make_user)
    second = sitting(make_user, session=sit.session, staff=sit.staff, assessor=sit.assessor, admin=sit.admin)
    close(sit)
    decide_units(sit, ["K", "K"])
    decide_units(second, ["K", "K"])
    with pytest.raises(exam_services.PlenaryProblems) as problems:
        exam_services.hold_plenary(sit.admin, sit.session, [exam_services.Decision(second.booking, "not_yet_competent")])
    assert list(problems.value.problems.values()) == ["Asesor merekomendasikan Kompeten untuk setiap unit: berikan alasan keputusan ini."]
    report = exam_services.hold_plenary(sit.admin, sit.session, [
        exam_services.Decision(sit.booking, "competent"),
        exam_services.Decision(second.booking, "not_yet_competent", reason="Bukti portofolio dipalsukan."),
    ])
    assert (report.competent, report.not_yet_competent) == (1, 1)


def test_a_scheme_without_units_keeps_todays_flow(client, make_user):
    sit = sitting(make_user, units=False)
    assert services.units_of(sit.application) == []
    client.force_login(sit.assessor.user)
    assert client.get(record_url(sit)).status_code == 404
    score_page = client.get(f"/secretariat/exams/{sit.session.pk}/scoring/{sit.booking.pk}/").content.decode()
    assert "FR.AK.02" not in score_page
    close(sit)
    client.force_login(sit.admin)
    body = client.get(f"/secretariat/exams/{sit.session.pk}/plenary/").content.decode()
    assert "plenary-units" not in body and 'data-suggestion="competent"' in body
    report = exam_services.hold_plenary(sit.admin, sit.session, [exam_services.Decision(sit.booking, "competent")])
    assert report.competent == 1


def test_the_score_page_links_fr_ak_02_and_shows_the_mapped_scores(client, make_user):
    from certification.unitdecisions.models import UnitSource

    sit = sitting(make_user)
    UnitSource.objects.create(unit=sit.units[0], component="portfolio")
    UnitSource.objects.create(unit=sit.units[1], component="practical")
    client.force_login(sit.assessor.user)
    score_page = client.get(f"/secretariat/exams/{sit.session.pk}/scoring/{sit.booking.pk}/").content.decode()
    assert record_url(sit) in score_page
    body = client.get(record_url(sit)).content.decode()
    assert "Nilai yang menjadi masukan unit ini" in body
    assert "85,00" in body or "85.00" in body
    assert "78,00" in body or "78.00" in body


def count_queries(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def plenary_query_counts(client, make_user):
    """({"plenary 1": queries, "plenary 5": queries}, the last session's first sitting): the plenary page
    with 1 and with 5 candidates decided unit by unit, counted the second time it is asked for."""
    counts = {}
    for n in (1, 5):
        first = sitting(make_user)
        sits = [first] + [sitting(make_user, session=first.session, staff=first.staff, assessor=first.assessor, admin=first.admin)
                          for _ in range(n - 1)]
        for sit in sits:
            decide_units(sit, ["K", "BK"])
        client.force_login(first.admin)
        url = f"/secretariat/exams/{first.session.pk}/plenary/"
        count_queries(client, url)
        counts[f"plenary {n}"] = count_queries(client, url)
    return counts, first


def test_the_plenary_page_query_count_does_not_grow_with_candidates(client, make_user):
    counts, _first = plenary_query_counts(client, make_user)
    assert counts["plenary 1"] == counts["plenary 5"], counts


def test_the_record_page_query_count_is_bounded(client, make_user, django_assert_max_num_queries):
    sit = sitting(make_user)
    decide_units(sit, ["K", "BK"], submit=False)
    client.force_login(sit.assessor.user)
    client.get(record_url(sit))
    with django_assert_max_num_queries(18):  # 17 measured (one of them the written test per unit, certification.cbt)
        assert client.get(record_url(sit)).status_code == 200


def test_the_decisions_per_unit_are_in_the_persons_export_once_decided(make_user):
    from certification.unitdecisions.personal_data import export

    sit = sitting(make_user)
    close(sit)
    decide_units(sit, ["K", "BK"])
    assert export(sit.application.applicant)["decisions"] == []  # not before the plenary, as the result
    exam_services.hold_plenary(sit.admin, sit.session, [exam_services.Decision(sit.booking, "not_yet_competent")])
    rows = export(sit.application.applicant)["decisions"]
    assert [(u["unit"], u["decision"]) for u in rows[0]["units"]] == [("M.87SOS00.001.1", "K"), ("M.87SOS00.002.1", "BK")]
    assert export(make_user())["decisions"] == []


def test_measured_query_counts(client, make_user, capsys):
    """The numbers the report quotes: the plenary page with 1 and 5 candidates, the FR.AK.02 page."""
    counts, first = plenary_query_counts(client, make_user)
    client.force_login(first.assessor.user)
    counts["ak02"] = count_queries(client, record_url(first))
    with capsys.disabled():
        print("\nquery counts:", counts)
    assert counts["plenary 1"] == counts["plenary 5"]
