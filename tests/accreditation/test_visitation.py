"""Visitation: the team (≥ 2 assessors, no conflict of interest), the calendar file, scores saved as
they are given (partial saves, late replays), photos, reconciliation and completion."""

import json
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from accreditation import services
from accreditation.conflicts import conflict_reason, eligible_assessors
from accreditation.models import ReconciledScore, Staff, TeamMember, VisitScore
from portal.notifications.models import Notification
from portal.workflow.engine import TransitionNotAllowed, perform
from registry.models import Employment, WorkerProfile

from .helpers import accepted, indicators, make_assessor, png, pdf, scheduled, score_all, specs

pytestmark = pytest.mark.django_db
XHR = {"HTTP_X_REQUESTED_WITH": "XMLHttpRequest"}


def test_conflicts_are_excluded_from_the_team_suggestions(make_user):
    accreditation, reviewer = accepted(make_user, name="LKSA Pelita Hati", legal_entity_name="Yayasan Pelita Hati")
    institution = accreditation.institution
    operator = institution.operators.get()
    operator.full_name, operator.email = "Budi Santoso", "budi.santoso@example.test"
    operator.save()
    WorkerProfile.objects.create(user=operator, full_name="Budi Santoso")
    Employment.objects.create(
        profile=operator.worker_profile, employer="Universitas Pasundan", position="Dosen", role_type="other",
        start_date=timezone.localdate() - timedelta(days=900), hours_per_week=10,
    )
    staff_user = make_user("assessor", full_name="Sri Wahyuni")
    staff_profile = WorkerProfile.objects.create(user=staff_user, full_name="Sri Wahyuni", nik="3273016506850002")
    Staff.objects.create(institution=institution, full_name="Sri Wahyuni", position="Pekerja sosial",
                         role="social_worker", worker=staff_profile)

    declared_foundation = make_assessor(make_user, declarations=[("institution", "YAYASAN  Pelita-Hati", "")])
    declared_operator = make_assessor(make_user, declarations=[("person", "Orang Lain", "Budi.Santoso@example.test")])
    declared_leader = make_assessor(make_user, declarations=[("person", "drs. agus salim", "")])
    same_institution = make_assessor(make_user, institution="LKSA Pelita Hati")
    colleague_of_operator = make_assessor(make_user, institution="Universitas Pasundan")
    from portal.regions.models import RegionalOffice
    from registry.models import AssessorProfile

    staff_assessor = AssessorProfile.objects.create(
        user=staff_user, institution="Universitas Indonesia", regional_office=RegionalOffice.objects.get(code="II"),
    )
    former_employee = make_assessor(make_user, institution="Universitas Gadjah Mada", office="III")
    WorkerProfile.objects.create(user=former_employee.user, full_name=former_employee.user.full_name)
    Employment.objects.create(
        profile=former_employee.user.worker_profile, employer="LKSA Pelita Hati", position="Relawan",
        role_type="volunteer", start_date=timezone.localdate() - timedelta(days=3000),
        end_date=timezone.localdate() - timedelta(days=2000), hours_per_week=8,
    )
    clean_far = make_assessor(make_user, institution="Universitas Hasanuddin", office="V")
    clean_near = make_assessor(make_user, institution="Universitas Padjadjaran", office="II")
    inactive = make_assessor(make_user, institution="Universitas Airlangga")
    inactive.is_active = False
    inactive.save()

    rows = eligible_assessors(institution)
    reasons = {a.pk: r for a, r in rows}
    assert inactive.pk not in reasons
    assert reasons[declared_foundation.pk] == "menyatakan konflik kepentingan dengan YAYASAN  Pelita-Hati"
    assert reasons[declared_operator.pk] == "menyatakan konflik kepentingan dengan Orang Lain"
    assert reasons[declared_leader.pk] == "menyatakan konflik kepentingan dengan drs. agus salim"
    assert reasons[same_institution.pk] == "berasal dari LKS ini"
    assert reasons[colleague_of_operator.pk] == "bekerja di lembaga yang sama dengan operator LKS ini"
    assert reasons[staff_assessor.pk] == "bekerja di LKS ini"
    assert reasons[former_employee.pk] == "pernah bekerja di LKS ini"
    assert reasons[clean_near.pk] is None and reasons[clean_far.pk] is None
    # Candidates first (the LKS's own regional office before others), conflicts last.
    order = [a.pk for a, _r in rows]
    assert order[:2] == [clean_near.pk, clean_far.pk]
    assert set(order[2:]) == {declared_foundation.pk, declared_operator.pk, declared_leader.pk, same_institution.pk,
                              colleague_of_operator.pk, staff_assessor.pk, former_employee.pk}
    # The registry's person rule agrees for the operator.
    assert declared_operator.conflicts_with(operator) and colleague_of_operator.conflicts_with(operator)
    assert not clean_near.conflicts_with(operator)
    assert conflict_reason(clean_near, institution) is None

    # The page shows them disabled; the service refuses them anyway.
    from tests.auth import Client

    client = Client()
    client.force_login(reviewer)
    html = client.get(f"/accreditation/{accreditation.pk}/visitation/").content.decode()
    assert f'value="{declared_foundation.pk}" id="assessor-{declared_foundation.pk}" disabled' in html
    assert f'value="{clean_near.pk}" id="assessor-{clean_near.pk}">' in html
    response = client.post(f"/accreditation/{accreditation.pk}/visitation/", {
        "date": (timezone.localdate() + timedelta(days=5)).isoformat(), "start_time": "09:00", "duration_hours": "6",
        "assessors": [clean_near.pk, declared_foundation.pk], "lead": clean_near.pk,
    })
    assert response.status_code == 200 and "Asesor yang tidak aktif atau memiliki konflik kepentingan dengan LKS ini tidak dapat dipilih." in response.content.decode()
    with pytest.raises(ValidationError) as error:
        services.schedule_visitation(
            reviewer, accreditation, date=timezone.localdate() + timedelta(days=5), start_time="09:00",
            duration_hours=6, notes="", assessors=[clean_near, declared_leader], lead=clean_near,
        )
    assert "menyatakan konflik kepentingan dengan drs. agus salim" in error.value.messages[0]


def test_scheduling_rules(client, make_user):
    accreditation, reviewer = accepted(make_user)
    one, two = make_assessor(make_user), make_assessor(make_user, institution="Universitas Brawijaya")
    client.force_login(reviewer)
    url = f"/accreditation/{accreditation.pk}/visitation/"
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    response = client.post(url, {"date": tomorrow, "start_time": "09:00", "duration_hours": "6", "assessors": [one.pk], "lead": one.pk})
    assert "Pilih sedikitnya 2 asesor." in response.content.decode()
    response = client.post(url, {"date": "2001-01-01", "start_time": "09:00", "duration_hours": "6", "assessors": [one.pk, two.pk], "lead": one.pk})
    assert "Tanggal kunjungan tidak boleh sudah lewat." in response.content.decode()
    three = make_assessor(make_user, institution="Universitas Udayana")
    response = client.post(url, {"date": tomorrow, "start_time": "09:00", "duration_hours": "6", "assessors": [one.pk, two.pk], "lead": three.pk})
    assert "Ketua tim harus salah satu anggota tim." in response.content.decode()
    accreditation.refresh_from_db()
    assert accreditation.status == "desk_accepted"
    response = client.post(url, {"date": tomorrow, "start_time": "08:30", "duration_hours": "5", "assessors": [one.pk, two.pk], "lead": two.pk, "notes": "Bawa KTP"})
    accreditation.refresh_from_db()
    visitation = accreditation.visitation
    assert response.status_code == 302 and response["Location"] == f"/visitations/{visitation.pk}/"
    assert accreditation.status == "visitation_scheduled"
    assert list(visitation.team.values_list("assessor_id", "is_lead")) == [(two.pk, True), (one.pk, False)]
    # Rescheduling: a new date, the calendars are updated (SEQUENCE 1) and everyone is told.
    later = (timezone.localdate() + timedelta(days=9)).isoformat()
    client.post(url, {"date": later, "start_time": "10:00", "duration_hours": "5", "assessors": [one.pk, two.pk], "lead": two.pk})
    visitation.refresh_from_db()
    assert (visitation.date.isoformat(), visitation.sequence) == (later, 1)
    operator = accreditation.institution.operators.get()
    assert Notification.objects.filter(recipient=operator, template="accreditation/visitation_updated").count() == 1
    assert Notification.objects.filter(recipient=one.user, template="accreditation/visitation_updated").count() == 1


def test_the_calendar_file(client, make_user):
    accreditation, visitation, team = scheduled(make_user)
    operator = accreditation.institution.operators.get()
    for user in (operator, team[0].user, team[1].user):
        client.force_login(user)
        response = client.get(f"/visitations/{visitation.pk}/calendar.ics")
        assert response.status_code == 200 and response["Content-Type"] == "text/calendar; charset=utf-8"
    text = response.content.decode()
    lines = text.split("\r\n")
    start = visitation.date.strftime("%Y%m%d") + "T020000Z"  # 09:00 in Jakarta
    assert "BEGIN:VCALENDAR" in lines and f"DTSTART:{start}" in lines and f"UID:visitation-{visitation.pk}@127.0.0.1" in lines
    assert "SEQUENCE:0" in lines and "SUMMARY:Visitasi akreditasi: LKSA Pelita Hati" in lines
    assert sum(1 for line in lines if line.startswith("ATTENDEE;")) == 2
    assert all(len(line.encode()) <= 75 for line in lines)
    unfolded = text.replace("\r\n ", "")
    assert "TRIGGER:-P1D" in unfolded and "ACTION:DISPLAY" in unfolded
    assert "Tim asesor: " in unfolded and "(ketua)" in unfolded
    client.cookies["portal_language"] = "en"
    english = client.get(f"/visitations/{visitation.pk}/calendar.ics").content.decode().replace("\r\n ", "")
    assert "SUMMARY:Accreditation visitation: LKSA Pelita Hati" in english and "Assessor team: " in english
    client.force_login(make_user("assessor"))
    assert client.get(f"/visitations/{visitation.pk}/calendar.ics").status_code == 404


def test_scores_are_saved_as_they_are_given(client, make_user):
    accreditation, visitation, team = scheduled(make_user)
    assessor = team[1]
    indicator = indicators(accreditation)[0]
    client.force_login(assessor.user)
    url = f"/visitations/{visitation.pk}/score/{indicator.pk}/"
    data = json.loads(client.post(url, {"score": "3", "at": "1000"}, **XHR).content)
    assert (data["ok"], data["applied"], data["done"], data["total"]) == (True, True, 1, 28)
    client.post(url, {"note": "Dokumen visi ada di ruang kepala.", "at": "2000"}, **XHR)
    row = VisitScore.objects.get(visitation=visitation, assessor=assessor, indicator=indicator)
    assert (row.score, row.note, row.score_at, row.note_at) == (3, "Dokumen visi ada di ruang kepala.", 1000, 2000)
    # A late replay from the phone's queue (older than what is stored) changes nothing…
    data = json.loads(client.post(url, {"score": "1", "at": "900"}, **XHR).content)
    assert data["applied"] is False
    row.refresh_from_db()
    assert row.score == 3
    # …a newer answer does, and the note given earlier stays.
    client.post(url, {"score": "4", "at": "3000"}, **XHR)
    row.refresh_from_db()
    assert (row.score, row.note) == (4, "Dokumen visi ada di ruang kepala.")
    # Bad input: refused with a message, nothing changes.
    response = client.post(url, {"score": "9", "at": "4000"}, **XHR)
    assert response.status_code == 400 and json.loads(response.content)["error"] == "Pilih skor dari 1 sampai 4."
    response = client.post(url, {"score": "na", "at": "4000"}, **XHR)
    assert json.loads(response.content)["error"] == "Indikator ini berlaku bagi setiap LKS; berikan skor."
    row.refresh_from_db()
    assert row.score == 4
    # Without JavaScript the plain form saves both and comes back to the card.
    response = client.post(url, {"score": "2", "note": "Diperbaiki."})
    assert response.status_code == 302 and response["Location"].endswith(f"#indicator-{indicator.pk}")
    row.refresh_from_db()
    assert (row.score, row.note) == (2, "Diperbaiki.")
    # The other assessor's scores are separate.
    assert not VisitScore.objects.filter(assessor=team[0]).exists()


def test_not_applicable_on_site(make_user):
    accreditation, visitation, team = scheduled(make_user)
    indicator = next(i for s, i in zip(specs(accreditation), indicators(accreditation)) if s["allows_na"])
    row, applied = services.save_visit_score(team[0].user, visitation, indicator, score=2, at=1)
    row, applied = services.save_visit_score(team[0].user, visitation, indicator, not_applicable=True, at=2)
    assert (row.score, row.not_applicable, applied) == (None, True, True)


def test_photos_per_indicator(client, make_user):
    accreditation, visitation, team = scheduled(make_user)
    indicator = indicators(accreditation)[20]
    client.force_login(team[0].user)
    url = f"/visitations/{visitation.pk}/score/{indicator.pk}/photo/"
    response = client.post(url, {f"e{indicator.pk}-file": png("ruang-tidur.png")}, **XHR)
    data = json.loads(response.content)
    assert data["ok"] and data["name"] == "ruang-tidur.png"
    assert client.get(data["url"]).status_code == 200
    response = client.post(url, {f"e{indicator.pk}-file": pdf("bukan-foto.pdf")}, **XHR)
    assert response.status_code == 400 and "JPEG atau PNG" in json.loads(response.content)["error"]
    row = VisitScore.objects.get(assessor=team[0], indicator=indicator)
    assert row.photos.count() == 1
    # The LKS does not see the team's photos; the other assessor does.
    photo = row.photos.get().document
    client.force_login(accreditation.institution.operators.get())
    assert client.get(f"/documents/{photo.pk}/").status_code == 404
    client.force_login(team[1].user)
    assert client.get(f"/documents/{photo.pk}/").status_code == 200


def test_submit_reconcile_and_complete(client, make_user):
    accreditation, visitation, team = scheduled(make_user)
    lead, member = team
    with pytest.raises(services.AccreditationError) as error:
        services.submit_scores(member.user, visitation)
    assert str(error.value).startswith("Beri skor semua indikator terlebih dahulu; belum: 1.1, 1.2")
    score_all(visitation, lead, 3)
    with pytest.raises(services.AccreditationError):
        services.reconcile(lead.user, visitation, {})  # the member has not submitted
    score_all(visitation, member, lambda code: 4 if code in ("1.1", "2.2") else 3, not_applicable=("5.2",))

    client.force_login(member.user)
    assert client.get(f"/visitations/{visitation.pk}/reconcile/").status_code == 403
    client.force_login(lead.user)
    response = client.get(f"/visitations/{visitation.pk}/reconcile/")
    html = response.content.decode()
    assert html.count('data-agreed="no"') == 3 and html.count('data-agreed="yes"') == 25
    with pytest.raises(TransitionNotAllowed) as error:
        perform(accreditation, "complete_visitation", lead.user)
    assert "Rekonsiliasi semua indikator terlebih dahulu" in str(error.value)

    # The lead settles: agreed indicators come pre-filled; the three differences need a choice.
    form = {}
    for spec, indicator in zip(specs(accreditation), indicators(accreditation)):
        form[f"score_{indicator.pk}"] = "3"
        form[f"note_{indicator.pk}"] = ""
    missing = dict(form)
    missing.pop(f"score_{indicators(accreditation)[0].pk}")
    response = client.post(f"/visitations/{visitation.pk}/reconcile/", missing)
    assert response.status_code == 200 and "Pilih skor tim untuk setiap indikator." in response.content.decode()
    na_id = next(i.pk for s, i in zip(specs(accreditation), indicators(accreditation)) if s["code"] == "5.2")
    form[f"score_{na_id}"] = "na"
    form[f"score_{indicators(accreditation)[0].pk}"] = "4"
    form[f"note_{indicators(accreditation)[0].pk}"] = "Visi misi dipajang dan dipahami staf."
    response = client.post(f"/visitations/{visitation.pk}/reconcile/", form)
    assert response.status_code == 302
    assert ReconciledScore.objects.filter(visitation=visitation).count() == 28
    visitation.refresh_from_db()
    assert visitation.reconciled_by == lead.user

    client.post(f"/visitations/{visitation.pk}/complete/")
    accreditation.refresh_from_db()
    assert accreditation.status == "visited"
    # (27 × 3 − one 3 + one 4) with 5.2 left out: weights 97 applicable.
    from decimal import Decimal

    assert accreditation.score == Decimal("75.77") and accreditation.suggested_grade == "B"
    assert accreditation.result["standards"][4]["not_applicable"] == 1
    # Closed: no more scores.
    with pytest.raises(services.AccreditationError):
        services.save_visit_score(lead.user, visitation, indicators(accreditation)[0], score=1)


def test_a_member_with_scores_cannot_leave_the_team(make_user):
    accreditation, visitation, team = scheduled(make_user)
    services.save_visit_score(team[1].user, visitation, indicators(accreditation)[0], score=3)
    reviewer = make_user("secretariat", regional_office=accreditation.regional_office)
    replacement = make_assessor(make_user, institution="Universitas Lampung")
    with pytest.raises(services.AccreditationError):
        services.schedule_visitation(
            reviewer, accreditation, date=visitation.date, start_time="09:00", duration_hours=6, notes="",
            assessors=[team[0], replacement], lead=team[0],
        )
    assert set(TeamMember.objects.filter(visitation=visitation).values_list("assessor_id", flat=True)) == {a.pk for a in team}


def test_the_scoring_page_on_a_phone(client, make_user):
    accreditation, visitation, team = scheduled(make_user)
    client.force_login(team[1].user)
    html = client.get(f"/visitations/{visitation.pk}/score/").content.decode()
    assert html.count('class="card mb-3 acc-score-card"') == 28
    assert 'capture="environment"' in html and "data-autosave" in html
    assert "style=" not in html and "<script>" not in html
