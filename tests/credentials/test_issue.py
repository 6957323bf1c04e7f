"""Issuing credentials: numbers, validity, signing, audit, notification, the PDF, idempotency."""

import threading
from datetime import date
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection, transaction

from portal.audit.models import AuditEvent
from portal.credentials import numbering
from portal.credentials.models import Credential, CredentialCounter
from portal.credentials.pdf import verification_url
from portal.credentials.services import add_years, ensure_pdf, issue_credential, verify_signature
from portal.credentials.tasks import render_credential_pdf
from portal.notifications.models import Notification

from .pdfcheck import pdf_pages, pdf_text, qr_matches


def pdf_files():
    root = Path(settings.PRIVATE_MEDIA_ROOT) / "credentials"
    return sorted(root.glob("*.pdf")) if root.exists() else []


def test_issue_a_worker_certificate(issue, applicant, lsp_admin, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        credential = issue(holder=applicant, holder_name="  Siti   Rahmawati ", issued_on=date(2026, 3, 1), actor=lsp_admin)
    credential.refresh_from_db()
    assert credential.number == "PS-GEN-2026-000001-" + numbering.check_character("PSGEN2026000001")
    assert credential.lookup == credential.number.replace("-", "")
    assert credential.holder_name == "Siti Rahmawati"
    assert credential.valid_until == date(2031, 2, 28)  # 5 years, until the day before the anniversary
    assert credential.status == Credential.Status.VALID and credential.effective_status == "valid"
    assert credential.signatory_name == settings.CREDENTIAL_SIGNATORIES["worker"]["name"]
    assert credential.issued_by == lsp_admin
    assert verify_signature(credential)

    event = AuditEvent.objects.for_object(credential).get()
    assert (event.action, event.actor, event.after["number"]) == ("credential.issue", lsp_admin, credential.number)

    note = Notification.objects.get(recipient=applicant)
    assert note.url == "/credentials/"
    assert credential.number in note.subject
    assert "/credentials/" in note.body and credential.get_absolute_url() in note.body

    # The PDF was rendered after the commit and stored privately with its sha256.
    assert credential.has_pdf and credential.pdf.name == f"{credential.lookup}.pdf"
    data = Path(credential.pdf.path).read_bytes()
    import hashlib

    assert hashlib.sha256(data).hexdigest() == credential.pdf_sha256
    assert str(settings.PRIVATE_MEDIA_ROOT) in credential.pdf.path
    assert pdf_pages(data) == (1, "841.89 x 595.276 pts (A4)")  # A4 landscape
    text = " ".join(pdf_text(data).split())
    for expected in (credential.number, "Siti Rahmawati", "Pekerja Sosial Generalis", "SERTIFIKAT KOMPETENSI",
                     "Certificate of Competence", "1 Maret 2026", "1 March 2026", "28 Februari 2031", "LSP Kemensos",
                     settings.CREDENTIAL_SIGNATORIES["worker"]["name"], credential.key_id):
        assert expected in text, expected
    assert qr_matches(data, verification_url(credential))


def test_issuance_is_idempotent_on_kind_and_source(issue, applicant, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = issue(source="certification.application:42", holder=applicant)
        again = issue(source="certification.application:42", holder=applicant, holder_name="Someone Else")
    assert again.pk == first.pk and again.holder_name == "Siti Rahmawati"
    assert Credential.objects.count() == 1
    assert AuditEvent.objects.filter(action="credential.issue").count() == 1
    assert Notification.objects.filter(recipient=applicant).count() == 1
    assert CredentialCounter.objects.get().last == 1
    assert len(pdf_files()) == 1
    # The same source for the other kind is another credential.
    other = issue(source="certification.application:42", kind="lks", subject="Terakreditasi A", subject_code="A")
    assert other.pk != first.pk and other.number.startswith("LKS-A-")


@pytest.mark.parametrize("grade,years,until", [("A", 5, date(2031, 6, 30)), ("B", 3, date(2029, 6, 30)), ("C", 2, date(2028, 6, 30))])
def test_lks_validity_by_grade(issue, grade, years, until):
    credential = issue(kind="lks", subject=f"Terakreditasi {grade}", subject_code=grade, issued_on=date(2026, 7, 1))
    assert credential.valid_until == until
    assert credential.number.startswith(f"LKS-{grade}-2026-000001-")


def test_validity_is_configurable_and_can_be_given(issue, settings):
    settings.CREDENTIAL_VALIDITY_YEARS = 4
    settings.CREDENTIAL_LKS_VALIDITY_YEARS = {"A": 6}
    assert issue(issued_on=date(2026, 1, 1)).valid_until == date(2029, 12, 31)
    assert issue(kind="lks", subject_code="A", issued_on=date(2026, 1, 1)).valid_until == date(2031, 12, 31)
    assert issue(issued_on=date(2026, 1, 1), validity_years=1).valid_until == date(2026, 12, 31)
    with pytest.raises(ValueError):
        issue(kind="lks", subject_code="B")
    with pytest.raises(ValueError):
        issue(subject_code="")
    with pytest.raises(ValueError):
        issue(holder_name="  ")
    assert Credential.objects.count() == 3


def test_add_years_handles_29_february():
    assert add_years(date(2028, 2, 29), 5) == date(2033, 2, 28)
    assert add_years(date(2028, 2, 29), 4) == date(2032, 2, 29)


def test_numbers_count_per_prefix_and_year_and_a_rollback_leaves_no_gap(issue):
    assert issue(issued_on=date(2026, 5, 1)).number.startswith("PS-GEN-2026-000001-")
    assert issue(issued_on=date(2026, 5, 2)).number.startswith("PS-GEN-2026-000002-")
    assert issue(issued_on=date(2027, 1, 2)).number.startswith("PS-GEN-2027-000001-")
    assert issue(subject_code="SPS", issued_on=date(2026, 5, 1)).number.startswith("PS-SPS-2026-000001-")
    with pytest.raises(RuntimeError), transaction.atomic():
        issue(issued_on=date(2026, 6, 1))
        raise RuntimeError("the plenary's transaction fails after issuing")
    assert issue(issued_on=date(2026, 6, 1)).number.startswith("PS-GEN-2026-000003-")


def test_the_pdf_task_run_twice_leaves_one_credential_and_one_file(issue):
    credential = issue()  # no commit in this test: the task has not run yet
    assert not credential.has_pdf and pdf_files() == []
    digest = render_credential_pdf.delay(credential.pk).get()
    first = Credential.objects.get(pk=credential.pk)
    assert render_credential_pdf.delay(credential.pk).get() == digest  # the retry finds it done
    again = Credential.objects.get(pk=credential.pk)
    assert again.pdf_rendered_at == first.pdf_rendered_at  # not rendered a second time
    assert Credential.objects.count() == 1
    assert pdf_files() == [Path(first.pdf.path)]


def test_a_task_retried_after_a_lost_commit_overwrites_its_own_file(issue):
    """A worker wrote the file, then died before its transaction committed: the retry renders again
    into the same file name, so there is still one file."""
    credential = issue()
    ensure_pdf(credential.pk)
    Credential.objects.filter(pk=credential.pk).update(pdf="", pdf_sha256="", pdf_rendered_at=None)
    assert len(pdf_files()) == 1
    render_credential_pdf.delay(credential.pk)
    credential.refresh_from_db()
    assert credential.has_pdf and len(pdf_files()) == 1
    assert pdf_files() == [Path(credential.pdf.path)]


def test_a_missing_file_is_rendered_again(issue):
    credential = issue()
    ensure_pdf(credential.pk)
    credential.refresh_from_db()
    Path(credential.pdf.path).unlink()
    ensure_pdf(credential.pk)
    assert Path(credential.pdf.path).exists()


@pytest.mark.django_db(transaction=True)
def test_concurrent_issuance_gives_unique_gap_free_numbers(reference_data):
    """Eight threads, each its own database connection, issue 40 credentials at once — and every
    source is requested twice — on the same prefix and year."""
    threads_count, per_thread = 8, 5
    errors, results = [], []
    barrier = threading.Barrier(threads_count)

    def work(t):
        try:
            barrier.wait()
            for i in range(per_thread):
                # Threads t and t^1 ask for the same sources: duplicates under concurrency.
                source = f"concurrent:{(t // 2) * per_thread + i}"
                credential = issue_credential(
                    kind="worker", source=source, holder_name=f"Holder {source}", subject="Pekerja Sosial Generalis",
                    subject_code="GEN", issuer="LSP Kemensos", issued_on=date(2026, 8, 1),
                )
                results.append((source, credential.number))
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=work, args=(t,)) for t in range(threads_count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    expected = threads_count * per_thread // 2
    numbers_issued = sorted(Credential.objects.values_list("number", flat=True))
    assert len(numbers_issued) == expected
    sequences = sorted(int(n.split("-")[3]) for n in numbers_issued)
    assert sequences == list(range(1, expected + 1))  # no gap, no duplicate
    assert CredentialCounter.objects.get(prefix="PS-GEN", year=2026).last == expected
    by_source = {}
    for source, number in results:
        by_source.setdefault(source, set()).add(number)
    assert all(len(found) == 1 for found in by_source.values())  # a duplicate call got the same number
    # Every credential got its PDF (rendered after each commit), one file each.
    assert Credential.objects.filter(pdf_sha256="").count() == 0
    assert len(pdf_files()) == expected


def test_an_imported_unsigned_credential_is_signed_before_it_is_printed(db, reference_data):
    """Rows made outside issue_credential (an import of old certificates) get a signature when
    their PDF is rendered, so every printed QR code can be checked."""
    legacy = Credential.objects.create(
        number="LSPS/2019/0007", lookup="LSPS20190007", kind="worker", holder_name="Dewi Lestari",
        subject="Pekerja Sosial Generalis", subject_code="GEN", issuer="LSPS", source="import:2019:7",
        issued_on=date(2019, 6, 1), valid_until=date(2024, 5, 31),
    )
    assert legacy.signature == ""
    ensure_pdf(legacy.pk)
    legacy.refresh_from_db()
    assert legacy.signature and verify_signature(legacy) and legacy.has_pdf
    assert qr_matches(Path(legacy.pdf.path).read_bytes(), verification_url(legacy))
