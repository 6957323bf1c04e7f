"""The plenary decision (confirm or override with a reason, audited), the credential with validity by
grade, the public register and /verify/, reminders to re-apply."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from accreditation import services
from accreditation.models import Accreditation, Institution, RenewalReminder
from portal.audit.models import AuditEvent
from portal.credentials.models import Credential
from portal.credentials.services import add_years, revoke_credential
from portal.notifications.models import Notification
from portal.workflow.engine import TransitionNotAllowed, perform

from .helpers import make_institution, visited

pytestmark = pytest.mark.django_db


def certified(make_user, balks_admin, score=3, grade=None, **kwargs):
    accreditation, _visitation, _team = visited(make_user, score, **kwargs)
    services.decide(balks_admin, accreditation, grade or accreditation.suggested_grade, "" if grade is None else "Alasan pleno")
    perform(accreditation, "certify", balks_admin)
    accreditation.refresh_from_db()
    return accreditation


def test_the_plenary_confirms_the_suggested_grade_and_the_credential_is_issued(client, make_user, balks_admin):
    accreditation, _visitation, _team = visited(make_user, 3)
    assert (accreditation.score, accreditation.suggested_grade) == (Decimal("75.00"), "B")
    client.force_login(balks_admin)
    html = client.get(f"/accreditation/{accreditation.pk}/decision/").content.decode()
    assert 'data-testid="computed-score">75,00<' in html and 'data-testid="suggested-grade">B (Baik)<' in html
    response = client.post(f"/accreditation/{accreditation.pk}/decision/", {"grade": "B", "reason": ""})
    assert response.status_code == 302
    accreditation.refresh_from_db()
    assert (accreditation.status, accreditation.grade, accreditation.grade_reason) == ("decided", "B", "")
    assert accreditation.decided_by == balks_admin
    assert not AuditEvent.objects.filter(action="accreditation.grade_override").exists()

    client.post(f"/accreditation/{accreditation.pk}/certify/")
    accreditation.refresh_from_db()
    credential = accreditation.credential
    today = timezone.localdate()
    assert accreditation.status == "certified"
    assert (credential.kind, credential.source, credential.holder, credential.holder_name) == (
        "lks", f"accreditation:{accreditation.pk}", None, "LKSA Pelita Hati",
    )
    assert (credential.subject, credential.subject_code, credential.issuer) == ("Terakreditasi B (Baik)", "B", "BALKS")
    assert credential.province.code == "32"
    assert credential.valid_until == add_years(today, 3) - timedelta(days=1)
    assert credential.number.startswith(f"LKS-B-{today.year}-")
    institution = accreditation.institution
    institution.refresh_from_db()
    assert (institution.grade, institution.accredited_until, institution.current_accreditation_id) == (
        "B", credential.valid_until, accreditation.pk,
    )
    # Public verification, no login.
    client.logout()
    page = client.get(f"/verify/{credential.number}/").content.decode()
    assert "LKSA Pelita Hati" in page and "Terakreditasi B (Baik)" in page
    assert f"{credential.valid_until.day} " in page and str(credential.valid_until.year) in page
    # Certifying twice is refused; the credential is issued once.
    with pytest.raises(TransitionNotAllowed):
        perform(accreditation, "certify", balks_admin)
    assert Credential.objects.filter(source=f"accreditation:{accreditation.pk}").count() == 1


def test_an_override_needs_a_reason_and_is_audited(client, make_user, balks_admin):
    accreditation, _visitation, _team = visited(make_user, 3)
    client.force_login(balks_admin)
    response = client.post(f"/accreditation/{accreditation.pk}/decision/", {"grade": "A", "reason": "  "})
    assert response.status_code == 200
    assert "Mengubah peringkat yang disarankan memerlukan alasan." in response.content.decode()
    accreditation.refresh_from_db()
    assert accreditation.status == "visited"
    with pytest.raises(ValidationError):
        services.decide(balks_admin, accreditation, "A", "")
    client.post(f"/accreditation/{accreditation.pk}/decision/", {"grade": "C", "reason": "Temuan pelanggaran hak anak saat visitasi."})
    accreditation.refresh_from_db()
    assert (accreditation.grade, accreditation.suggested_grade, accreditation.grade_overridden) == ("C", "B", True)
    event = AuditEvent.objects.get(action="accreditation.grade_override")
    assert (event.actor, event.before, event.after, event.note) == (
        balks_admin, {"suggested_grade": "B", "score": "75.00"}, {"grade": "C"}, "Temuan pelanggaran hak anak saat visitasi.",
    )
    decided = AuditEvent.objects.get(action="accreditation.decide")
    assert decided.note == "Temuan pelanggaran hak anak saat visitasi."
    perform(accreditation, "certify", balks_admin)
    accreditation.refresh_from_db()
    assert accreditation.credential.valid_until == add_years(timezone.localdate(), 2) - timedelta(days=1)


@pytest.mark.parametrize("score, grade, years", [(4, "A", 5), (3, "B", 3)])
def test_validity_follows_the_grade(make_user, balks_admin, score, grade, years):
    accreditation = certified(make_user, balks_admin, score)
    assert accreditation.grade == grade
    assert accreditation.credential.valid_until == add_years(timezone.localdate(), years) - timedelta(days=1)


def test_not_accredited_gets_no_certificate(make_user, balks_admin):
    accreditation, _visitation, _team = visited(make_user, 2)
    assert (accreditation.score, accreditation.suggested_grade) == (Decimal("50.00"), "X")
    services.decide(balks_admin, accreditation, "X")
    with pytest.raises(TransitionNotAllowed) as error:
        perform(accreditation, "certify", balks_admin)
    assert str(error.value) == "LKS yang tidak terakreditasi tidak mendapat sertifikat."
    assert not Credential.objects.exists()
    # A new accreditation may start right away.
    institution = accreditation.institution
    assert services.start_accreditation(institution.operators.get(), institution).pk != accreditation.pk


def test_only_balks_admins_decide(client, make_user, balks_admin):
    accreditation, _visitation, team = visited(make_user, 3)
    desk = make_user("secretariat", regional_office=accreditation.regional_office)
    client.force_login(desk)
    assert client.get(f"/accreditation/{accreditation.pk}/decision/").status_code == 404
    with pytest.raises(Exception):
        services.decide(desk, accreditation, "B")
    client.force_login(team[0].user)
    assert client.get(f"/accreditation/{accreditation.pk}/decision/").status_code == 404
    assert client.get("/accreditation/plenary/").status_code == 404
    client.force_login(balks_admin)
    assert "LKSA Pelita Hati" in client.get("/accreditation/plenary/").content.decode()


def test_the_public_register(client, make_user, balks_admin):
    children = certified(make_user, balks_admin, 4, name="LKSA Tunas Harapan", province="32")
    elderly = certified(make_user, balks_admin, 3, name="LKSLU Wreda Asih", province="35", fields=("elderly",))
    certified(make_user, balks_admin, 3, name="LKSA Dicabut", province="32")
    revoke_credential(Credential.objects.get(holder_name="LKSA Dicabut"), actor=balks_admin, reason="Izin dicabut")
    visited(make_user, 3, name="LKSA Belum Diputus")
    response = client.get("/lks/accredited/")
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count('data-testid="accredited-lks"') == 2
    assert "LKSA Tunas Harapan" in html and "LKSLU Wreda Asih" in html
    assert "LKSA Dicabut" not in html and "LKSA Belum Diputus" not in html
    assert children.credential.number in html
    for private in ("0227201234", "012345678901000", "Jl. Merdeka", "Drs. Agus Salim", "@example.test"):
        assert private not in html
    html = client.get("/lks/accredited/", {"service": "elderly"}).content.decode()
    assert "LKSLU Wreda Asih" in html and "LKSA Tunas Harapan" not in html
    from portal.regions.models import Province

    html = client.get("/lks/accredited/", {"province": Province.objects.get(code="32").pk}).content.decode()
    assert "LKSA Tunas Harapan" in html and "LKSLU Wreda Asih" not in html
    html = client.get("/lks/accredited/", {"q": "wreda"}).content.decode()
    assert "LKSLU Wreda Asih" in html and "LKSA Tunas Harapan" not in html
    assert client.get("/lks/accredited/", {"province": "abc", "service": "x" * 300}).status_code == 200
    assert elderly.institution.name == "LKSLU Wreda Asih"


def test_the_public_register_is_rate_limited(client, settings):
    settings.PUBLIC_RATE_LIMIT = "3/m"
    statuses = [client.get("/lks/accredited/").status_code for _ in range(5)]
    assert statuses == [200, 200, 200, 429, 429]


def test_reminders_to_reapply(make_user, balks_admin):
    accreditation = certified(make_user, balks_admin, 3)
    operator = accreditation.institution.operators.get()
    until = accreditation.credential.valid_until
    assert services.send_renewal_reminders(today=until - timedelta(days=400)) == 0
    # A run 170 days before: the 365 and 180 thresholds have passed; one reminder (the nearest).
    assert services.send_renewal_reminders(today=until - timedelta(days=170)) == 1
    assert set(RenewalReminder.objects.values_list("days_before", flat=True)) == {365, 180}
    assert services.send_renewal_reminders(today=until - timedelta(days=160)) == 0
    reminders = Notification.objects.filter(recipient=operator, template="accreditation/renewal_reminder")
    assert reminders.count() == 1
    assert "170 hari lagi" in reminders.get().body
    # Once the LKS has re-applied, no more reminders.
    institution = accreditation.institution
    services.start_accreditation(operator, institution)
    assert services.send_renewal_reminders(today=until - timedelta(days=80)) == 0
    assert reminders.count() == 1


def test_the_daily_reminder_is_on_celery_beats_schedule():
    from portal.celery import app

    entry = app.conf.beat_schedule["accreditation-renewal-reminders"]
    assert entry["task"] == "accreditation.tasks.send_renewal_reminders"
    from accreditation.tasks import send_renewal_reminders

    assert send_renewal_reminders() == 0


def test_the_certificate_pdf_for_the_lks(client, make_user, balks_admin):
    accreditation = certified(make_user, balks_admin, 3)
    operator = accreditation.institution.operators.get()
    client.force_login(operator)
    response = client.get(f"/accreditation/{accreditation.pk}/certificate.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    other = make_user("lks_operator")
    make_institution(other, name="LKS Lain")
    client.force_login(other)
    assert client.get(f"/accreditation/{accreditation.pk}/certificate.pdf").status_code == 404


def test_one_open_accreditation_per_lks(make_user):
    operator = make_user("lks_operator")
    institution = make_institution(operator)
    first = services.start_accreditation(operator, institution)
    assert services.start_accreditation(operator, institution) == first
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Accreditation.objects.create(institution=institution, instrument=first.instrument, snapshot={}, created_by=operator)
    assert Institution.objects.count() == 1 and date.today()
