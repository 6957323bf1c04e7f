"""Issue 17 item 3: a person's rights over their data (UU 27/2022). The export holds an item from
every app and the processing history; requests for correction and erasure are tracked, answered by
the data protection officer, and an erasure deletes what may go and keeps, with the reason, what the
law keeps."""

import json
import subprocess
from datetime import timedelta

import pytest
from django.utils import timezone

from accreditation.models import InstitutionOperator
from certification.assessment import services as assessment
from certification.exams.services.booking import book_seat
from certification.models import Application
from portal.accounts.roles import Role
from portal.audit.models import AuditEvent
from portal.documents.models import Document
from portal.documents.services import LIBRARY_KIND, store_upload
from portal.notifications.models import Notification
from portal.privacy import exporters, services
from portal.privacy.models import DataRequest, RequestKind, RequestStatus
from registry.models import WorkerProfile
from tests.accreditation.helpers import make_institution
from tests.assessment.helpers import make_assessor, region_secretariat
from tests.certification.helpers import submitted_application
from tests.exams.helpers import make_session
from tests.registry.helpers import make_credential, make_nik, pdf_upload

pytestmark = pytest.mark.django_db


def a_person_everywhere(make_user, client):
    """An applicant with a profile, an assessed application with feedback, a booked exam seat, a
    certificate, an operator role at an LKS and messages — and staff who opened their data."""
    application = submitted_application(make_user, full_name="Siti Aminah")
    person = application.applicant
    profile = WorkerProfile.objects.get(user=person)
    WorkerProfile.objects.filter(pk=profile.pk).update(nik=make_nik(birth=profile.birth_date))
    store_upload(person, pdf_upload("catatan-pribadi.pdf"), kind=LIBRARY_KIND)  # the person's own library
    secretariat = region_secretariat(make_user)
    for item in [*application.documents.all(), *application.essays.all()]:
        item.review_status = "accepted"
        item.save()
    from portal.workflow.engine import perform

    perform(application, "declare_eligible", secretariat)
    assessors = [make_assessor(make_user), make_assessor(make_user, institution="STKS Bandung")]
    for assessor, assignment in zip(assessors, assessment.assign(secretariat, application, assessors)):
        assessment.declare(assessor, assignment, conflict=False)
        assessment.save_scores(assessor, assignment, {c.pk: (4, False, "Bukti") for c in assignment.rubric.criteria.all()})
        assessment.submit(assessor, assignment, recommendation="proceed", feedback="Portofolio kuat; lanjutkan.")
    application.refresh_from_db()
    session = make_session()
    booking = book_seat(person, application, session)
    make_credential(person, number="PS-GEN-2026-000777-X", holder_name="Siti Aminah")
    make_institution(make_user(Role.LKS_OPERATOR), name="LKSA Cahaya")
    InstitutionOperator.objects.create(institution=InstitutionOperator.objects.first().institution, user=person)
    from tests.complaints.helpers import file as file_complaint

    complaint, _code = file_complaint(complainant=person, contact_name="Siti Aminah", contact_email=person.email)
    from portal.complaints import services as complaints

    handler = make_user(Role.LSP_ADMIN)
    complaints.triage(complaint, handler, category="fraud", handler=handler)
    complaints.respond(complaint, handler, text="Kami sedang memeriksanya.", is_public=True)
    complaints.respond(complaint, handler, text="Catatan internal: cek jadwal asesor.", is_public=False)
    # Staff open the person's data: the processing history lists it.
    client.force_login(secretariat)
    assert client.get(f"/workers/{profile.pk}/").status_code == 200
    photo = application.documents.get(requirement__kind="photo").document
    assert client.get(f"/documents/{photo.pk}/").status_code == 200
    client.logout()
    return person, application, booking, secretariat


def test_the_export_holds_an_item_from_every_app_and_the_processing_history(client, make_user):
    person, application, booking, secretariat = a_person_everywhere(make_user, client)
    client.force_login(person)
    response = client.get("/my-data/export.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Cache-Control"] == "private, no-store"
    data = json.loads(response.content)

    assert data["account"]["email"] == person.email
    assert data["worker_profile"]["nik"] == person.worker_profile.nik
    assert data["worker_profile"]["education"][0]["level"] == "S1"
    [exported] = data["applications"]
    assert exported["reference"] == application.reference
    assert {e["question"] for e in exported["essays"]} == set(application.essays.values_list("prompt__prompt", flat=True))
    assert [d["file"]["sha256"] for d in exported["portfolio"]] == list(
        application.documents.order_by("pk").values_list("document__sha256", flat=True)
    )
    assert [h["what"] for h in exported["history"]][:2] == ["Diajukan", "Dinyatakan memenuhi syarat"]
    assert [(f["application"], f["feedback"]) for f in data["portfolio_assessment"]] == [
        (application.reference, "Portofolio kuat; lanjutkan."), (application.reference, "Portofolio kuat; lanjutkan.")
    ]
    [seat] = data["exam_bookings"]
    assert (seat["application"], seat["seat"], seat["result"]) == (application.reference, booking.seat, None)
    assert [c["number"] for c in data["credentials"]] == ["PS-GEN-2026-000777-X"]
    assert [m["institution"] for m in data["accreditation"]["operator_of"]] == ["LKSA Cahaya"]
    [complaint] = data["complaints"]
    assert (complaint["contact_email"], complaint["status"]) == (person.email, "Sedang ditangani")
    assert [a["answer"] for a in complaint["answers"]] == ["Kami sedang memeriksanya."]  # never the internal note
    assert len(data["documents"]) == Document.objects.filter(owner=person).count() > 0
    assert data["notifications"] and all(n["subject"] for n in data["notifications"])
    # Every registered part is there, and the processing history names who opened what.
    assert set(data) >= {s.key for s in exporters.sections()} | {"processing_history", "data_requests"}
    opened = [(row["by"], row["what"]) for row in data["processing_history"]]
    assert (secretariat.email, "Membuka profil lengkap Anda") in opened
    assert (secretariat.email, "Membuka dokumen Anda") in opened
    assert (secretariat.email, "Dinyatakan memenuhi syarat") in opened
    assert all(row["by"] != person.email for row in data["processing_history"])  # their own actions are not "processing by others"
    assert AuditEvent.objects.filter(action="privacy.export", actor=person).count() == 1


def test_the_readable_pdf_names_every_part_in_indonesian(client, make_user, tmp_path):
    person, application, booking, secretariat = a_person_everywhere(make_user, client)
    client.force_login(person)
    response = client.get("/my-data/export.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "private, no-store"
    path = tmp_path / "data.pdf"
    path.write_bytes(response.content)
    text = " ".join(subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout.split())
    assert "skema atau peringkat" in text and "birth_date" not in text
    for title in ("Data pribadi yang disimpan portal", "Akun", "Profil pekerja sosial", "Permohonan sertifikasi",
                  "Uji kompetensi dan sesi bimbingan", "Sertifikat", "Akreditasi LKS", "Siapa yang memproses data Anda"):
        assert title in text, title
    # (pdftotext joins a number broken at its hyphen at the end of a line: "PSGEN-2026-…")
    for value in (person.worker_profile.nik, application.reference, "2026-000777-X", "LKSA Cahaya", "tempat lahir",
                  "Membuka profil lengkap Anda"):
        assert value in text, value


def test_every_key_of_a_full_export_has_an_indonesian_name(client, make_user):
    """The readable PDF writes no raw key ("birth_date"): every key in a full export is labelled."""
    person, *_ = a_person_everywhere(make_user, client)
    data = services.export(person)
    labels = exporters.labels()

    def keys(value):
        if isinstance(value, dict):
            for key, child in value.items():
                yield key
                yield from keys(child)
        elif isinstance(value, list):
            for child in value:
                yield from keys(child)

    parts = {s.key for s in exporters.sections()}
    unnamed = sorted({k for part in parts for k in keys(data[part])} - set(labels))
    assert unnamed == []


def test_only_the_data_protection_officer_sees_the_requests(client, make_user):
    person = make_user(Role.APPLICANT)
    data_request = services.submit_request(person, RequestKind.CORRECTION, "Tanggal lahir saya salah: 14 Mei 1990.")
    for role in Role:
        if role == Role.DPO:
            continue
        client.force_login(make_user(role))
        assert client.get("/privacy/requests/").status_code == 404, role
        assert client.get(f"/privacy/requests/{data_request.pk}/").status_code == 404, role
    client.force_login(make_user(Role.DPO))
    assert client.get("/privacy/requests/").status_code == 200
    assert client.get(f"/privacy/requests/{data_request.pk}/").status_code == 200
    client.logout()
    assert client.get("/my-data/").status_code == 302


def test_a_correction_is_received_answered_within_three_days_and_told(client, make_user):
    person = make_user(Role.APPLICANT, full_name="Rudi Hartono")
    officer = make_user(Role.DPO, full_name="Maya Putri")
    client.force_login(person)
    response = client.post("/my-data/requests/", {"kind": "correction", "details": "  kurang  "})
    assert response.status_code == 200
    assert response.context["form"].errors == {"details": ["Tuliskan dalam satu kalimat apa yang Anda minta."]}
    assert 'kurang' in response.content.decode()  # what was typed is kept
    response = client.post("/my-data/requests/", {"kind": "correction", "details": "Nama saya tertulis Rudi Hartono, seharusnya Rudy Hartono."})
    data_request = DataRequest.objects.get(person=person)
    assert response.status_code == 302 and response["Location"] == f"/my-data/#request-{data_request.pk}"
    assert data_request.due_at - data_request.created_at == timedelta(hours=72)
    assert Notification.objects.filter(recipient=officer, template="privacy/request_for_officer").count() == 1
    assert Notification.objects.filter(recipient=person, template="privacy/request_received").count() == 1

    client.force_login(officer)
    response = client.post(f"/privacy/requests/{data_request.pk}/", {"action": "complete", "response": "Nama sudah diperbaiki."})
    assert response.status_code == 302
    data_request.refresh_from_db()
    assert (data_request.status, data_request.response, data_request.answered_by) == (RequestStatus.DONE, "Nama sudah diperbaiki.", officer)
    told = Notification.objects.get(recipient=person, template="privacy/request_answered")
    assert "Nama sudah diperbaiki." in told.body
    assert AuditEvent.objects.filter(action="data_request.complete", actor=officer).count() == 1
    # A second answer from a stale page is refused, nothing changes.
    response = client.post(f"/privacy/requests/{data_request.pk}/", {"action": "refuse", "response": "Tidak."})
    assert response.status_code == 200
    data_request.refresh_from_db()
    assert data_request.status == RequestStatus.DONE


def test_an_erasure_deletes_what_may_go_and_keeps_the_certificate_with_the_reason(client, make_user):
    person, application, booking, secretariat = a_person_everywhere(make_user, client)
    draft_docs = Document.objects.filter(owner=person).count()
    officer = make_user(Role.DPO)
    data_request = services.submit_request(person, RequestKind.ERASURE, "Hapus semua data saya.")
    plan = services.erasure_plan(person)
    assert WorkerProfile.objects.filter(user=person).exists()  # the plan changed nothing
    person.refresh_from_db()
    assert person.is_active
    services.answer(officer, data_request, "Data yang boleh dihapus sudah dihapus.")
    data_request.refresh_from_db()
    person.refresh_from_db()
    assert data_request.outcome == plan
    assert not WorkerProfile.objects.filter(user=person).exists()
    assert not person.is_active and not person.has_usable_password()
    assert Application.objects.filter(pk=application.pk).exists()  # a submitted application is a record kept
    assert any("PS-GEN-2026-000777-X" in line for line in data_request.outcome["kept"])
    assert any(application.reference in line for line in data_request.outcome["kept"])
    assert "Profil pekerja sosial Anda, riwayat pendidikan, pekerjaan, dan pelatihan" in data_request.outcome["erased"]
    # The person's library went; the application's documents stay with it.
    assert not Document.objects.filter(owner=person, kind=LIBRARY_KIND).exists()
    assert Document.objects.filter(owner=person).count() == draft_docs - 1 == application.documents.count()
    assert person.email != "erased"  # records kept name the person: the address stays on them
    # The answer reaches the address they had, though the account is closed.
    told = Notification.objects.filter(template="privacy/request_answered").latest("id")
    assert told.email == person.email and "PS-GEN-2026-000777-X" in told.body


def test_an_erasure_of_someone_with_nothing_kept_makes_the_account_anonymous(make_user):
    person = make_user(Role.APPLICANT, full_name="Dina Safitri", email="dina@example.test")
    officer = make_user(Role.DPO)
    data_request = services.submit_request(person, RequestKind.ERASURE, "Saya tidak jadi mendaftar; hapus akun saya.")
    services.answer(officer, data_request, "Akun Anda sudah dihapus.")
    person.refresh_from_db()
    assert (person.full_name, person.email, person.is_active) == ("", f"erased-{person.pk}@erased.invalid", False)
    assert Notification.objects.filter(template="privacy/request_answered", email="dina@example.test").count() == 1


def test_overdue_requests_remind_the_officers_once_a_day(make_user):
    person = make_user(Role.APPLICANT)
    officer = make_user(Role.DPO)
    data_request = services.submit_request(person, RequestKind.CORRECTION, "Alamat saya salah ketik.")
    assert services.remind_overdue() == 0
    DataRequest.objects.filter(pk=data_request.pk).update(due_at=timezone.now() - timedelta(hours=1))
    assert services.remind_overdue() == 1
    assert services.remind_overdue() == 0  # once a day
    assert Notification.objects.filter(recipient=officer, template="privacy/request_overdue").count() == 1
    tomorrow = timezone.localdate() + timedelta(days=1)
    assert services.remind_overdue(today=tomorrow) == 1
    assert Notification.objects.filter(recipient=officer, template="privacy/request_overdue").count() == 2


def test_every_action_in_the_processing_history_is_named(client, make_user):
    """The history reads "An assessor submitted the assessment of your portfolio", never a raw audit
    action ("assessment.submit"): every action the person's records went through is named."""
    person, *_ = a_person_everywhere(make_user, client)
    from portal.privacy import history

    raw = [label for _event, label in history.rows(person) if str(label).startswith("Diproses (")]
    assert raw == []
