"""The admins' import pages: upload -> preview -> confirm, who may use them, and files that are not what
they claim to be (a clear message beside the field or on the job, nothing changed, never a 500)."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from certification import reference as certification_reference
from portal.accounts.roles import Role
from portal.credentials.models import Credential
from portal.imports.models import ImportJob
from registry.models import WorkerProfile
from tests.auth import Client
from tests.imports.helpers import LKS_HEADER, WORKER_HEADER, csv_bytes, lks_rows, worker_rows, xlsx_bytes
from tests.registry.helpers import png_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def schemes(reference_data):
    certification_reference.load()


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture(autouse=True)
def _tasks(django_capture_on_commit_callbacks):
    """Tasks run after the commit, as in embedded mode: each request here runs what it handed on."""
    global CAPTURE
    CAPTURE = django_capture_on_commit_callbacks
    yield


CAPTURE = None


def post(client, url, data=None):
    with CAPTURE(execute=True):
        return client.post(url, data or {})


def upload(client, kind, name, data):
    return post(client, f"/imports/{kind}/upload/", {"file": SimpleUploadedFile(name, data)})


def test_upload_preview_confirm(make_user, schemes, django_assert_max_num_queries):
    admin = make_user(Role.LSP_ADMIN, language="en")
    client = signed_in(admin)
    index = client.get("/imports/")
    assert index.status_code == 200 and "Nomor Sertifikat" in index.content.decode()
    assert "Accredited LKS" not in index.content.decode()  # the BALKS admin's kind is not offered
    rows = worker_rows(12)
    response = upload(client, "workers", "register.csv", csv_bytes(WORKER_HEADER, rows))
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/imports/jobs/{job.pk}/"
    assert job.status == "checked" and job.counts == {"total": 12, "new": 12, "unchanged": 0, "errors": 0}
    assert Credential.objects.count() == 0  # a dry run
    with django_assert_max_num_queries(12):
        page = client.get(f"/imports/jobs/{job.pk}/")
    html = page.content.decode()
    assert page.status_code == 200 and "Import 12 rows" in html and "LSPS/2014/000009" in html
    assert rows[0][0] not in html and "3273********0001" in html  # the preview masks the NIK
    assert len(job.preview) == 10
    response = post(client, f"/imports/jobs/{job.pk}/confirm/")
    job.refresh_from_db()
    assert response.status_code == 302 and job.status == "done" and job.counts["created"] == 12
    assert job.confirmed_by == admin and job.finished_at
    assert Credential.objects.filter(number__startswith="LSPS/").count() == 12
    # Confirming again does nothing more; the same file again has nothing to import.
    post(client, f"/imports/jobs/{job.pk}/confirm/")
    upload(client, "workers", "again.csv", csv_bytes(WORKER_HEADER, rows))
    again = ImportJob.objects.latest("pk")
    assert again.status == "checked" and again.counts["new"] == 0 and again.counts["unchanged"] == 12
    assert "there is nothing to import" in client.get(f"/imports/jobs/{again.pk}/").content.decode()
    assert Credential.objects.count() == 12


def test_a_file_with_a_bad_row_shows_the_row_and_imports_nothing(make_user, schemes):
    client = signed_in(make_user(Role.LSP_ADMIN))
    rows = worker_rows(5)
    rows[3][2] = "Atlantis"
    upload(client, "workers", "register.csv", csv_bytes(WORKER_HEADER, rows))
    job = ImportJob.objects.get()
    assert job.status == "invalid" and job.errors == [
        {"row": 5, "column": "Provinsi", "message": "Provinsi “Atlantis” tidak dikenal: tulis namanya (Jawa Barat) atau kodenya (32)."}
    ]
    page = client.get(f"/imports/jobs/{job.pk}/").content.decode()
    assert "Atlantis" in page and "Nothing was imported" not in page and "Tidak ada yang diimpor" in page
    assert post(client, f"/imports/jobs/{job.pk}/confirm/").status_code == 302
    assert Credential.objects.count() == 0 and WorkerProfile.objects.count() == 0


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("foto.xlsx", png_bytes(), "This file is not a spreadsheet: its content is not XLSX."),
        ("register.csv", "NIK;Nama\n".encode("utf-16"), "This file is not a spreadsheet: its content is not CSV."),
        ("register.csv", "NIK,Nama\nä\n".encode("latin-1"), "The CSV file is not UTF-8 text"),
        ("register.csv", b"NIK,Nama,Provinsi\n=1+1,x,y\n", "The file has formulas (a cell starting with “=”) in row(s) 2."),
        ("register.xlsx", None, "The workbook has formulas (B2)."),
        ("register.csv", b"Nomor,Siapa\n1,2\n", "Unknown column “Nomor” (column 1)."),
        ("register.csv", b"", "The submitted file is empty."),
    ],
)
def test_files_that_are_not_a_register(make_user, schemes, name, data, message):
    client = signed_in(make_user(Role.LSP_ADMIN, language="en"))
    if data is None:
        data = xlsx_bytes(WORKER_HEADER, [["3273014506850002", "=UPPER(\"x\")"] + worker_rows(1)[0][2:]])
    response = upload(client, "workers", name, data)
    assert response.status_code in (302, 400)
    if response.status_code == 302:
        job = ImportJob.objects.get()
        assert job.status == "invalid"
        page = client.get(response["Location"]).content.decode()
        assert message in (job.message + " ".join(e["message"] for e in job.errors))
        assert "Nothing was imported" in page
    else:
        assert message in response.content.decode()
    assert Credential.objects.count() == 0 and WorkerProfile.objects.count() == 0


@override_settings(IMPORT_MAX_BYTES=1024 * 1024)
def test_a_file_too_large_is_refused_beside_the_field(make_user, schemes):
    client = signed_in(make_user(Role.LSP_ADMIN, language="en"))
    big = io.BytesIO(b"x" * (30 * 1024 * 1024))
    big.name = "register.csv"
    response = client.post("/imports/workers/upload/", {"file": big})
    assert response.status_code == 400
    assert "The file is 30.0 MB; an import file may be at most 1.0 MB." in response.content.decode()
    assert ImportJob.objects.count() == 0


def test_the_lks_import_for_balks_admins(make_user, client):
    admin = make_user(Role.BALKS_ADMIN, language="en")
    admin_client = signed_in(admin)
    page = admin_client.get("/imports/").content.decode()
    assert "Nomor Registrasi" in page and "Certified workers" not in page
    rows = lks_rows(3)
    rows[1][8] = "dibekukan"
    upload(admin_client, "lks", "lks.xlsx", xlsx_bytes(LKS_HEADER, rows))
    job = ImportJob.objects.get()
    assert job.status == "checked" and job.counts["new"] == 3
    post(admin_client, f"/imports/jobs/{job.pk}/confirm/")
    credential = Credential.objects.get(number="BALKS/2018/00000")
    assert credential.kind == "lks" and credential.holder is None and credential.subject == "Terakreditasi A (Sangat Baik)"
    assert credential.province.name == "Jawa Timur" and credential.issuer == "BALKS"
    assert Credential.objects.get(number="BALKS/2018/00001").status == "suspended"
    assert client.get("/verify/BALKS/2018/00000/").status_code == 200


@pytest.mark.parametrize("role", [None, *Role.values])
def test_who_may_import(make_user, schemes, role):
    client = signed_in(make_user(role)) if role else Client()
    data = csv_bytes(WORKER_HEADER, worker_rows(1))
    allowed = {"workers": Role.LSP_ADMIN, "lks": Role.BALKS_ADMIN}
    index = client.get("/imports/")
    if role is None:
        assert index.status_code == 302 and index["Location"].startswith("/accounts/login/")
        return
    assert index.status_code == (200 if role in allowed.values() else 404)
    for kind, owner in allowed.items():
        ok = role == owner
        assert client.get(f"/imports/{kind}/template.xlsx").status_code == (200 if ok else 404)
        assert client.get(f"/imports/{kind}/template.csv").status_code == (200 if ok else 404)
        response = upload(client, kind, "register.csv", data)
        assert response.status_code == (302 if ok else 404)
    # Another admin's job is not found.
    owner = make_user(Role.LSP_ADMIN)
    other = signed_in(owner)
    upload(other, "workers", "register.csv", data)
    job = ImportJob.objects.filter(created_by=owner).get()
    expected = 200 if role == Role.LSP_ADMIN else 404
    assert client.get(f"/imports/jobs/{job.pk}/").status_code == expected
    if role != Role.LSP_ADMIN:
        assert post(client, f"/imports/jobs/{job.pk}/confirm/").status_code == 404
        job.refresh_from_db()
        assert job.status == "checked"


def test_the_templates_read_back_without_errors(make_user, schemes):
    from portal.imports import kinds, services

    client = signed_in(make_user(Role.LSP_ADMIN))
    for fmt in ("xlsx", "csv"):
        response = client.get(f"/imports/workers/template.{fmt}")
        plan = services.evaluate(kinds.get("workers"), response.content, f"template.{fmt}")
        assert plan.ok and plan.counts()["new"] == 3


def test_a_job_a_lost_worker_left_is_taken_up_again(make_user, schemes, django_capture_on_commit_callbacks):
    from portal.imports import services

    client = signed_in(make_user(Role.LSP_ADMIN))
    upload(client, "workers", "register.csv", csv_bytes(WORKER_HEADER, worker_rows(3)))
    job = ImportJob.objects.get()
    ImportJob.objects.filter(pk=job.pk).update(status="queued", confirmed_by=job.created_by)  # the worker died
    with django_capture_on_commit_callbacks(execute=True):
        assert services.resume_stale(older_than_seconds=0) == 1
    job.refresh_from_db()
    assert job.status == "done" and Credential.objects.count() == 3



def test_the_uploaded_file_goes_once_the_import_is_done_or_refused(make_user, schemes):
    client = signed_in(make_user(Role.LSP_ADMIN))
    upload(client, "workers", "register.csv", csv_bytes(WORKER_HEADER, worker_rows(2)))
    job = ImportJob.objects.get()
    storage, name = job.file.storage, job.file.name
    assert job.status == "checked" and storage.exists(name)  # kept until it is imported
    post(client, f"/imports/jobs/{job.pk}/confirm/")
    job.refresh_from_db()
    assert job.status == "done" and not job.file and not storage.exists(name)  # it held NIKs: gone
    bad = worker_rows(2)
    bad[0][0] = "1"
    upload(client, "workers", "bad.csv", csv_bytes(WORKER_HEADER, bad))
    refused = ImportJob.objects.latest("pk")
    assert refused.status == "invalid" and not refused.file and refused.errors
