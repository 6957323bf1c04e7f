"""The BNSP export of a plenary: the Kompeten candidates of that plenary only, with NIK; LSP admins only,
every download audited, never cached; cells that look like formulas stay text."""

from io import BytesIO

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from certification.exams import services
from certification.exams.models import ExamBooking, ExamSession
from portal.accounts.roles import Role
from portal.audit.models import AuditEvent
from portal.credentials.models import Credential
from registry.models import WorkerProfile

from .helpers import candidate, make_assessor, make_session, make_tuk, secretariat_of

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def decided(make_user, session, result, *, name, nik, staff):
    application = candidate(make_user, full_name=name)
    WorkerProfile.objects.filter(user=application.applicant).update(nik=nik, full_name=name)
    booking = services.book_seat(staff, application, session)
    fields = {"attendance": "present", "decided_at": timezone.now()}
    if result:
        fields["result"] = result
    ExamBooking.objects.filter(pk=booking.pk).update(**fields)
    return application


@pytest.fixture
def plenary(make_user, issue):
    staff = secretariat_of(make_user)
    tuk = make_tuk(name="BBPPKS Regional II Bandung")
    session = make_session(capacity=10)
    ExamSession.objects.filter(pk=session.pk).update(tuk=tuk, plenary_at=timezone.now())
    session.refresh_from_db()
    assessor = make_assessor(make_user, full_name="Dr. Ahmad Fauzi")
    services.set_assessors(staff, session, [assessor])
    ayu = decided(make_user, session, "competent", name="Ayu Lestari", nik="3273015501900001", staff=staff)
    evil = decided(make_user, session, "competent", name="=HYPERLINK(\"http://x\",\"klik\")", nik="3273015501900002", staff=staff)
    decided(make_user, session, "not_yet_competent", name="Bambang Prasetyo", nik="3273011203880003", staff=staff)
    decided(make_user, session, None, name="Citra Dewi", nik="3273014404910004", staff=staff)
    other = make_session(capacity=5)
    decided(make_user, other, "competent", name="Dedi Kurniawan", nik="3604010101850005", staff=staff)
    issue(holder=ayu.applicant, holder_name="Ayu Lestari", source=f"certification.application:{ayu.pk}")
    return session, ayu, evil


def sheet_of(response):
    book = load_workbook(BytesIO(response.content))
    return book.active


def test_the_export_lists_only_the_kompeten_of_that_plenary_with_nik(client, make_user, plenary,
                                                                        django_assert_max_num_queries):
    session, ayu, evil = plenary
    admin = make_user(Role.LSP_ADMIN)
    client.force_login(admin)
    with django_assert_max_num_queries(14):
        response = client.get(f"/secretariat/exams/{session.pk}/plenary/bnsp.xlsx")
    assert response.status_code == 200 and response["Content-Type"] == XLSX
    assert response["Cache-Control"] == "no-store, private"
    assert response["Content-Disposition"].startswith('attachment; filename="bnsp-kompeten-ps-generalis-')
    sheet = sheet_of(response)
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    header = rows[0]
    assert header[:3] == ["No", "Nama", "NIK"]
    assert "Nomor sertifikat" in header and "Tempat Uji Kompetensi (TUK)" in header and "Asesor" in header
    assert len(rows) == 3  # the two Kompeten of this plenary, not the others
    by_nik = {row[2]: dict(zip(header, row)) for row in rows[1:]}
    assert set(by_nik) == {"3273015501900001", "3273015501900002"}
    first = by_nik["3273015501900001"]
    number = Credential.objects.get(source=f"certification.application:{ayu.pk}").number
    assert (first["Nama"], first["Nomor sertifikat"], first["Tempat Uji Kompetensi (TUK)"], first["Asesor"]) == (
        "Ayu Lestari", number, "BBPPKS Regional II Bandung", "Dr. Ahmad Fauzi",
    )
    assert first["Skema"] == session.scheme.name and first["E-mail"] == ayu.applicant.email
    # A name that looks like a formula stays text.
    assert by_nik["3273015501900002"]["Nama"] == "'=HYPERLINK(\"http://x\",\"klik\")"
    assert all(cell.data_type == "s" for row in sheet.iter_rows(min_row=2) for cell in row if cell.value is not None)
    assert sheet.cell(row=2, column=1).data_type == "s" and sheet.cell(row=2, column=3).value in by_nik
    event = AuditEvent.objects.get(action="exams.bnsp_export")
    assert (event.actor, event.object_id, event.after) == (admin, str(session.pk), {"candidates": 2})


@pytest.mark.parametrize("role", ["secretariat", "assessor", "applicant", "balks_admin", "lks_operator"])
def test_only_lsp_admins_download_the_export(client, make_user, plenary, role):
    session, ayu, _evil = plenary
    users = {
        "secretariat": lambda: secretariat_of(make_user),  # runs the session, still not allowed
        "assessor": lambda: session.assessors.get().user,
        "applicant": lambda: ayu.applicant,
        "balks_admin": lambda: make_user(Role.BALKS_ADMIN),
        "lks_operator": lambda: make_user(Role.LKS_OPERATOR),
    }
    client.force_login(users[role]())
    response = client.get(f"/secretariat/exams/{session.pk}/plenary/bnsp.xlsx")
    assert response.status_code == 404
    assert not AuditEvent.objects.filter(action="exams.bnsp_export").exists()


def test_anonymous_is_sent_to_sign_in_and_the_plenary_page_links_the_export(client, make_user, plenary):
    session, _ayu, _evil = plenary
    response = client.get(f"/secretariat/exams/{session.pk}/plenary/bnsp.xlsx")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    client.force_login(make_user(Role.LSP_ADMIN))
    page = client.get(f"/secretariat/exams/{session.pk}/plenary/").content.decode()
    assert f'href="/secretariat/exams/{session.pk}/plenary/bnsp.xlsx"' in page
    assert client.get("/secretariat/exams/999999/plenary/bnsp.xlsx").status_code == 404
