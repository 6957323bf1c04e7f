"""Bulk issuance for a plenary's list: a batch with progress, idempotent, resumable."""

from datetime import date

import pytest
from django.utils import translation

from portal.accounts.roles import Role
from portal.credentials.models import Credential, IssuanceBatch
from portal.credentials.services import batch_progress, process_batch, start_bulk_issuance


def items(users, **extra):
    return [
        {
            "source": f"certification.application:{100 + i}",
            "holder": user,
            "holder_name": user.full_name,
            "subject": "Pekerja Sosial Generalis",
            "subject_code": "GEN",
            "issuer": "LSP Kemensos",
            "issued_on": date(2026, 9, 1),
            **extra,
        }
        for i, user in enumerate(users)
    ]


@pytest.fixture
def candidates(make_user):
    return [make_user(Role.APPLICANT, full_name=f"Kandidat {i}") for i in range(3)]


def test_a_batch_issues_everything_and_reports_progress(candidates, lsp_admin, django_capture_on_commit_callbacks, settings):
    settings.CREDENTIAL_BATCH_CHUNK = 2
    with django_capture_on_commit_callbacks(execute=True):
        batch = start_bulk_issuance(kind="worker", items=items(candidates), actor=lsp_admin, title="Pleno 2026-09")
    batch.refresh_from_db()
    assert batch.status == IssuanceBatch.Status.DONE and batch.processed == 3 and batch.errors == []
    credentials = list(batch.credentials.order_by("number"))
    assert [c.holder for c in credentials] == candidates
    assert [c.number[:18] for c in credentials] == [f"PS-GEN-2026-00000{i}" for i in (1, 2, 3)]
    assert all(c.issued_by == lsp_admin for c in credentials)


@translation.override("id")
def test_progress_moves_item_by_item_and_counts_pdfs(candidates, lsp_admin, django_capture_on_commit_callbacks):
    batch = start_bulk_issuance(kind="worker", items=items(candidates), actor=lsp_admin)  # not committed: not started
    assert batch_progress(batch) == {
        "id": batch.pk, "status": "pending", "status_label": "Menunggu", "total": 3, "processed": 0, "issued": 0,
        "rendered": 0, "failed": 0, "percent": 0, "finished": False,
    }
    assert process_batch(batch.pk, limit=1) is True
    batch.refresh_from_db()
    progress = batch_progress(batch)
    assert (progress["processed"], progress["issued"], progress["rendered"], progress["percent"]) == (1, 1, 0, 17)
    with django_capture_on_commit_callbacks(execute=True):
        assert process_batch(batch.pk, limit=5) is False
    batch.refresh_from_db()
    progress = batch_progress(batch)
    assert progress["finished"] is False  # the first PDF was never rendered (its commit never ran here)
    assert (progress["issued"], progress["rendered"], progress["percent"]) == (3, 2, 83)
    from portal.credentials.services import ensure_pdf

    ensure_pdf(batch.credentials.order_by("pk").first().pk)
    progress = batch_progress(batch)
    assert (progress["finished"], progress["percent"], progress["status_label"]) == (True, 100, "Selesai")


def test_a_batch_run_twice_issues_once(candidates, lsp_admin):
    batch = start_bulk_issuance(kind="worker", items=items(candidates), actor=lsp_admin)
    process_batch(batch.pk)
    IssuanceBatch.objects.filter(pk=batch.pk).update(processed=0, status="running")  # a lost worker's retry
    process_batch(batch.pk)
    assert Credential.objects.count() == 3
    assert batch.credentials.count() == 3


def test_one_bad_item_does_not_stop_the_batch(candidates, lsp_admin):
    bad = items(candidates)
    bad[1]["holder_name"] = "   "
    batch = start_bulk_issuance(kind="worker", items=bad, actor=lsp_admin)
    process_batch(batch.pk)
    batch.refresh_from_db()
    assert batch.status == "done" and batch.credentials.count() == 2
    assert [(e["index"], e["source"]) for e in batch.errors] == [(1, "certification.application:101")]
    assert batch_progress(batch)["failed"] == 1


def test_a_batch_is_checked_before_it_starts(candidates, lsp_admin):
    with pytest.raises(ValueError):
        start_bulk_issuance(kind="worker", items=items(candidates[:1]) * 2, actor=lsp_admin)  # same source twice
    with pytest.raises(ValueError):
        start_bulk_issuance(kind="lks", items=items(candidates, subject_code="Z"), actor=lsp_admin)  # no such grade
    with pytest.raises(ValueError):
        start_bulk_issuance(kind="worker", items=[{"source": "x"}], actor=lsp_admin)
    assert IssuanceBatch.objects.count() == 0


def test_progress_endpoint_and_page(client, candidates, lsp_admin, balks_admin, make_user):
    batch = start_bulk_issuance(kind="worker", items=items(candidates), actor=lsp_admin, title="Pleno Bandung")
    process_batch(batch.pk, limit=1)
    client.force_login(lsp_admin)
    session = client.session
    session["mfa_enrolled"] = True
    session.save()
    data = client.get(f"/credentials/batches/{batch.pk}/progress/").json()
    assert (data["processed"], data["total"], data["percent"]) == (1, 3, 17)
    page = client.get(f"/credentials/batches/{batch.pk}/").content.decode()
    assert 'data-progress="17"' in page and 'aria-valuenow="17"' in page
    assert "js/credentials.js" in page and "<script>" not in page
    # Others do not see it (404), whatever their role.
    for other in (balks_admin, make_user(Role.APPLICANT)):
        client.force_login(other)
        session = client.session
        session["mfa_enrolled"] = True
        session.save()
        assert client.get(f"/credentials/batches/{batch.pk}/progress/").status_code == 404
        assert client.get(f"/credentials/batches/{batch.pk}/").status_code == 404


def test_a_pdf_lost_with_a_worker_is_rendered_within_minutes(issue, settings):
    """Issue 13 item 9: a render task lost with a killed worker left its PDF missing for 10 minutes
    (the batch page at 98 %). The sweep now runs every minute and takes what is missing after 2."""
    from datetime import timedelta

    from django.utils import timezone

    from portal.credentials.services import render_missing_pdfs

    lost, rendering = issue(), issue()
    Credential.objects.filter(pk__in=[lost.pk, rendering.pk]).update(pdf_sha256="", pdf="")
    Credential.objects.filter(pk=lost.pk).update(created_at=timezone.now() - timedelta(seconds=121))
    assert render_missing_pdfs() == 1
    lost.refresh_from_db()
    rendering.refresh_from_db()
    assert lost.has_pdf and not rendering.has_pdf  # one issued a moment ago may still be rendering
    assert settings.CELERY_BEAT_SCHEDULE["credentials-render-missing-pdfs"]["schedule"] == 60.0


def test_a_task_of_a_lost_worker_comes_back_after_its_longest_run(settings):
    """Redis hands an unacknowledged task out again after the visibility timeout: longer than a task
    may run and than any retry delay, and 15 minutes rather than an hour."""
    from portal.celery import app

    app.loader.import_default_modules()  # every app's tasks module (autodiscovery)
    timeout = app.conf.broker_transport_options["visibility_timeout"]
    assert timeout == 900
    assert timeout > settings.CELERY_TASK_TIME_LIMIT
    ours = [task for name, task in app.tasks.items() if name.startswith(("portal.", "certification.", "accreditation."))]
    assert len(ours) >= 8
    assert max(task.default_retry_delay for task in ours) < timeout
    assert settings.CELERY_TASK_ACKS_LATE and settings.CELERY_TASK_REJECT_ON_WORKER_LOST
