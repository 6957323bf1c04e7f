"""Importing the register of certified workers (issue 18, item 6): dry run, per-row errors, all or nothing,
idempotent, numbers as issued, credentials signed and in the status lists, verified with joserfc."""

import json
from datetime import date

import pytest
from django.core.management import call_command

from certification import reference as certification_reference
from portal.accounts.models import User
from portal.audit.models import AuditEvent
from portal.credentials import services as credential_services
from portal.credentials.models import Credential
from portal.imports import kinds, services
from registry.models import WorkerProfile
from tests.credentials.test_vc import status_bit, verify
from tests.imports.helpers import WORKER_HEADER, csv_bytes, worker_nik, worker_rows, xlsx_bytes

pytestmark = [pytest.mark.django_db, pytest.mark.filterwarnings("ignore:EdDSA is deprecated")]


@pytest.fixture
def workers(reference_data):
    certification_reference.load()
    return kinds.get("workers")


def counts():
    return (Credential.objects.count(), WorkerProfile.objects.count(), User.objects.count(), AuditEvent.objects.count())


def messages_of(plan):
    return [(e.row, e.column, e.message) for e in plan.errors]


def test_dry_run_previews_and_writes_nothing(workers):
    data = csv_bytes(WORKER_HEADER, worker_rows(3))
    before = counts()
    plan = services.evaluate(workers, data, "register.csv")
    assert plan.counts() == {"total": 3, "new": 3, "unchanged": 0, "errors": 0}
    assert [line["row"] for line in plan.preview] == [2, 3, 4]
    assert plan.preview[0]["cells"][0] == "3273********0001"  # the preview never keeps a whole NIK
    assert plan.preview[0]["cells"][4] == "LSPS/2014/000000" and plan.preview[0]["action"] == "new"
    assert counts() == before


def test_import_keeps_numbers_signs_and_lists_them(client, workers, django_capture_on_commit_callbacks):
    rows = worker_rows(2, start=10)
    rows[1][4:8] = ["LSPS/2024/000011", "2024-06-01", "2029-05-31", "dicabut"]
    rows[0][4:7] = ["LSPS/2024/000010", "2024-05-02", "2029-05-01"]
    with django_capture_on_commit_callbacks(execute=True):
        plan, result = services.apply(workers, csv_bytes(WORKER_HEADER, rows), "register.csv")
    assert not plan.errors and result["created"] == 2 and result["profiles_created"] == 2
    valid = Credential.objects.get(number=rows[0][4])
    revoked = Credential.objects.get(number=rows[1][4])
    assert valid.number == "LSPS/2024/000010" and valid.lookup == "LSPS2024000010"
    assert valid.issued_on == date(2024, 5, 2) and valid.valid_until == date(2029, 5, 1)
    assert valid.status == "valid" and revoked.status == "revoked"
    assert valid.subject == "Pekerja Sosial Generalis" and valid.subject_code == "GEN" and valid.issuer == "LSP Kemensos"
    assert credential_services.verify_signature(valid) and valid.key_id
    assert not valid.has_pdf  # rendered when first downloaded, not at import
    # The worker is in the registry by NIK, held by an account nobody can sign in to.
    profile = WorkerProfile.objects.get(nik=rows[0][0])
    assert valid.holder_id == profile.user_id and not profile.user.is_active and not profile.user.has_usable_password()
    assert profile.certification_status == "certified" and profile.province.code == "32"
    assert rows[0][0] not in profile.user.email
    # The VC, as anyone gets it, verifies with a JOSE library that is not ours and holds no NIK.
    response = client.get(f"/api/v1/credentials/{valid.number}/vc/")
    assert response.status_code == 200
    _header, claims = verify(client, response.content.decode())
    assert claims["credentialSubject"]["licenseNumber"] == "LSPS/2024/000010"
    text = json.dumps(claims)
    assert rows[0][0] not in text and profile.user.email not in text
    entries = {e["statusPurpose"]: e for e in claims["credentialStatus"]}
    assert status_bit(client, entries["revocation"]) == 0 and status_bit(client, entries["suspension"]) == 0
    _h, revoked_claims = verify(client, revoked.vc_jwt)
    revoked_entry = {e["statusPurpose"]: e for e in revoked_claims["credentialStatus"]}["revocation"]
    assert status_bit(client, revoked_entry) == 1
    # The public page finds the number as issued, and as typed without its slashes.
    assert client.get("/verify/LSPS/2024/000010/").status_code == 200
    assert client.get("/verify/", {"number": "lsps 2024 000010"}).status_code == 302
    events = AuditEvent.objects.filter(action="credential.import")
    assert events.count() == 2 and AuditEvent.objects.filter(action="import.commit").count() == 1


def test_one_bad_row_among_a_thousand_imports_nothing_and_names_the_row(workers):
    rows = worker_rows(1000)
    rows[600][0] = rows[600][0][:15] + "X"  # row 602 of the file (the header is row 1)
    before = counts()
    plan, result = services.apply(workers, csv_bytes(WORKER_HEADER, rows), "register.csv")
    assert result == {}
    assert messages_of(plan) == [(602, "NIK", "A NIK contains digits only (16 of them).")]
    assert counts() == before


def test_the_same_file_twice_changes_nothing(workers):
    data = xlsx_bytes(WORKER_HEADER, worker_rows(50))
    _plan, first = services.apply(workers, data, "register.xlsx")
    assert first["created"] == 50
    after_first = counts()
    plan, second = services.apply(workers, data, "register.xlsx")
    assert not plan.errors and second["created"] == 0 and plan.unchanged == 50
    assert counts() == after_first


def test_a_worker_already_registered_keeps_their_profile_and_holds_the_certificate(workers, applicant):
    nik = worker_nik(7)
    WorkerProfile.objects.create(user=applicant, full_name="Siti Rahmawati", nik=nik)
    rows = worker_rows(1, start=7)
    services.apply(workers, csv_bytes(WORKER_HEADER, rows), "register.csv")
    credential = Credential.objects.get(number=rows[0][4])
    assert credential.holder == applicant
    assert WorkerProfile.objects.count() == 1 and User.objects.filter(is_active=False).count() == 0
    assert WorkerProfile.objects.get().certification_status == "expired"  # 2014 + 5 years: past


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        (0, "3273014506850000", "The last four digits of the NIK (serial number) cannot be 0000."),
        (0, "9973014506850002", "The NIK starts with 99, which is not an Indonesian province code."),
        (0, "3.27301E+15", "The NIK is written as a number (3.27301E+15), so Excel may have rounded its last digits: "
                           "format the NIK column as text and type the NIK again."),
        (0, "", "NIK is missing."),
        (2, "Atlantis", "Unknown province “Atlantis”: write its name (Jawa Barat) or its code (32)."),
        (3, "XYZ", "Unknown scheme “XYZ”. The schemes are: ps-asisten, ps-generalis, ps-spesialis, tks."),
        (4, "LSPS #12", "“LSPS #12” is not a certificate number: letters, digits, “/”, “-”, “.” and spaces, at most 40."),
        (4, "LSPS/1", "“LSPS/1” is too short to be a certificate number (at least 6 letters and digits)."),
        (5, "31/02/2015", "“31/02/2015” is not a date: write it as 2015-03-31 or 31/03/2015, or as a date cell."),
        (6, "2013-01-01", "The dates are out of order: valid until 2013-01-01 is not after the issue date 2014-01-02."),
        (7, "hilang", "Unknown status “hilang”: write berlaku, dibekukan, dicabut or kedaluwarsa."),
    ],
)
def test_a_bad_cell_is_named_with_its_row_and_column(workers, column, value, message):
    rows = worker_rows(3)
    rows[1][column] = value
    plan = services.evaluate(workers, csv_bytes(WORKER_HEADER, rows), "register.csv")
    [(row, header, text)] = messages_of(plan)
    assert row == 3 and header == WORKER_HEADER[column]
    assert text.startswith(message)


def test_a_number_in_the_portals_own_format_is_refused(workers, issue):
    credential = issue()
    rows = worker_rows(1)
    rows[0][4] = credential.number
    plan = services.evaluate(workers, csv_bytes(WORKER_HEADER, rows), "register.csv")
    assert messages_of(plan) == [(2, "Nomor Sertifikat", f"“{credential.number}” has the portal's own format: only "
                                                         "certificates issued before the portal are imported.")]


def test_duplicate_numbers_in_the_file_and_in_the_register(workers):
    rows = worker_rows(3)
    services.apply(workers, csv_bytes(WORKER_HEADER, rows[:1]), "first.csv")
    rows[2][4] = rows[1][4].lower().replace("/", "-")  # the same number typed otherwise
    rows[0][1] = "Someone Else"  # already imported, with another holder
    plan = services.evaluate(workers, csv_bytes(WORKER_HEADER, rows), "register.csv")
    assert messages_of(plan) == [
        (2, "Nomor Sertifikat", "This certificate number is already in the register with other data "
                                "(holder Siti Rahmawati, issued 2014-01-01)."),
        (4, "Nomor Sertifikat", "This certificate number is already in row 3 of the file."),
    ]


def test_a_nik_excel_stored_as_a_number_is_refused(workers):
    rows = worker_rows(2)
    rows[1][0] = float(rows[1][0])  # what Excel keeps of a NIK typed into a number column
    plan = services.evaluate(workers, xlsx_bytes(WORKER_HEADER, rows, text_columns=()), "register.xlsx")
    [(row, column, message)] = messages_of(plan)
    assert (row, column) == (3, "NIK") and message.startswith("The NIK is stored as a number (3.2731E+15)")


def test_wrong_and_missing_columns(workers):
    header = ["NIK", "Nama Lengkap", "Provinsi", "Skema", "Nomor Sertifikat", "Tanggal Terbit", "Berlaku Sampai"]
    plan = services.evaluate(workers, csv_bytes(header, [r[:7] for r in worker_rows(2)]), "register.csv")
    assert [(e.row, e.column) for e in plan.errors] == [(1, "Nama Lengkap"), (1, "Nama")]
    assert plan.errors[1].message == "The column “Nama” is missing."


def test_the_command_dry_runs_and_commits(workers, tmp_path, capsys):
    path = tmp_path / "register.csv"
    path.write_bytes(csv_bytes(WORKER_HEADER, worker_rows(4)))
    call_command("import_register", "--kind", "workers", str(path))
    assert "4 rows, 4 to import, 0 already in the register, 0 problems" in capsys.readouterr().out
    assert Credential.objects.count() == 0
    call_command("import_register", "--kind", "workers", str(path), "--commit")
    assert "Imported: 4 certificates." in capsys.readouterr().out
    assert Credential.objects.count() == 4
    call_command("import_register", "--kind", "workers", str(path), "--commit")
    assert "0 to import, 4 already in the register" in capsys.readouterr().out
    path.write_bytes(csv_bytes(WORKER_HEADER, [["1", "x", "Jawa Barat", "GEN", "LSPS/1/000001", "2015-01-01", "2014-01-01", ""]]))
    with pytest.raises(SystemExit):
        call_command("import_register", "--kind", "workers", str(path), "--commit")
    assert "row 2, NIK: A NIK has exactly 16 digits" in capsys.readouterr().out


def test_no_pdf_at_import_and_one_on_demand(workers, make_user):
    from portal.accounts.roles import Role
    from tests.auth import Client

    services.apply(workers, csv_bytes(WORKER_HEADER, worker_rows(2)), "register.csv")
    Credential.objects.update(created_at=Credential.objects.first().created_at.replace(year=2020))
    assert credential_services.render_missing_pdfs() == 0  # the sweep leaves imported credentials alone
    assert not Credential.objects.exclude(pdf_sha256="").exists()
    admin = Client()
    admin.force_login(make_user(Role.LSP_ADMIN))
    credential = Credential.objects.order_by("pk").first()
    response = admin.get(f"/credentials/{credential.pk}/pdf/")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    credential.refresh_from_db()
    assert credential.has_pdf and Credential.objects.exclude(pdf_sha256="").count() == 1
