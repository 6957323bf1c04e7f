"""Issue 17 item 4: the data protection officer's access log and breach register (UU 27/2022 Pasal
46): the 3×24-hour clock with its reminders (each once, overdue daily), the people affected found in
the audit trail (exactly those whose records the events touched), the notice sent once to each in
their language, the status through the workflow engine, and nobody but the officer sees any of it."""

from datetime import timedelta

import pytest
from django.utils import timezone, translation

from certification.models import Application
from portal.accounts.roles import Role
from portal.audit.models import AuditEvent
from portal.audit.services import record
from portal.documents.services import audit_download, store_upload
from portal.notifications.models import Notification
from portal.privacy import breach_services as breaches
from portal.privacy.models import AffectedPerson, AffectedSource, Breach, BreachStatus
from portal.workflow.engine import TransitionNotAllowed, perform
from registry.models import WorkerProfile
from registry.services import record_profile_view
from tests.assessment.helpers import region_secretariat
from tests.certification.helpers import make_worker, submitted_application
from tests.registry.helpers import pdf_upload

pytestmark = pytest.mark.django_db

INCIDENT = {
    "title": "Akun sekretariat dipakai orang lain",
    "description": "Kata sandi seorang staf sekretariat bocor; akunnya membuka profil pekerja sosial.",
    "categories": ["identity", "contact"],
    "subjects_description": "Pekerja sosial Jawa Barat yang profilnya dibuka, sekitar 20 orang.",
    "occurred_from": None,
    "occurred_until": None,
    "discovery": "Staf melaporkan sesi masuk yang tidak dikenalnya.",
    "measures": "Kata sandi diganti, semua sesi diakhiri, akun diamankan dengan TOTP baru.",
}


def a_breach(officer, *, hours_ago=1, **changes):
    return breaches.record_breach(officer, {**INCIDENT, "discovered_at": timezone.now() - timedelta(hours=hours_ago),
                                            **changes})


def form_data(**changes):
    data = {**INCIDENT, "categories": INCIDENT["categories"], "occurred_from": "", "occurred_until": "",
            "discovered_at": (timezone.localtime() - timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M")}
    data.update(changes)
    return data


# ---- the clock and the reminders ----------------------------------------------------------------

def test_the_clock_runs_from_the_discovery(make_user, settings):
    officer = make_user(Role.DPO)
    breach = a_breach(officer, hours_ago=10)
    assert breach.due_at == breach.discovered_at + timedelta(hours=72)
    assert breach.reference == f"INS-{breach.created_at:%Y}-{breach.pk:06d}"
    assert breach.overdue is False
    settings.BREACH_NOTIFY_HOURS = 8
    breach.save()
    assert breach.due_at == breach.discovered_at + timedelta(hours=8)
    assert breach.overdue is True


def reminders(breach):
    return sorted(Notification.objects.filter(template="privacy/breach_reminder", key__startswith=f"privacy-breach-{breach.pk}-")
                  .values_list("key", flat=True))


def test_reminders_24_and_6_hours_before_and_daily_when_overdue_each_once(make_user):
    officers = [make_user(Role.DPO), make_user(Role.DPO)]
    make_user(Role.DPO, is_active=False)
    breach = a_breach(officers[0], hours_ago=40)
    now = timezone.now()
    assert breaches.remind(now) == 0  # 32 hours left
    assert breaches.remind(now + timedelta(hours=9)) == 1  # 23 hours left
    assert breaches.remind(now + timedelta(hours=10)) == 0
    assert reminders(breach) == sorted(f"privacy-breach-{breach.pk}-24h-{o.pk}" for o in officers)
    assert breaches.remind(now + timedelta(hours=27)) == 1  # 5 hours left
    assert breaches.remind(now + timedelta(hours=28)) == 0
    late = now + timedelta(hours=33)
    assert breaches.remind(late) == 1
    assert breaches.remind(late + timedelta(hours=1)) in (0, 1)  # the same Jakarta day, unless midnight passed
    next_day = late + timedelta(days=1)
    assert breaches.remind(next_day) == 1
    assert breaches.remind(next_day) == 0
    breach.refresh_from_db()
    days = sorted({s for s in breach.reminders if s.startswith("overdue-")})
    assert days[-1] == f"overdue-{timezone.localdate(next_day).isoformat()}"
    assert {"24h", "6h"} <= set(breach.reminders)
    assert len(reminders(breach)) == 2 * len(breach.reminders)
    assert Notification.objects.filter(template="privacy/breach_reminder").exclude(recipient__in=officers).count() == 0


def test_a_late_record_gets_only_the_most_urgent_reminder_and_a_notified_breach_none(make_user):
    officer = make_user(Role.DPO)
    late = a_breach(officer, hours_ago=70)
    notified = a_breach(officer, hours_ago=70)
    Breach.objects.filter(pk=notified.pk).update(status=BreachStatus.NOTIFIED)
    assert breaches.remind() == 1
    late.refresh_from_db()
    assert late.reminders == ["6h", "24h"]
    assert reminders(late) == [f"privacy-breach-{late.pk}-6h-{officer.pk}"]
    assert reminders(notified) == []
    assert breaches.remind() == 0


# ---- who sees it --------------------------------------------------------------------------------

@pytest.mark.parametrize("role", [r for r in Role.values])
def test_only_the_officer_sees_the_register_and_the_access_log(make_user, client, role):
    breach = a_breach(make_user(Role.DPO))
    user = make_user(role)
    client.force_login(user)
    pages = ["/privacy/breaches/", "/privacy/breaches/new/", f"/privacy/breaches/{breach.pk}/",
             f"/privacy/breaches/{breach.pk}/edit/", "/privacy/access-log/"]
    expected = 200 if role == Role.DPO else 404
    assert [client.get(url).status_code for url in pages] == [expected] * len(pages)
    posts = [f"/privacy/breaches/{breach.pk}/send/", f"/privacy/breaches/{breach.pk}/do/notify/",
             f"/privacy/breaches/{breach.pk}/people/"]
    if role != Role.DPO:
        assert [client.post(url, {"email": user.email}).status_code for url in posts] == [404] * len(posts)
        assert breach.affected.count() == 0


def test_anonymous_visitors_are_sent_to_sign_in(client):
    assert client.get("/privacy/breaches/").status_code == 302
    assert client.get("/privacy/access-log/").status_code == 302


# ---- the people affected, from the audit trail --------------------------------------------------

@pytest.fixture
def touched(make_user):
    """A misused secretariat account opened two people's data; another account opened a third's;
    an assessor opened a document of a fourth's application; the misused account also exported a
    search (no one person) and opened a profile before the window."""
    misused = region_secretariat(make_user)
    other = region_secretariat(make_user)
    before = make_worker(make_user, full_name="Sebelum Jendela")
    record_profile_view(misused, WorkerProfile.objects.get(user=before))
    since = timezone.now()
    opened = make_worker(make_user, full_name="Ani Profil")
    record_profile_view(misused, WorkerProfile.objects.get(user=opened))
    record_profile_view(misused, WorkerProfile.objects.get(user=opened))  # twice: one person
    owner = make_worker(make_user, full_name="Budi Dokumen")
    audit_download(misused, store_upload(owner, pdf_upload("ijazah.pdf")), None)
    record(misused, "registry.workers.export", None, after={"filters": {}})
    by_other = make_worker(make_user, full_name="Citra Lain")
    record_profile_view(other, WorkerProfile.objects.get(user=by_other))
    application = submitted_application(make_user, full_name="Dewi Lamaran")
    record(make_user(Role.ASSESSOR), "assessment.document_view", Application.objects.get(pk=application.pk))
    until = timezone.now() + timedelta(seconds=1)
    return {"misused": misused, "since": since, "until": until, "opened": opened, "owner": owner,
            "by_other": by_other, "applicant": application.applicant, "before": before}


def test_the_people_a_misused_account_touched_and_nobody_else(touched):
    result = breaches.trace(since=touched["since"], until=touched["until"], actor=touched["misused"])
    assert sorted(result.person_ids) == sorted([touched["opened"].pk, touched["owner"].pk])
    assert (result.events, result.people, result.untraced) == (4, 2, 1)
    assert [p.full_name for p in result.preview] == ["Ani Profil", "Budi Dokumen"]


def test_the_people_touched_by_kinds_of_action(touched):
    result = breaches.trace(since=touched["since"], until=touched["until"], actions=["assessment.document_view"])
    assert result.person_ids == [touched["applicant"].pk]
    both = breaches.trace(since=touched["since"], until=touched["until"], actor=touched["misused"],
                          actions=["registry.profile.view"])
    assert both.person_ids == [touched["opened"].pk]
    everyone = breaches.trace(since=touched["since"], until=touched["until"], actions=["registry.profile.view"])
    assert sorted(everyone.person_ids) == sorted([touched["opened"].pk, touched["by_other"].pk])


def test_the_officer_previews_then_adds_the_people_found(make_user, client, touched):
    officer = make_user(Role.DPO)
    breach = a_breach(officer)
    client.force_login(officer)
    params = {"actor": touched["misused"].email.upper(), "since": timezone.localtime(touched["since"]).strftime("%Y-%m-%dT%H:%M"),
              "until": timezone.localtime(touched["until"] + timedelta(minutes=1)).strftime("%Y-%m-%dT%H:%M")}
    with translation.override("en"):
        preview = client.get(f"/privacy/breaches/{breach.pk}/trace/", params, HTTP_ACCEPT_LANGUAGE="en")
    html = preview.content.decode()
    assert preview.status_code == 200
    # The form's window is to the minute: the view just before `since` is in it too.
    assert "Ani Profil" in html and "Budi Dokumen" in html and "Sebelum Jendela" in html
    assert "Citra Lain" not in html and "Dewi Lamaran" not in html
    assert AffectedPerson.objects.filter(breach=breach).count() == 0
    response = client.post(f"/privacy/breaches/{breach.pk}/trace/", params)
    assert response.status_code == 302
    rows = AffectedPerson.objects.filter(breach=breach)
    assert sorted(rows.values_list("person_id", "source")) == sorted(
        (touched[key].pk, AffectedSource.AUDIT) for key in ("opened", "owner", "before"))
    client.post(f"/privacy/breaches/{breach.pk}/trace/", params)  # again: nobody twice
    assert rows.count() == 3
    assert AuditEvent.objects.filter(action="breach.affected_audit", object_id=str(breach.pk)).count() == 2


def test_people_added_and_removed_by_hand(make_user, client):
    officer = make_user(Role.DPO)
    breach = a_breach(officer)
    person = make_user(Role.APPLICANT, email="siti@example.test")
    client.force_login(officer)
    assert client.post(f"/privacy/breaches/{breach.pk}/people/", {"email": "SITI@example.test"}).status_code == 302
    [row] = breach.affected.all()
    assert (row.person, row.source) == (person, AffectedSource.MANUAL)
    response = client.post(f"/privacy/breaches/{breach.pk}/people/", {"email": "nobody@example.test"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Tidak ada akun dengan alamat e-mail ini." in html and 'value="nobody@example.test"' in html
    assert client.post(f"/privacy/breaches/{breach.pk}/people/{row.pk}/remove/").status_code == 302
    assert breach.affected.count() == 0


# ---- the notice ---------------------------------------------------------------------------------

def test_the_notice_is_prepared_in_both_languages_from_the_incident(make_user):
    officer = make_user(Role.DPO, full_name="Maya Putri", email="dpo@kemensos.example")
    breach = a_breach(officer)
    assert breach.reference in breach.notice_id and breach.reference in breach.notice_en
    for text in (breach.notice_id, breach.notice_en):
        assert INCIDENT["description"] in text and INCIDENT["measures"] in text
        assert "Maya Putri" in text and "dpo@kemensos.example" in text
    assert "Data Anda yang terlibat: Identitas, termasuk NIK, Data kontak." in breach.notice_id
    assert "Which of your data: Identity, including the NIK, Contact details." in breach.notice_en
    assert "&" not in breach.notice_id.replace("&", "")  # plain text, no HTML escapes
    assert "&#x27;" not in breach.notice_en


def test_the_notice_goes_once_to_each_person_in_their_language(make_user):
    officer = make_user(Role.DPO)
    breach = a_breach(officer)
    breaches.save_notice(officer, breach, "Pemberitahuan: data Anda terdampak.", "Notice: your data was affected.")
    ani = make_user(Role.APPLICANT, language="id")
    bob = make_user(Role.APPLICANT, language="en")
    breaches.add_person(officer, breach, ani)
    breaches.add_person(officer, breach, bob)
    assert breaches.send_notice(officer, breach) == 2
    assert breaches.send_notice(officer, breach) == 0
    notices = Notification.objects.filter(template="privacy/breach_notice")
    assert sorted(notices.values_list("recipient_id", "key")) == sorted(
        [(ani.pk, f"privacy-breach-{breach.pk}-{ani.pk}"), (bob.pk, f"privacy-breach-{breach.pk}-{bob.pk}")])
    assert "Pemberitahuan: data Anda terdampak." in notices.get(recipient=ani).body
    assert "Notice: your data was affected." in notices.get(recipient=bob).body
    assert "Notice: your data" not in notices.get(recipient=ani).body
    assert breach.affected.filter(notified_at=None).count() == 0
    later = make_user(Role.APPLICANT)
    breaches.add_person(officer, breach, later)
    assert breaches.send_notice(officer, breach) == 1
    assert notices.count() == 3
    # removed and added again after being told: never told twice
    AffectedPerson.objects.filter(breach=breach, person=later).delete()
    breaches.add_person(officer, breach, later)
    breaches.send_notice(officer, breach)
    assert notices.filter(recipient=later).count() == 1
    breach.refresh_from_db()
    assert breach.subjects_notified_at is not None


def test_the_status_says_what_is_missing_then_moves(make_user):
    officer = make_user(Role.DPO)
    breach = a_breach(officer)
    with translation.override("en"), pytest.raises(TransitionNotAllowed) as refused:
        perform(breach, "notify", officer)
    assert str(refused.value) == (
        "Still missing: the date the authority was notified; the people affected (nobody is listed).")
    breaches.add_person(officer, breach, make_user(Role.APPLICANT))
    breaches.record_authority(officer, breach, timezone.now(), "Surat No. 12/PDP/2026 ke lembaga PDP")
    with translation.override("en"), pytest.raises(TransitionNotAllowed) as refused:
        perform(breach, "notify", officer)
    assert str(refused.value) == "Still missing: the notice to 1 people affected, not yet sent."
    breaches.send_notice(officer, breach)
    perform(breach, "notify", officer)
    assert breach.status == BreachStatus.NOTIFIED
    with pytest.raises(TransitionNotAllowed):
        perform(breach, "close", officer)  # a note is required
    perform(breach, "close", officer, note="Sistem dipulihkan; audit keamanan selesai.")
    assert breach.status == BreachStatus.CLOSED and breach.closed_at is not None
    assert list(AuditEvent.objects.for_object(breach).order_by("id").values_list("action", flat=True)) == [
        "breach.record", "breach.affected_add", "breach.authority", "breach.notice_sent", "breach.notify", "breach.close"]
    assert breaches.remind(timezone.now() + timedelta(days=5)) == 0


# ---- bad input ----------------------------------------------------------------------------------

def test_bad_input_is_explained_beside_the_field_and_kept(make_user, client):
    officer = make_user(Role.DPO)
    client.force_login(officer)
    future = (timezone.localtime() + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    response = client.post("/privacy/breaches/new/", form_data(discovered_at=future, title="Laptop hilang"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Ini di masa depan." in html and 'value="Laptop hilang"' in html and f'value="{future}"' in html
    response = client.post("/privacy/breaches/new/", form_data(discovered_at="31/31/2026", categories=[]))
    assert response.status_code == 200 and Breach.objects.count() == 0
    response = client.post("/privacy/breaches/new/", form_data(discovered_at="0001-01-01T00:00"))
    assert response.status_code == 200 and Breach.objects.count() == 0
    assert client.post("/privacy/breaches/new/", form_data()).status_code == 302
    breach = Breach.objects.get()
    assert breach.categories == ["identity", "contact"]
    response = client.get(f"/privacy/breaches/{breach.pk}/trace/", {"actor": "nobody@example.test", "since": "x"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Tidak ada akun dengan alamat e-mail ini." in html and 'value="nobody@example.test"' in html
    response = client.post(f"/privacy/breaches/{breach.pk}/authority/", {"authority_notified_at": future,
                                                                        "authority_note": "Surat 12"})
    assert response.status_code == 200 and "Ini di masa depan." in response.content.decode()
    response = client.post(f"/privacy/breaches/{breach.pk}/do/dismiss/", {"note": ""})
    assert response.status_code == 200 and 'data-testid="transition-error"' in response.content.decode()
    response = client.post(f"/privacy/breaches/{breach.pk}/do/notify/")
    assert response.status_code == 200 and "Masih kurang:" in response.content.decode()
    assert client.post(f"/privacy/breaches/{breach.pk}/do/nonsense/").status_code == 200


# ---- the access log -----------------------------------------------------------------------------

def test_the_access_log_lists_accesses_only_and_filters_them(make_user, client, touched):
    officer = make_user(Role.DPO)
    a_breach(officer)  # breach.record: not an access
    client.force_login(officer)
    html = client.get("/privacy/access-log/").content.decode()
    assert html.count("<tr>") - 1 == AuditEvent.objects.filter(
        action__in=["registry.profile.view", "document.view", "registry.workers.export", "assessment.document_view"]).count() == 7
    mine = client.get("/privacy/access-log/", {"actor": touched["misused"].email}).content.decode()
    assert mine.count("<tr>") - 1 == 5
    theirs = client.get("/privacy/access-log/", {"person": touched["opened"].email}).content.decode()
    assert theirs.count("<tr>") - 1 == 2
    kind = client.get("/privacy/access-log/", {"action": "document.view"}).content.decode()
    assert kind.count("<tr>") - 1 == 1
    today = timezone.localdate().isoformat()
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    assert client.get("/privacy/access-log/", {"since": today}).content.decode().count("<tr>") - 1 == 7
    assert "Tidak ada akses yang cocok." in client.get("/privacy/access-log/", {"since": tomorrow}).content.decode()
    assert client.get("/privacy/access-log/", {"since": "0001-01-01", "until": "9999-12-31"}).status_code == 200


def test_the_lists_ask_a_bounded_number_of_queries(make_user, client, django_assert_max_num_queries):
    officer = make_user(Role.DPO)
    client.force_login(officer)
    people = [make_user(Role.APPLICANT) for _ in range(30)]
    for person in people:
        record(officer, "privacy.export", person)
    breach = a_breach(officer)
    for person in people:
        breaches.add_person(officer, breach, person)
    for _ in range(10):
        a_breach(officer)
    for url in ("/privacy/access-log/", "/privacy/breaches/", f"/privacy/breaches/{breach.pk}/", "/"):
        with django_assert_max_num_queries(25):
            assert client.get(url).status_code == 200
