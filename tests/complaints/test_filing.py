"""Anyone files a complaint at /complaints/: a tracking code shown once and e-mailed; a credential
number resolved or said to be unknown; a honeypot, a signed time in the form and a rate limit keep
scripts out, and what was typed is kept whatever is refused."""

import time

import pytest

from portal.accounts.roles import Role
from portal.audit.models import AuditEvent
from portal.complaints import codes
from portal.complaints.forms import form_token
from portal.complaints.models import Complaint
from portal.documents.services import can_view
from portal.notifications.models import Notification
from tests.registry.helpers import make_credential

from .helpers import DESCRIPTION, form_data, pdf

pytestmark = pytest.mark.django_db


@pytest.fixture
def worker_certificate(reference_data):
    return make_credential(number="PS-2024-000123", holder_name="Budi Santoso")


@pytest.fixture
def lks_accreditation(reference_data):
    return make_credential(number="LKS-A-2024-000045", holder_name="LKSA Kasih Bunda", kind="lks", subject="Terakreditasi A")


def test_a_visitor_files_a_complaint_and_sees_the_code_once(client, reference_data):
    page = client.get("/complaints/")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'name="website"' in html and 'name="started"' in html and 'name="evidence"' not in html
    assert 'data-testid="evidence-note"' in html

    response = client.post("/complaints/", form_data())
    assert response.status_code == 302 and response["Location"] == "/complaints/filed/"
    complaint = Complaint.objects.get()
    assert (complaint.subject_kind, complaint.handler_role, complaint.status) == ("assessor", Role.LSP_ADMIN, "received")
    assert (complaint.contact_name, complaint.contact_email, complaint.contact_phone) == ("Ani Wijayanti", "ani@example.test", "0812 3456 7890")
    assert complaint.complainant is None and complaint.language == "id" and complaint.description == DESCRIPTION
    assert complaint.due_at == complaint.consented_at + __import__("datetime").timedelta(days=3)

    filed = client.get("/complaints/filed/").content.decode()
    code = filed.split('data-testid="tracking-code">')[1].split("<")[0]
    assert codes.digest(code) == complaint.tracking_digest
    again = client.get("/complaints/filed/").content.decode()
    assert code not in again and 'data-testid="code-shown-before"' in again

    # E-mailed in the complainant's language, to the address they gave (no account: no in-app row).
    [email] = Notification.objects.all()
    assert email.email == "ani@example.test" and email.subject == "Pengaduan Anda telah diterima"
    assert f"Kode pelacakan Anda: {code}" in email.body and "Halo Ani Wijayanti," in email.body
    assert "http://127.0.0.1:8000/complaints/track/" in email.body
    assert email.recipient is None and email.in_app is False and email.status == "pending"
    assert AuditEvent.objects.for_object(complaint).get().action == "complaint.file"


def test_an_english_visitor_is_answered_in_english(client, reference_data):
    client.cookies["portal_language"] = "en"
    client.post("/complaints/", form_data(subject_kind="portal"))
    complaint = Complaint.objects.get()
    assert complaint.language == "en" and complaint.handler_role == Role.LSP_ADMIN
    assert Notification.objects.get().subject == "Your complaint was received"


def test_the_credential_number_is_resolved_against_the_register(client, worker_certificate, lks_accreditation):
    client.post("/complaints/", form_data(subject_kind="lks", credential_number="lks a 2024 000045"))
    complaint = Complaint.objects.get()
    assert complaint.credential == lks_accreditation and complaint.credential_number == "LKS-A-2024-000045"
    assert complaint.handler_role == Role.BALKS_ADMIN


@pytest.mark.parametrize(
    ("kind", "number", "message"),
    [
        ("worker", "PS-2024-999999", "Tidak ada sertifikat atau akreditasi dengan nomor ini."),
        ("worker", "LKS-A-2024-000045", "Tidak ada sertifikat atau akreditasi dengan nomor ini."),  # an LKS's
        ("lks", "PS-2024-000123", "Tidak ada sertifikat atau akreditasi dengan nomor ini."),  # a worker's
        ("worker", "PS-GEN-2026-000123-A", "Nomor ini salah ketik"),  # the check character does not match
    ],
)
def test_an_unknown_number_is_said_so_beside_the_field(client, worker_certificate, lks_accreditation, kind, number, message):
    response = client.post("/complaints/", form_data(subject_kind=kind, credential_number=number))
    assert response.status_code == 200 and Complaint.objects.count() == 0
    assert message in str(response.context["form"].errors["credential_number"])
    html = response.content.decode()
    assert f'value="{number}"' in html and DESCRIPTION in html  # what was typed is kept


def test_the_honeypot_refuses_and_keeps_what_was_typed(client, reference_data):
    response = client.post("/complaints/", form_data(website="http://spam.example"))
    assert response.status_code == 200 and Complaint.objects.count() == 0 and Notification.objects.count() == 0
    assert response.context["form"].non_field_errors() == [
        "Pengaduan Anda tidak dapat dikirim. Silakan coba lagi, atau hubungi kami dengan cara lain."
    ]
    assert DESCRIPTION in response.content.decode()


def test_a_form_sent_within_seconds_is_refused_then_accepted_later(client, reference_data, settings):
    settings.COMPLAINT_MIN_FILL_SECONDS = 3
    token = form_token()  # shown just now
    response = client.post("/complaints/", form_data(started=token))
    assert response.status_code == 200 and Complaint.objects.count() == 0
    assert response.context["form"].non_field_errors() == [
        "Formulir terkirim hanya beberapa detik setelah dibuka. Periksa kembali isian Anda lalu kirim lagi."
    ]
    html = response.content.decode()
    assert DESCRIPTION in html and f'value="{token}"' in html  # the same form, sent again later, passes
    assert client.post("/complaints/", form_data(started=form_token(time.time() - 4))).status_code == 302


@pytest.mark.parametrize("token", [form_token(time.time() - 25 * 3600), "forged", form_token()[:-2] + "xx", ""])
def test_a_stale_or_forged_form_is_refused_with_a_fresh_token(client, reference_data, token):
    response = client.post("/complaints/", form_data(started=token))
    assert response.status_code == 200 and Complaint.objects.count() == 0
    assert response.context["form"].non_field_errors() == [
        "Formulir ini terlalu lama terbuka. Periksa kembali isian Anda lalu kirim lagi."
    ]
    fresh = response.context["form"]["started"].value()
    assert fresh != token and 0 <= time.time() - __import__("django.core.signing", fromlist=["x"]).loads(
        fresh, salt="portal.complaints.form")["t"] < 5
    assert DESCRIPTION in response.content.decode()


def test_the_same_form_sent_twice_files_one_complaint(client, reference_data):
    data = form_data()
    assert client.post("/complaints/", data).status_code == 302
    assert client.post("/complaints/", data).status_code == 302
    assert Complaint.objects.count() == 1 and Notification.objects.count() == 1


def test_contact_details_are_required_and_checked(client, reference_data):
    response = client.post("/complaints/", form_data(contact_email="", contact_name="", contact_phone="abc", consent="",
                                                      description="terlalu pendek"))
    errors = response.context["form"].errors
    assert response.status_code == 200 and Complaint.objects.count() == 0
    assert set(errors) == {"contact_email", "contact_name", "contact_phone", "consent", "description"}
    assert errors["contact_phone"] == ["Masukkan nomor telepon: angka, spasi, tanda hubung, boleh diawali +."]


def test_filing_is_rate_limited_per_client(client, reference_data, settings):
    settings.COMPLAINT_FILE_RATE = "2/h"
    answers = [client.post("/complaints/", form_data()).status_code for _ in range(3)]
    assert answers == [302, 302, 429]
    assert Complaint.objects.count() == 2
    refused = client.post("/complaints/", form_data())
    assert refused.status_code == 429 and refused["Retry-After"] == "3600"
    assert client.get("/complaints/").status_code == 200  # the page itself counts against the public rate only


def test_a_signed_in_complainant_attaches_evidence_the_handler_may_open(client, make_user, reference_data):
    applicant = make_user(Role.APPLICANT, full_name="Siti Aminah", email="siti@example.test")
    client.force_login(applicant)
    form = client.get("/complaints/").content.decode()
    assert 'name="evidence"' in form and 'value="siti@example.test"' in form
    response = client.post("/complaints/", {**form_data(contact_email="siti@example.test"), "evidence": [pdf(), pdf("surat.pdf")]})
    assert response.status_code == 302
    complaint = Complaint.objects.get()
    assert complaint.complainant == applicant
    documents = list(complaint.evidence.order_by("original_name"))
    assert [d.original_name for d in documents] == ["bukti.pdf", "surat.pdf"]
    lsp_admin, balks_admin = make_user(Role.LSP_ADMIN), make_user(Role.BALKS_ADMIN)
    assert [can_view(u, documents[0]) for u in (applicant, lsp_admin, balks_admin, make_user(Role.APPLICANT))] == [
        True, True, False, False
    ]
    # Signed in with the same address: the code also arrives as an in-app notification.
    assert Notification.objects.get(recipient=applicant).template == "complaints/received"


def test_too_many_evidence_files_are_refused_beside_the_field(client, make_user, reference_data, settings):
    settings.COMPLAINT_MAX_EVIDENCE = 1
    client.force_login(make_user(Role.APPLICANT))
    response = client.post("/complaints/", {**form_data(), "evidence": [pdf(), pdf("b.pdf")]})
    assert response.status_code == 200 and Complaint.objects.count() == 0
    assert response.context["form"].errors["evidence"] == ["Lampirkan paling banyak 1 berkas."]
