"""LKS registration by operators: legal data validated with its documents, bad input re-displayed with
what was typed (no file stored until the whole form is valid), several operators, staff linked to the registry."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from accreditation import services
from portal.documents.services import store_upload
from accreditation.models import Institution, InstitutionOperator, Staff
from portal.audit.models import AuditEvent
from portal.documents.models import Document
from portal.workflow.engine import perform
from registry.models import WorkerProfile

from .helpers import PDF, make_institution, pdf, submitted

pytestmark = pytest.mark.django_db


def form_data(**overrides):
    data = {
        "name": "LKSA Cahaya Bunda", "legal_entity_name": "Yayasan Cahaya Bunda", "legal_form": "yayasan",
        "services": ["children", "youth"], "province": "", "regency": "Kota Bandung",
        "address": "Jl. Cihampelas No. 5", "postal_code": "40131", "phone": "0812 3456 7890",
        "email": "info@cahayabunda.example.id", "leader_name": "Dra. Nur Aini", "leader_position": "Ketua",
        "capacity": "60", "beneficiaries": "52",
        "deed_number": "17", "deed_date": "2012-04-02",
        "decree_number": "AHU-0001234.AH.01.04.Tahun 2012", "decree_date": "2012-06-01",
        "registration_number": "460/55/LKS", "registration_date": "2016-02-10",
        "licence_number": "503/IZOP/2016", "licence_date": "2016-03-01",
        "npwp": "01.234.567.8-901.000",
    }
    data.update(overrides)
    return data


def files(*keys):
    return {f"{k}_file": pdf(f"{k}.pdf") for k in keys or ("deed", "decree", "registration", "licence", "npwp")}


@pytest.fixture
def jabar():
    from portal.regions.models import Province

    return Province.objects.get(code="32")


def post(client, url, data):
    return client.post(url, data)


def test_an_operator_registers_an_lks(client, operator, jabar):
    client.force_login(operator)
    assert client.get("/lks/new/").status_code == 200
    response = client.post("/lks/new/", {**form_data(province=jabar.pk), **files()})
    institution = Institution.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/lks/{institution.pk}/"
    assert institution.npwp == "012345678901000" and institution.npwp_display == "01.234.567.8-901.000"
    assert institution.phone == "081234567890"
    assert institution.name_search == "lksa cahaya bunda"
    assert sorted(institution.services.values_list("field", flat=True)) == ["children", "youth"]
    assert list(institution.operators.all()) == [operator]
    docs = [institution.deed_document, institution.decree_document, institution.registration_document,
            institution.licence_document, institution.npwp_document]
    assert all(d is not None and d.kind == "accreditation:legal" and d.owner == operator for d in docs)
    assert AuditEvent.objects.for_object(institution).filter(action="lks.create").count() == 1
    page = client.get(f"/lks/{institution.pk}/").content.decode()
    assert "LKSA Cahaya Bunda" in page and "akta.pdf" not in page and "deed.pdf" in page


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("npwp", "12.345", "NPWP terdiri atas 15 digit"),
        ("npwp", "01.234.567.8-901.00A", "NPWP hanya berisi angka"),
        ("deed_date", "2999-01-01", "tidak boleh melewati hari ini"),
        ("licence_date", "2001-01-01", "tidak boleh lebih awal daripada tanggal akta notaris"),
        ("registration_date", "2011-12-31", "tidak boleh lebih awal daripada tanggal akta notaris"),
        ("phone", "12345", "Nomor telepon Indonesia"),
        ("postal_code", "4011", "lima digit"),
        ("decree_number", "", "memerlukan SK Kemenkumham"),
        ("capacity", "0", "lebih besar dari atau sama dengan 1"),
        ("deed_number", "abc", "Ketik nomor seperti tertulis"),
    ],
)
def test_bad_input_is_shown_beside_the_field_and_kept(client, operator, jabar, field, value, message):
    client.force_login(operator)
    response = client.post("/lks/new/", {**form_data(province=jabar.pk, **{field: value}), **files()})
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html, html[html.find("invalid-feedback") - 200: html.find("invalid-feedback") + 400]
    assert re.search(rf'name="{field}"[^>]*is-invalid|is-invalid[^>]*name="{field}"', html), field
    assert 'value="Jl. Cihampelas No. 5"' in html or "Jl. Cihampelas No. 5</textarea>" in html
    assert 'value="LKSA Cahaya Bunda"' in html
    assert Institution.objects.count() == 0


@pytest.fixture
def private_root(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    return tmp_path


def files_on_disk(root):
    return sorted(path for path in root.rglob("*") if path.is_file())


def test_failed_registrations_leave_no_file_behind(client, operator, jabar, private_root):
    """Issue 13: five registrations without a name used to keep their 25 files, attached to nothing."""
    client.force_login(operator)
    for _attempt in range(5):
        response = client.post("/lks/new/", {**form_data(province=jabar.pk, name=""), **files()})
        assert response.status_code == 200
        assert response.context["form"].errors["name"] == ["Bidang ini tidak boleh kosong."]
    assert Document.objects.count() == 0
    assert files_on_disk(private_root) == []
    html = response.content.decode()
    assert "Berkas tidak disimpan bila formulir masih salah: pilih berkasnya lagi." in html
    assert 'value="Yayasan Cahaya Bunda"' in html
    # With the name filled in and the files chosen again, the LKS is registered with its five files.
    response = client.post("/lks/new/", {**form_data(province=jabar.pk), **files()})
    assert response.status_code == 302
    institution = Institution.objects.get()
    assert institution.deed_document.original_name == "deed.pdf"
    assert Document.objects.filter(owner=operator, kind="accreditation:legal").count() == 5
    assert len(files_on_disk(private_root)) == 5


def test_past_the_document_quota_the_files_are_refused_beside_their_fields(client, operator, jabar, settings, private_root):
    settings.DOCUMENT_QUOTA_COUNT = 3  # the five files of one form count together
    client.force_login(operator)
    response = client.post("/lks/new/", {**form_data(province=jabar.pk), **files()})
    assert response.status_code == 200
    errors = response.context["form"].errors
    message = "Satu akun dapat menyimpan paling banyak 3 dokumen; berkas ini akan melampaui batas itu."
    assert errors == {"licence_file": [message], "npwp_file": [message]}
    html = response.content.decode()
    assert html.count(message) == 2
    assert 'value="LKSA Cahaya Bunda"' in html and "Jl. Cihampelas No. 5</textarea>" in html
    assert Institution.objects.count() == 0 and Document.objects.count() == 0
    assert files_on_disk(private_root) == []


def test_past_the_storage_quota_a_file_is_refused_beside_its_field(client, operator, jabar, settings, private_root):
    store_upload(operator, pdf("lama.pdf"), kind="accreditation:legal")
    settings.DOCUMENT_QUOTA_BYTES = 5 * len(PDF)  # room for four more
    client.force_login(operator)
    response = client.post("/lks/new/", {**form_data(province=jabar.pk), **files()})
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "npwp_file": [f"Berkas ini ({len(PDF)}\xa0bita) akan melampaui batas penyimpanan akun sebesar {5 * len(PDF)}\xa0bita"
                      f" (sudah terpakai {5 * len(PDF)}\xa0bita)."]
    }
    assert Document.objects.count() == 1


def test_past_the_upload_rate_the_files_are_refused_and_what_was_typed_is_kept(client, operator, jabar, settings, private_root):
    settings.DOCUMENT_UPLOADS_PER_MINUTE = 7
    client.force_login(operator)
    client.post("/lks/new/", {**form_data(province=jabar.pk, npwp="123"), **files()})  # five files counted
    response = client.post("/lks/new/", {**form_data(province=jabar.pk), **files()})
    assert response.status_code == 200
    message = "Anda mengirim terlalu banyak berkas dalam waktu singkat. Tunggu satu menit, lalu pilih berkasnya lagi."
    assert response.context["form"].errors == {"registration_file": [message], "licence_file": [message], "npwp_file": [message]}
    assert message in response.content.decode()
    assert 'value="LKSA Cahaya Bunda"' in response.content.decode()
    assert Institution.objects.count() == 0 and Document.objects.count() == 0
    assert files_on_disk(private_root) == []


def test_a_file_that_is_not_a_pdf_is_refused_beside_its_field(client, operator, jabar):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(operator)
    data = {**form_data(province=jabar.pk), **files()}
    data["npwp_file"] = SimpleUploadedFile("npwp.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    response = client.post("/lks/new/", data)
    assert response.status_code == 200
    assert "bukan berkas PDF, JPEG, atau PNG" in response.content.decode()


def test_a_community_organisation_needs_no_decree(client, operator, jabar):
    client.force_login(operator)
    data = {**form_data(province=jabar.pk, legal_form="ormas", decree_number="", decree_date=""),
            **files("deed", "registration", "licence", "npwp")}
    assert client.post("/lks/new/", data).status_code == 302
    institution = Institution.objects.get()
    assert institution.decree_document is None and institution.decree_number == ""
    assert [key for key, *_rest in institution.legal_items()] == ["deed", "registration", "licence", "npwp"]


def test_a_sixteen_digit_npwp_is_accepted(client, operator, jabar):
    client.force_login(operator)
    assert client.post("/lks/new/", {**form_data(province=jabar.pk, npwp="3273 0123 4567 8901"), **files()}).status_code == 302
    assert Institution.objects.get().npwp == "3273012345678901"


@pytest.mark.parametrize("role", ["applicant", "assessor", "secretariat", "balks_admin"])
def test_only_operators_register(client, make_user, role):
    client.force_login(make_user(role))
    assert client.get("/lks/new/").status_code == 404
    assert client.get("/lks/").status_code == 404


def test_an_lks_has_several_operators_and_an_operator_several_lks(client, operator, make_user):
    first = make_institution(operator, name="LKSA Satu")
    second = make_institution(operator, name="LKSLU Dua", fields=("elderly",))
    colleague = make_user("lks_operator", email="rekan@example.test")
    client.force_login(operator)
    response = client.post(f"/lks/{first.pk}/operators/", {"email": "REKAN@example.test"})
    assert response.status_code == 302
    assert set(first.operators.all()) == {operator, colleague}
    assert colleague.notifications.filter(template="accreditation/operator_added").count() == 1
    # Adding twice, or an account that is not an LKS operator, is refused with a message.
    client.post(f"/lks/{first.pk}/operators/", {"email": "rekan@example.test"})
    applicant = make_user("applicant", email="pemohon@example.test")
    response = client.post(f"/lks/{first.pk}/operators/", {"email": applicant.email}, follow=True)
    assert "Tidak ada akun operator LKS" in response.content.decode()
    assert InstitutionOperator.objects.filter(institution=first).count() == 2
    # The colleague sees the first LKS and not the second.
    client.force_login(colleague)
    assert client.get(f"/lks/{first.pk}/").status_code == 200
    assert client.get(f"/lks/{second.pk}/").status_code == 404
    page = client.get("/lks/").content.decode()
    assert "LKSA Satu" in page and "LKSLU Dua" not in page
    # The operator sees both.
    client.force_login(operator)
    page = client.get("/lks/").content.decode()
    assert "LKSA Satu" in page and "LKSLU Dua" in page
    # Removing: the colleague goes; the last operator stays.
    client.post(f"/lks/{first.pk}/operators/{colleague.pk}/remove/")
    assert list(first.operators.all()) == [operator]
    response = client.post(f"/lks/{first.pk}/operators/{operator.pk}/remove/", follow=True)
    assert "sedikitnya satu operator" in response.content.decode()
    assert list(first.operators.all()) == [operator]


def test_staff_are_linked_to_the_registry_and_the_ratio_is_derived(client, operator, make_user):
    institution = make_institution(operator, beneficiaries=45)
    worker_user = make_user("applicant", full_name="Rina Marlina")
    WorkerProfile.objects.create(
        user=worker_user, full_name="Rina Marlina, S.Tr.Sos.", nik="3273014507900001", social_work_education=True,
    )
    client.force_login(operator)
    client.post(f"/lks/{institution.pk}/staff/", {
        "full_name": "Rina", "position": "Pekerja sosial", "role": "social_worker", "nik": "3273 0145 0790 0001",
    })
    client.post(f"/lks/{institution.pk}/staff/", {
        "full_name": "Dedi Kurniawan", "position": "Pekerja sosial", "role": "social_worker",
        "social_work_education": "on",
    })
    client.post(f"/lks/{institution.pk}/staff/", {"full_name": "Yuni", "position": "Pengasuh", "role": "welfare_worker"})
    response = client.post(f"/lks/{institution.pk}/staff/", {"full_name": "", "position": "x", "role": "support", "nik": "123"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "NIK terdiri atas 16 digit." in html and "Bidang ini tidak boleh kosong." in html
    linked = Staff.objects.get(worker__isnull=False)
    assert (linked.full_name, linked.social_work_education) == ("Rina Marlina, S.Tr.Sos.", True)
    institution.refresh_from_db()
    assert (institution.staff_count, institution.social_worker_count) == (3, 2)
    assert institution.beneficiaries_per_social_worker == 22.5
    assert institution.social_worker_share == 67
    page = client.get(f"/lks/{institution.pk}/").content.decode()
    assert "1 : 22.5" in page or "1 : 22,5" in page
    client.post(f"/lks/{institution.pk}/staff/{linked.pk}/remove/")
    institution.refresh_from_db()
    assert (institution.staff_count, institution.social_worker_count) == (2, 1)


def test_legal_data_is_locked_while_under_review_and_opens_only_where_flagged(client, make_user):
    accreditation = submitted(make_user)
    institution = accreditation.institution
    operator = institution.operators.get()
    client.force_login(operator)
    html = client.get(f"/lks/{institution.pk}/edit/").content.decode()
    assert re.search(r'name="npwp"[^>]*disabled', html) and re.search(r'name="name"[^>]*disabled', html)
    data = form_data(province=institution.province_id, name="Nama Lain", npwp="99.999.999.9-999.999")
    assert client.post(f"/lks/{institution.pk}/edit/", data).status_code == 302
    institution.refresh_from_db()
    assert institution.name == "LKSA Pelita Hati" and institution.npwp == "012345678901000"
    assert institution.address == "Jl. Cihampelas No. 5"  # not locked

    reviewer = make_user("secretariat", regional_office=accreditation.regional_office)
    item = accreditation.review_items.get(key="legal:npwp")
    services.review_item(reviewer, item, "needs_revision", "NPWP tidak terbaca")
    perform(accreditation, "return_for_revision", reviewer, note="Perbaiki NPWP")
    html = client.get(f"/lks/{institution.pk}/edit/").content.decode()
    assert not re.search(r'name="npwp"[^>]*disabled', html) and re.search(r'name="deed_number"[^>]*disabled', html)
    response = client.post(f"/lks/{institution.pk}/edit/", {**data, "npwp_file": pdf("npwp-jelas.pdf")})
    assert response.status_code == 302
    institution.refresh_from_db()
    item.refresh_from_db()
    assert institution.npwp == "999999999999999" and institution.npwp_document.original_name == "npwp-jelas.pdf"
    assert item.is_revised
    assert timezone.now() - item.revised_at < timedelta(minutes=1)
