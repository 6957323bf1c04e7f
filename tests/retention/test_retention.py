"""Retention (issue 17, item 5): each kind deletes exactly what is due and nothing else, its files once
the batch commits, audited; credentials and the audit trail are never touched."""

import calendar
from datetime import datetime, timezone

import pytest
from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.core.management import call_command
from hypothesis import given
from hypothesis import strategies as st

from accreditation.models import Accreditation, Institution
from certification.models import Application, EssayAnswer
from portal.accounts.roles import Role
from portal.audit.models import AuditEvent
from portal.complaints.models import Complaint
from portal.credentials.models import Credential
from portal.documents.models import Document
from portal.notifications.models import Notification
from portal.retention import rules, services
from portal.retention.models import RetentionPolicy, RetentionRun
from registry.models import WorkerProfile

from .helpers import (
    NOW,
    accreditation_draft,
    complaint,
    documents_of,
    draft,
    evidence_of,
    ineligible,
    message,
    stored,
    withdrawn,
)

pytestmark = pytest.mark.django_db

MINUTE = relativedelta(minutes=1)


def months(n):
    return relativedelta(months=n)


def run(key, **kwargs):
    return services.apply(rules.get(key), now=NOW, **kwargs)


def test_every_kind_is_registered_with_its_default():
    assert [(k.key, k.default_months, k.minimum_months, k.owner_role) for k in rules.kinds()] == [
        ("certification.drafts", 12, 3, Role.LSP_ADMIN),
        ("certification.withdrawn_documents", 6, 1, Role.LSP_ADMIN),
        ("certification.ineligible_documents", 24, 12, Role.LSP_ADMIN),
        ("accreditation.drafts", 12, 3, Role.BALKS_ADMIN),
        ("complaints.evidence", 60, 24, ""),
        ("notifications.messages", 24, 3, ""),
    ]


def test_cutoff_is_calendar_months_back():
    at = datetime(2026, 3, 31, 10, 0, tzinfo=timezone.utc)
    assert services.cutoff(1, at) == datetime(2026, 2, 28, 10, 0, tzinfo=timezone.utc)
    assert services.cutoff(12, at) == datetime(2025, 3, 31, 10, 0, tzinfo=timezone.utc)
    assert services.cutoff(24, datetime(2028, 2, 29, tzinfo=timezone.utc)) == datetime(2026, 2, 28, tzinfo=timezone.utc)


@given(st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1), timezones=st.just(timezone.utc)),
       st.integers(min_value=1, max_value=240))
def test_cutoff_goes_back_exactly_that_many_calendar_months(now, n):
    before = services.cutoff(n, now)
    assert (now.year * 12 + now.month) - (before.year * 12 + before.month) == n
    assert before.day == min(now.day, calendar.monthrange(before.year, before.month)[1])
    assert before.time() == now.time() and before < now


# --- certification: drafts ------------------------------------------------------------------------
def test_drafts_untouched_past_the_period_go_with_their_files_after_commit(make_user, django_capture_on_commit_callbacks):
    old = draft(make_user, age=months(12) + MINUTE)
    recent = draft(make_user, age=months(12) - MINUTE)
    essay_edited = draft(make_user, age=months(13))
    EssayAnswer.objects.filter(application=essay_edited).update(updated_at=NOW - months(1))
    submitted = draft(make_user)
    from portal.workflow.engine import perform

    perform(submitted, "submit", submitted.applicant)
    Application.objects.filter(pk=submitted.pk).update(updated_at=NOW - months(30))
    old_docs, kept_docs = documents_of(old), documents_of(recent) + documents_of(essay_edited) + documents_of(submitted)
    assert old_docs and all(stored(d) for d in old_docs + kept_docs)

    with django_capture_on_commit_callbacks() as callbacks:
        result = run("certification.drafts")
        assert all(stored(d) for d in old_docs)  # rows gone, files still there until the commit
        assert not Document.objects.filter(pk__in=[d.pk for d in old_docs]).exists()
    for callback in callbacks:
        callback()

    assert result.removed == 1 and result.finished_at is not None
    assert set(Application.objects.values_list("pk", flat=True)) == {recent.pk, essay_edited.pk, submitted.pk}
    assert not any(stored(d) for d in old_docs)
    assert all(stored(d) for d in kept_docs)
    assert Document.objects.filter(pk__in=[d.pk for d in kept_docs]).count() == len(kept_docs)
    assert not EssayAnswer.objects.filter(application_id=old.pk).exists()


def test_a_document_a_kept_record_uses_survives(make_user, django_capture_on_commit_callbacks):
    old = draft(make_user, age=months(14))
    photo, *others = documents_of(old)
    WorkerProfile.objects.filter(user=old.applicant).update(photo=photo)
    with django_capture_on_commit_callbacks(execute=True):
        run("certification.drafts")
    assert not Application.objects.filter(pk=old.pk).exists()
    assert Document.objects.filter(pk=photo.pk).exists() and stored(photo)
    assert not Document.objects.filter(pk__in=[d.pk for d in others]).exists()
    assert not any(stored(d) for d in others)


# --- certification: withdrawn and ineligible applications' documents ---------------------------------
def test_withdrawn_applications_lose_their_documents_and_keep_the_row(make_user, django_capture_on_commit_callbacks):
    old = withdrawn(make_user, age=months(6) + MINUTE)
    recent = withdrawn(make_user, age=months(6) - MINUTE)
    old_docs = documents_of(old)
    with django_capture_on_commit_callbacks(execute=True):
        result = run("certification.withdrawn_documents")
    assert result.removed == 1
    old.refresh_from_db()
    assert old.status == "withdrawn" and not old.documents.exists()
    assert EssayAnswer.objects.filter(application=old).exists()  # only the uploads go
    assert not Document.objects.filter(pk__in=[d.pk for d in old_docs]).exists() and not any(stored(d) for d in old_docs)
    assert recent.documents.count() == len(documents_of(recent)) > 0 and all(stored(d) for d in documents_of(recent))
    event = AuditEvent.objects.get(action="retention.remove")
    assert event.actor is None and event.actor_repr == "system"
    assert event.after["kind"] == "certification.withdrawn_documents"
    assert event.after["model"] == "certification.application"
    assert event.after["ids"] == [str(old.pk)] and event.after["count"] == 1
    assert sorted(event.after["documents"]) == sorted(str(d.pk) for d in old_docs)


def test_ineligible_applications_lose_their_documents_after_two_years(make_user, lsp_admin, django_capture_on_commit_callbacks):
    old = ineligible(make_user, lsp_admin, age=months(24) + MINUTE)
    recent = ineligible(make_user, lsp_admin, age=months(24) - MINUTE)
    withdrawn_long_ago = withdrawn(make_user, age=months(30))  # another state: not this kind's
    with django_capture_on_commit_callbacks(execute=True):
        assert run("certification.ineligible_documents").removed == 1
    old.refresh_from_db()
    assert old.status == "ineligible" and old.decided_at is not None and not old.documents.exists()
    assert recent.documents.exists() and withdrawn_long_ago.documents.exists()


# --- accreditation: self-assessments never submitted ----------------------------------------------
def test_accreditation_drafts_go_with_their_evidence_and_the_lks_stays(make_user, django_capture_on_commit_callbacks):
    old = accreditation_draft(make_user, age=months(12) + MINUTE, name="LKSA Pelita Hati")
    recent = accreditation_draft(make_user, age=months(12) - MINUTE, name="LKSA Harapan Bangsa")
    old_evidence, kept_evidence = evidence_of(old), evidence_of(recent)
    legal = Document.objects.filter(pk=old.institution.deed_document_id)
    assert old_evidence and kept_evidence
    with django_capture_on_commit_callbacks(execute=True):
        assert run("accreditation.drafts").removed == 1
    assert list(Accreditation.objects.values_list("pk", flat=True)) == [recent.pk]
    assert Institution.objects.filter(pk=old.institution_id).exists() and legal.exists() and stored(legal.get())
    assert not Document.objects.filter(pk__in=[d.pk for d in old_evidence]).exists()
    assert not any(stored(d) for d in old_evidence) and all(stored(d) for d in kept_evidence)


# --- complaints and notifications -------------------------------------------------------------------
def test_decided_complaints_lose_their_evidence_after_five_years(applicant, django_capture_on_commit_callbacks):
    old = complaint(applicant, status="closed", age=months(60) + MINUTE)
    rejected = complaint(applicant, status="rejected", age=months(61))
    recent = complaint(applicant, status="resolved", age=months(60) - MINUTE)
    still_open = complaint(applicant, status="in_progress", age=months(70))
    revoked = complaint(applicant, status="closed", age=months(70), credential_action="revoked")
    gone = [d for c in (old, rejected) for d in c.evidence.all()]
    with django_capture_on_commit_callbacks(execute=True):
        assert run("complaints.evidence").removed == 2
    assert Complaint.objects.count() == 5
    assert [c.evidence.count() for c in (old, rejected, recent, still_open, revoked)] == [0, 0, 1, 1, 1]
    assert Complaint.objects.get(pk=old.pk).description  # the complaint itself is kept
    assert not any(stored(d) for d in gone)


def test_old_messages_go_and_the_outbox_stays(applicant):
    old_read = message(applicant, status="sent", age=months(24) + MINUTE, read=True)
    old_unread = message(applicant, status="skipped", age=months(25))
    old_failed = message(applicant, status="failed", age=months(25))
    recent = message(applicant, status="sent", age=months(24) - MINUTE)
    pending = message(applicant, status="pending", age=months(30))
    assert run("notifications.messages").removed == 3
    assert set(Notification.objects.filter(recipient=applicant).values_list("pk", flat=True)) >= {recent.pk, pending.pk}
    assert not Notification.objects.filter(pk__in=[old_read.pk, old_unread.pk, old_failed.pk]).exists()


# --- across kinds ---------------------------------------------------------------------------------------
def test_retention_deletes_exactly_what_is_due_and_nothing_else(make_user, lsp_admin, issue, django_capture_on_commit_callbacks):
    due_draft = draft(make_user, age=months(13))
    kept_draft = draft(make_user, age=months(11))
    due_withdrawn = withdrawn(make_user, age=months(7))
    kept_withdrawn = withdrawn(make_user, age=months(5))
    credential = issue(holder=due_draft.applicant)
    message(due_draft.applicant, status="sent", age=months(30))
    before_events = set(AuditEvent.objects.values_list("pk", flat=True))
    before_documents = set(Document.objects.values_list("pk", flat=True))
    gone_documents = {d.pk for d in documents_of(due_draft) + documents_of(due_withdrawn)}
    credentials = list(Credential.objects.order_by("pk").values())

    with django_capture_on_commit_callbacks(execute=True):
        result = services.apply_all(now=NOW)

    assert result == {
        "certification.drafts": 1, "certification.withdrawn_documents": 1, "certification.ineligible_documents": 0,
        "accreditation.drafts": 0, "complaints.evidence": 0, "notifications.messages": 1,
    }
    assert set(Application.objects.values_list("pk", flat=True)) == {kept_draft.pk, due_withdrawn.pk, kept_withdrawn.pk}
    assert set(Document.objects.values_list("pk", flat=True)) == before_documents - gone_documents
    assert list(Credential.objects.order_by("pk").values()) == credentials and credential.pk
    after_events = AuditEvent.objects.exclude(pk__in=before_events)
    assert before_events <= set(AuditEvent.objects.values_list("pk", flat=True))  # nothing of the trail removed
    assert sorted(after_events.values_list("action", "after__kind")) == [
        ("retention.remove", "certification.drafts"),
        ("retention.remove", "certification.withdrawn_documents"),
        ("retention.remove", "notifications.messages"),
    ]
    assert RetentionRun.objects.filter(dry_run=False).count() == 6

    # Re-running removes nothing more and writes no removal.
    with django_capture_on_commit_callbacks(execute=True):
        assert set(services.apply_all(now=NOW).values()) == {0}
    assert AuditEvent.objects.filter(action="retention.remove").count() == 3


def test_a_dry_run_removes_nothing(make_user, capsys):
    old = draft(make_user, age=months(13))
    documents = documents_of(old)
    call_command("apply_retention", "--dry-run", "--kind", "certification.drafts")
    assert capsys.readouterr().out == "certification.drafts: 1 due\n"
    assert Application.objects.filter(pk=old.pk).exists() and all(stored(d) for d in documents)
    assert not AuditEvent.objects.filter(action="retention.remove").exists()
    assert list(RetentionRun.objects.values_list("kind", "dry_run", "removed")) == [("certification.drafts", True, 1)]


def test_the_command_removes_one_kind(make_user, capsys, django_capture_on_commit_callbacks):
    old = draft(make_user, age=months(13))
    with django_capture_on_commit_callbacks(execute=True):
        call_command("apply_retention", "--kind", "certification.drafts")
    assert capsys.readouterr().out == "certification.drafts: 1 removed\n"
    assert not Application.objects.filter(pk=old.pk).exists()
    assert list(RetentionRun.objects.values_list("kind", flat=True)) == ["certification.drafts"]


def test_the_periodic_task_applies_every_kind(make_user, django_capture_on_commit_callbacks):
    from portal.retention.tasks import apply_retention

    old = draft(make_user, age=months(13))
    with django_capture_on_commit_callbacks(execute=True):
        assert apply_retention.delay().get()["certification.drafts"] == 1
    assert not Application.objects.filter(pk=old.pk).exists()


def test_batches_each_audit_what_they_removed(applicant):
    rows = [message(applicant, status="sent", age=months(30)) for _ in range(5)]
    result = services.apply(rules.get("notifications.messages"), now=NOW, batch=2)
    assert result.removed == 5
    events = AuditEvent.objects.filter(action="retention.remove").order_by("pk")
    assert [e.after["count"] for e in events] == [2, 2, 1]
    assert [pk for e in events for pk in e.after["ids"]] == [str(r.pk) for r in rows]
    assert {e.object_id for e in events} == {str(result.pk)}


# --- policies ---------------------------------------------------------------------------------------
def test_a_policy_changes_what_is_due(make_user):
    kind = rules.get("certification.drafts")
    thirteen = draft(make_user, age=months(13))
    assert list(services.due(kind, now=NOW)) == [thirteen]
    RetentionPolicy.objects.create(kind=kind.key, months=18)
    assert list(services.due(kind, now=NOW)) == []
    assert run("certification.drafts").removed == 0 and Application.objects.filter(pk=thirteen.pk).exists()
    RetentionPolicy.objects.filter(kind=kind.key).update(months=6)
    seven, _four = draft(make_user, age=months(7)), draft(make_user, age=months(4))
    assert set(services.due(kind, now=NOW)) == {thirteen, seven}


def test_a_switched_off_kind_is_not_applied(make_user):
    old = draft(make_user, age=months(13))
    RetentionPolicy.objects.create(kind="certification.drafts", months=12, enabled=False)
    assert run("certification.drafts") is None
    assert "certification.drafts" not in services.apply_all(now=NOW)
    assert Application.objects.filter(pk=old.pk).exists() and not RetentionRun.objects.filter(kind="certification.drafts").exists()


def test_a_period_below_the_kinds_minimum_is_refused_beside_the_field():
    policy = RetentionPolicy(kind="certification.ineligible_documents", months=6)
    with pytest.raises(ValidationError) as error:
        policy.full_clean()
    assert error.value.message_dict == {"months": ["Paling singkat 12 bulan untuk jenis catatan ini."]}
    with pytest.raises(ValidationError) as error:
        RetentionPolicy(kind="nothing.like.this", months=12).full_clean()
    assert list(error.value.message_dict) == ["kind"]


def test_a_superuser_sets_a_policy_in_the_admin_and_it_is_audited(client, make_user):
    admin = make_user(Role.LSP_ADMIN, is_staff=True, is_superuser=True)
    client.force_login(admin)
    assert "Draf permohonan sertifikasi (bawaan: 12 bulan)" in client.get("/admin/retention/retentionpolicy/add/").content.decode()
    response = client.post("/admin/retention/retentionpolicy/add/", {"kind": "certification.drafts", "months": "2", "enabled": "on"})
    assert response.status_code == 200 and "Paling singkat 3 bulan" in response.content.decode()
    response = client.post("/admin/retention/retentionpolicy/add/", {"kind": "certification.drafts", "months": "18", "enabled": "on"})
    assert response.status_code == 302
    policy = RetentionPolicy.objects.get()
    assert (policy.kind, policy.months, policy.enabled, policy.updated_by) == ("certification.drafts", 18, True, admin)
    event = AuditEvent.objects.for_object(policy).get()
    assert (event.actor, event.action, event.after) == (admin, "retention.policy", {"kind": "certification.drafts", "months": 18, "enabled": True})
