"""Suspension, revocation, reinstatement (admins of the kind, with a reason, audited, holder told),
expiry and the 180/90/30-day reminders (each exactly once)."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from portal.accounts.roles import Role
from portal.audit.models import AuditEvent
from portal.credentials.models import Credential, CredentialReminder
from portal.credentials.services import (
    mark_expired,
    reinstate_credential,
    revoke_credential,
    send_expiry_reminders,
    suspend_credential,
)
from portal.credentials.tasks import expire_and_remind
from portal.notifications.models import Notification
from portal.workflow.engine import TransitionNotAllowed


@pytest.fixture
def holder(applicant):
    return applicant


def test_suspend_reinstate_and_revoke_with_reasons(issue, holder, lsp_admin):
    credential = issue(holder=holder)
    suspend_credential(credential, actor=lsp_admin, reason="Dugaan pelanggaran etik")
    assert (credential.status, credential.status_reason) == ("suspended", "Dugaan pelanggaran etik")
    reinstate_credential(credential, actor=lsp_admin, reason="Tidak terbukti")
    assert (credential.status, credential.status_reason) == ("valid", "")
    revoke_credential(credential, actor=lsp_admin, reason="Terbukti melanggar kode etik")
    credential.refresh_from_db()
    assert (credential.status, credential.status_reason) == ("revoked", "Terbukti melanggar kode etik")

    events = list(AuditEvent.objects.for_object(credential).order_by("id").values_list("action", "note", "after"))
    assert events == [
        ("credential.issue", "", events[0][2]),
        ("credential.suspend", "Dugaan pelanggaran etik", {"status": "suspended"}),
        ("credential.reinstate", "Tidak terbukti", {"status": "valid"}),
        ("credential.revoke", "Terbukti melanggar kode etik", {"status": "revoked"}),
    ]
    subjects = list(Notification.objects.filter(recipient=holder).order_by("id").values_list("subject", flat=True))
    assert len(subjects) == 4  # issued, suspended, reinstated, revoked
    assert subjects[1] == f"Sertifikat {credential.number}: Dibekukan"
    assert subjects[3] == f"Sertifikat {credential.number}: Dicabut"
    revoked_note = Notification.objects.filter(recipient=holder).order_by("id").last()
    assert "Terbukti melanggar kode etik" in revoked_note.body
    assert revoked_note.url == credential.get_absolute_url()


def test_a_reason_is_required(issue, lsp_admin):
    credential = issue()
    for reason in ("", "   "):
        with pytest.raises(TransitionNotAllowed):
            revoke_credential(credential, actor=lsp_admin, reason=reason)
    credential.refresh_from_db()
    assert credential.status == "valid"


@pytest.mark.parametrize("role", [Role.APPLICANT, Role.ASSESSOR, Role.SECRETARIAT, Role.BALKS_ADMIN])
def test_only_the_admin_of_the_kind_may_change_a_worker_certificate(issue, make_user, role):
    credential = issue()
    with pytest.raises(PermissionDenied):
        revoke_credential(credential, actor=make_user(role), reason="Tidak berhak")
    credential.refresh_from_db()
    assert credential.status == "valid"


def test_balks_admins_manage_accreditations_and_lsp_admins_do_not(issue, lsp_admin, balks_admin):
    accreditation = issue(kind="lks", subject="Terakreditasi B", subject_code="B")
    with pytest.raises(PermissionDenied):
        suspend_credential(accreditation, actor=lsp_admin, reason="Bukan wewenang LSP")
    suspend_credential(accreditation, actor=balks_admin, reason="Visitasi ulang")
    assert accreditation.status == "suspended"


def test_moves_the_workflow_does_not_allow(issue, lsp_admin):
    credential = issue()
    with pytest.raises(TransitionNotAllowed):
        reinstate_credential(credential, actor=lsp_admin, reason="Tidak sedang dibekukan")
    revoke_credential(credential, actor=lsp_admin, reason="Dicabut")
    with pytest.raises(TransitionNotAllowed):
        suspend_credential(credential, actor=lsp_admin, reason="Sudah dicabut")


def test_mark_expired(issue, holder, lsp_admin):
    today = timezone.localdate()
    old = issue(holder=holder, issued_on=today - timedelta(days=5 * 366))
    assert old.valid_until < today
    last_day = issue(issued_on=today - timedelta(days=5 * 365) + timedelta(days=1))
    assert last_day.valid_until >= today
    revoked_old = issue(issued_on=today - timedelta(days=6 * 366))
    revoke_credential(revoked_old, actor=lsp_admin, reason="Dicabut sebelumnya")
    assert mark_expired() == 1
    assert mark_expired() == 0
    old.refresh_from_db()
    last_day.refresh_from_db()
    revoked_old.refresh_from_db()
    assert (old.status, last_day.status, revoked_old.status) == ("expired", "valid", "revoked")
    assert AuditEvent.objects.for_object(old).filter(action="credential.expire", actor=None).count() == 1
    assert Notification.objects.filter(recipient=holder, template="credentials/expired").count() == 1
    # The system expires; nobody does it by hand.
    with pytest.raises(PermissionDenied):
        from portal.workflow.engine import perform

        perform(last_day, "expire", lsp_admin)


def _expiring_in(issue, holder, days):
    """A credential valid for `days` more days (valid_until = today + days)."""
    today = timezone.localdate()
    credential = issue(holder=holder, validity_years=1, issued_on=today)
    Credential.objects.filter(pk=credential.pk).update(valid_until=today + timedelta(days=days))
    credential.refresh_from_db()
    return credential


def reminders(credential):
    return sorted(credential.reminders.values_list("days_before", "notified"))


def test_reminders_180_90_30_days_before_each_exactly_once(issue, holder, settings):
    settings.CREDENTIAL_REMINDER_DAYS = [180, 90, 30]
    c200, c180, c100, c90, c31, c30, c5 = (_expiring_in(issue, holder, d) for d in (200, 180, 100, 90, 31, 30, 5))
    assert send_expiry_reminders() == 6
    assert send_expiry_reminders() == 0  # exactly once
    assert reminders(c200) == []
    assert reminders(c180) == [(180, True)]
    assert reminders(c100) == [(180, True)]
    assert reminders(c90) == [(90, True), (180, False)]  # 180 was passed: only the nearest is sent
    assert reminders(c31) == [(90, True), (180, False)]
    assert reminders(c30) == [(30, True), (90, False), (180, False)]
    assert reminders(c5) == [(30, True), (90, False), (180, False)]
    sent = Notification.objects.filter(recipient=holder, template="credentials/reminder")
    assert sent.count() == 6
    assert sent.filter(subject__contains=c30.number).get().subject == f"Sertifikat {c30.number} berakhir dalam 30 hari"

    # Time passes: c100 enters the 90-day window, c31 the 30-day window; each gets one more.
    Credential.objects.filter(pk__in=[c100.pk, c31.pk]).update(valid_until=timezone.localdate() + timedelta(days=30))
    assert send_expiry_reminders() == 2
    assert reminders(c100) == [(30, True), (90, False), (180, True)]
    assert reminders(c31) == [(30, True), (90, True), (180, False)]
    assert send_expiry_reminders() == 0


def test_no_reminders_for_revoked_or_holderless_credentials(issue, holder, lsp_admin):
    revoked = _expiring_in(issue, holder, 20)
    revoke_credential(revoked, actor=lsp_admin, reason="Dicabut")
    _expiring_in(issue, None, 20)
    assert send_expiry_reminders() == 0
    assert CredentialReminder.objects.count() == 0


def test_the_daily_task_does_both(issue, holder):
    _expiring_in(issue, holder, 10)
    issue(holder=holder, issued_on=timezone.localdate() - timedelta(days=5 * 366))
    assert expire_and_remind.delay().get() == {"expired": 1, "reminded": 1}
    assert expire_and_remind.delay().get() == {"expired": 0, "reminded": 0}


def test_the_beat_schedule_runs_them(settings):
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert {"portal.credentials.tasks.expire_and_remind", "portal.credentials.tasks.render_missing_pdfs"} <= tasks
