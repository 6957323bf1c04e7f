"""Issue 13 (8): uploads filled the disk. A per-user upload rate and storage quota; files of a failed
change are not kept; a daily task removes documents attached to nothing and files without a row."""

import os
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.exceptions import ImproperlyConfigured
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from portal.accounts.roles import Role
from portal.documents import services, tasks
from portal.documents.forms import DocumentUploadForm, limit_uploads
from portal.documents.models import Document

from .test_documents import PDF, post_upload

pytestmark = pytest.mark.django_db

RATE = "You sent too many files in a short time. Wait a minute, then choose the file again."


@pytest.fixture
def private_root(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    return tmp_path


def files_on_disk(root):
    return sorted(path.relative_to(root).as_posix() for path in root.rglob("*") if path.is_file())


def pdf(name="dokumen.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


# ---- rate -------------------------------------------------------------------------------------
def test_sixty_uploads_in_a_row_store_only_the_rate(client, applicant, private_root):
    assert django_settings.DOCUMENT_UPLOADS_PER_MINUTE == 30  # the default
    client.force_login(applicant)
    client.cookies["portal_language"] = "en"
    statuses = [post_upload(client, f"scan-{n}.pdf", PDF).status_code for n in range(60)]
    assert statuses == [302] * 30 + [200] * 30
    response = post_upload(client, "lagi.pdf", PDF)
    assert response.context["form"].errors == {"file": [RATE]}
    assert RATE in response.content.decode()
    assert Document.objects.count() == 30
    assert len(files_on_disk(private_root)) == 30


def test_the_rate_is_per_user_and_counts_refused_files_too(client, applicant, make_user, settings):
    settings.DOCUMENT_UPLOADS_PER_MINUTE = 2
    client.force_login(applicant)
    client.cookies["portal_language"] = "en"
    assert post_upload(client, "scan.png", PDF).status_code == 200  # wrong extension: refused, but counted
    assert post_upload(client, "scan.pdf", PDF).status_code == 302
    assert post_upload(client, "lagi.pdf", PDF).context["form"].errors == {"file": [RATE]}
    client.force_login(make_user(Role.APPLICANT))
    assert post_upload(client, "milik-orang-lain.pdf", PDF).status_code == 302
    assert Document.objects.count() == 2


# ---- quota ------------------------------------------------------------------------------------
def test_past_the_number_of_documents_the_upload_is_refused(client, applicant, settings):
    settings.DOCUMENT_QUOTA_COUNT = 2
    client.force_login(applicant)
    client.cookies["portal_language"] = "en"
    assert [post_upload(client, f"{n}.pdf", PDF).status_code for n in range(2)] == [302, 302]
    response = post_upload(client, "ketiga.pdf", PDF)
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "file": ["An account may keep at most 2 documents; this file would pass that limit."]
    }
    assert Document.objects.filter(owner=applicant).count() == 2


def test_past_the_storage_bytes_the_upload_is_refused(client, applicant, settings):
    settings.DOCUMENT_QUOTA_BYTES = 2 * len(PDF) + 10
    client.force_login(applicant)
    client.cookies["portal_language"] = "en"
    assert [post_upload(client, f"{n}.pdf", PDF).status_code for n in range(2)] == [302, 302]
    response = post_upload(client, "ketiga.pdf", PDF)
    assert response.context["form"].errors == {
        "file": [f"This file ({len(PDF)}\xa0bytes) would pass the {2 * len(PDF) + 10}\xa0bytes an account may store"
                 f" (yours holds {2 * len(PDF)}\xa0bytes)."]
    }
    assert Document.objects.count() == 2


def test_a_document_field_must_know_whose_upload_it_is(applicant):
    form = DocumentUploadForm(files={"file": pdf()})
    with pytest.raises(ImproperlyConfigured):
        form.is_valid()
    assert limit_uploads(DocumentUploadForm(files={"file": pdf()}), applicant).is_valid()


# ---- no file kept by a change that fails -------------------------------------------------------
class Failed(Exception):
    pass


def test_a_rolled_back_change_deletes_the_files_it_stored(applicant, private_root):
    with pytest.raises(Failed):
        with services.atomic_with_uploads():
            services.store_upload(applicant, pdf("a.pdf"))
            services.store_upload(applicant, pdf("b.pdf"))
            assert len(files_on_disk(private_root)) == 2
            raise Failed
    assert Document.objects.count() == 0
    assert files_on_disk(private_root) == []


def test_a_nested_block_that_committed_is_undone_with_the_outer_one(applicant, private_root):
    with pytest.raises(Failed):
        with services.atomic_with_uploads():
            services.store_upload(applicant, pdf("luar.pdf"))
            with services.atomic_with_uploads():
                services.store_upload(applicant, pdf("dalam.pdf"))
            raise Failed
    assert Document.objects.count() == 0
    assert files_on_disk(private_root) == []


def test_a_committed_change_keeps_its_files(applicant, private_root):
    with services.atomic_with_uploads():
        document = services.store_upload(applicant, pdf("a.pdf"))
    assert files_on_disk(private_root) == [document.storage_name]
    assert Document.objects.get() == document


# ---- the daily purge ---------------------------------------------------------------------------
def _age(path, days=2):
    old = time.time() - days * 86400
    os.utime(path, (old, old))


def test_the_daily_task_removes_what_is_attached_to_nothing(applicant, make_user, private_root, django_capture_on_commit_callbacks):
    from registry.services import profile_for

    from tests.accreditation.helpers import make_institution

    two_days_ago = timezone.now() - timedelta(days=2)
    abandoned = services.store_upload(applicant, pdf("ditinggal.pdf"))
    fresh = services.store_upload(applicant, pdf("baru.pdf"))
    library = services.store_upload(applicant, pdf("pustaka.pdf"), kind=services.LIBRARY_KIND)
    photo = services.store_upload(applicant, pdf("foto.pdf"))
    profile = profile_for(applicant)
    profile.photo = photo  # SET_NULL relation
    profile.save()
    institution = make_institution(make_user(Role.LKS_OPERATOR))  # five PROTECT relations
    Document.objects.exclude(pk=fresh.pk).update(created_at=two_days_ago)

    orphan_old = private_root / "ab" / ("ab" + "0" * 30)
    orphan_new = private_root / "ab" / ("ab" + "1" * 30)
    other_file = private_root / "ab" / "catatan.txt"
    card = private_root / "exam-cards" / ("cd" + "2" * 30)
    for path in (orphan_old, orphan_new, other_file, card):
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(b"x")
    for path in (orphan_old, other_file, card):
        _age(path)

    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.purge_unattached.delay().get() == {"documents": 1, "files": 1}

    assert not Document.objects.filter(pk=abandoned.pk).exists()
    assert not (private_root / abandoned.storage_name).exists()
    kept = {fresh, library, photo, *(getattr(institution, f"{k}_document") for k in ("deed", "decree", "registration", "licence", "npwp"))}
    assert set(Document.objects.all()) == kept
    assert all((private_root / document.storage_name).exists() for document in kept)
    assert not orphan_old.exists()
    assert orphan_new.exists() and other_file.exists() and card.exists()
    profile.refresh_from_db()
    assert profile.photo == photo
    # Idempotent: a second run finds nothing.
    with django_capture_on_commit_callbacks(execute=True):
        assert services.purge_unattached() == (0, 0)


def test_the_purge_is_scheduled_daily():
    entry = django_settings.CELERY_BEAT_SCHEDULE["documents-purge-unattached"]
    assert entry["task"] == "portal.documents.tasks.purge_unattached"
    assert str(entry["schedule"]) == "<crontab: 20 3 * * * (m/h/dM/MY/d)>"
    from portal.celery import app

    assert "portal.documents.tasks.purge_unattached" in app.tasks
