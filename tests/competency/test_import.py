"""The LSP admin imports a scheme's units from a spreadsheet: checked by content, every row validated,
nothing stored from a file with errors; a good file becomes a draft, published as the next version."""

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from certification.competency import spreadsheet
from certification.competency.models import (
    Element,
    PerformanceCriterion,
    SchemeVersion,
    Unit,
)
from certification.models import Scheme
from portal.accounts.roles import Role
from portal.audit.models import AuditEvent
from tests.certification.helpers import png

from .helpers import GOOD_ROWS, HEADER, XLSX_TYPE, csv_file, xlsx

pytestmark = pytest.mark.django_db


def post_import(client, upload, **fields):
    scheme = Scheme.objects.get(code="ps-generalis")
    data = {"scheme": scheme.pk, "kind": "kkni", "kkni_level": "6", "scheme_number": "SKM/LSP-KS/01/2026", "file": upload, **fields}
    return client.post("/schemes/units/import/", data)


def nothing_imported():
    return (SchemeVersion.objects.count(), Unit.objects.count(), Element.objects.count(), PerformanceCriterion.objects.count()) == (0, 0, 0, 0)


def error_rows(response):
    """(row, column, message) as the page's table lists them."""
    return [(e.row, e.column, e.message) for e in response.context["parsed"].errors]


def test_bad_rows_are_listed_with_their_row_and_nothing_is_imported(client, lsp_admin):
    rows = [
        GOOD_ROWS[0],
        ["", "Judul tanpa kode", 1, "Elemen", "1.1", "Teks"],  # row 3: missing code
        ["M.87SOS00.001.1", "Judul lain untuk kode yang sama", 3, "Elemen tiga", "3.1", "Teks"],  # row 4: duplicate code
        ["M.87SOS00.002.1", "Menyusun rencana intervensi", 1, "Merumuskan tujuan", "", ""],  # row 5: element without KUK
    ]
    client.force_login(lsp_admin)
    response = post_import(client, csv_file(rows))
    assert response.status_code == 200
    assert error_rows(response) == [
        (3, "Kode Unit", "Kode Unit belum diisi."),
        (4, "Judul Unit", "Kode unit M.87SOS00.001.1 sudah muncul dengan judul lain di baris 2 (“Melakukan asesmen kebutuhan klien”)."),
        (5, "KUK", "Elemen 1 unit M.87SOS00.002.1 tidak memiliki kriteria unjuk kerja (KUK)."),
    ]
    html = response.content.decode()
    assert "Berkas berisi kesalahan: tidak ada yang diimpor" in html
    assert "Kode unit M.87SOS00.001.1 sudah muncul dengan judul lain di baris 2" in html
    # The form keeps what was typed (the file must be chosen again: browsers never keep it).
    assert response.context["form"]["scheme_number"].value() == "SKM/LSP-KS/01/2026"
    assert nothing_imported()


def test_unknown_and_missing_columns_are_named(client, lsp_admin):
    client.force_login(lsp_admin)
    header = ["Kode Unit", "Judul Unit", "No Elemen", "Elemen", "No KUK", "Keterangan"]
    response = post_import(client, xlsx([GOOD_ROWS[0][:5] + ["x"]], header=header))
    assert error_rows(response) == [
        (1, "Keterangan", "Kolom “Keterangan” tidak dikenal (kolom ke-6). Kolom yang dipakai: Kode Unit, Judul Unit, No Elemen, Elemen, No KUK, KUK."),
        (1, "KUK", "Kolom “KUK” tidak ada."),
    ]
    assert nothing_imported()


def test_kuk_numbers_must_belong_to_their_element_and_be_unique():
    parsed = spreadsheet.parse([
        HEADER,
        GOOD_ROWS[0],
        GOOD_ROWS[0],  # the same KUK again
        ["M.87SOS00.001.1", "Melakukan asesmen kebutuhan klien", 2, "Melaksanakan asesmen", "1.5", "Salah elemen"],
        ["M.87SOS00.001.1", "Melakukan asesmen kebutuhan klien", "dua", "Melaksanakan asesmen", "2.1", "Teks"],
    ])
    assert [(e.row, e.column, e.message) for e in parsed.errors] == [
        (3, "No KUK", "KUK 1.1 unit M.87SOS00.001.1 sudah ada di baris 2."),
        (4, "No KUK", "KUK 1.5 bukan milik elemen 2: nomornya harus diawali “2.”."),
        (5, "No Elemen", "Nomor elemen berupa bilangan bulat: 1, 2, 3…"),
    ]
    assert parsed.units == []


def test_a_good_file_imports_exactly_its_units_as_a_draft_then_publishes(client, lsp_admin):
    client.force_login(lsp_admin)
    response = post_import(client, xlsx(GOOD_ROWS))
    version = SchemeVersion.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/schemes/units/versions/{version.pk}/"
    assert (version.number, version.published_at, version.kind, version.kkni_level, version.scheme_number, version.source_name) == (
        None, None, "kkni", 6, "SKM/LSP-KS/01/2026", "unit.xlsx"
    )
    content = [
        (u.code, u.title, [(e.number, e.title, [(k.number, k.text) for k in e.criteria.all()]) for e in u.elements.all()])
        for u in version.units.all()
    ]
    assert content == [
        ("M.87SOS00.001.1", "Melakukan asesmen kebutuhan klien", [
            (1, "Menyiapkan asesmen", [("1.1", "Data awal klien dikumpulkan"), ("1.2", "Persetujuan klien diperoleh")]),
            (2, "Melaksanakan asesmen", [("2.1", "Kebutuhan klien diidentifikasi")]),
        ]),
        ("M.87SOS00.002.1", "Menyusun rencana intervensi", [(1, "Merumuskan tujuan", [("1.1", "Tujuan dirumuskan bersama klien")])]),
    ]
    page = client.get(f"/schemes/units/versions/{version.pk}/").content.decode()
    assert "Draf: belum diterbitkan" in page and "M.87SOS00.002.1" in page

    response = client.post(f"/schemes/units/versions/{version.pk}/publish/")
    assert response.status_code == 302
    version.refresh_from_db()
    assert version.number == 1 and version.published_by == lsp_admin and version.published_at is not None
    assert list(AuditEvent.objects.filter(action__startswith="competency.").values_list("action", flat=True).order_by("pk")) == [
        "competency.import", "competency.publish",
    ]
    # Publishing twice does nothing more.
    client.post(f"/schemes/units/versions/{version.pk}/publish/")
    version.refresh_from_db()
    assert version.number == 1

    # The next import is version 2; the first stays as it was.
    post_import(client, csv_file(GOOD_ROWS[:1], name="v2.csv"))
    second = SchemeVersion.objects.get(published_at__isnull=True)
    client.post(f"/schemes/units/versions/{second.pk}/publish/")
    second.refresh_from_db()
    assert second.number == 2 and second.units.count() == 1
    assert version.units.count() == 2


def test_a_new_import_replaces_the_draft_and_a_draft_can_be_discarded(client, lsp_admin):
    client.force_login(lsp_admin)
    post_import(client, xlsx(GOOD_ROWS))
    post_import(client, xlsx(GOOD_ROWS[:1]))
    draft = SchemeVersion.objects.get()
    assert draft.units.count() == 1
    assert client.post(f"/schemes/units/versions/{draft.pk}/discard/").status_code == 302
    assert nothing_imported()


def test_a_renamed_image_is_not_a_spreadsheet(client, lsp_admin):
    client.force_login(lsp_admin)
    for name, kind in (("unit.xlsx", "XLSX"), ("unit.csv", "CSV")):
        response = post_import(client, SimpleUploadedFile(name, png(), content_type=XLSX_TYPE))
        assert response.status_code == 200
        assert response.context["form"].errors["file"] == [
            f"Berkas ini bukan lembar kerja: isinya bukan {kind}. Simpan dari program lembar kerja Anda sebagai {kind}."
        ]
        assert "Berkas ini bukan lembar kerja" in response.content.decode()
    # A zip that is not a workbook is not one either.
    buffer = io.BytesIO()
    import zipfile

    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "bukan buku kerja")
    response = post_import(client, SimpleUploadedFile("unit.xlsx", buffer.getvalue()))
    assert response.context["form"].errors["file"] == [
        "Berkas ini bukan lembar kerja: isinya bukan XLSX. Simpan dari program lembar kerja Anda sebagai XLSX."
    ]
    assert nothing_imported()


def test_a_30_mb_file_is_refused_with_its_size(client, lsp_admin):
    client.force_login(lsp_admin)
    big = SimpleUploadedFile("unit.csv", b"Kode Unit;" + b"x" * (30 * 1024 * 1024), content_type="text/csv")
    response = post_import(client, big)
    assert response.status_code == 200
    assert response.context["form"].errors["file"] == ["Ukuran berkas 30,0\xa0MB; lembar kerja paling besar 5,0\xa0MB."]
    assert nothing_imported()


@override_settings(COMPETENCY_IMPORT_MAX_ROWS=3)
def test_too_many_rows_are_refused(client, lsp_admin):
    client.force_login(lsp_admin)
    response = post_import(client, csv_file(GOOD_ROWS))
    assert response.context["form"].errors["file"] == ["Berkas berisi lebih dari 3 baris; pecah per unit."]


def test_formulas_are_refused(client, lsp_admin):
    client.force_login(lsp_admin)
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(HEADER)
    sheet.append(GOOD_ROWS[0][:5] + ['=CONCATENATE("Data ";"awal")'])
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = post_import(client, SimpleUploadedFile("unit.xlsx", buffer.getvalue(), content_type=XLSX_TYPE))
    assert response.context["form"].errors["file"] == [
        "Buku kerja berisi rumus (F2). Salin sel tersebut dan tempel sebagai nilai, lalu impor lagi."
    ]
    response = post_import(client, csv_file([GOOD_ROWS[0][:5] + ["=1+1"]]))
    assert response.context["form"].errors["file"] == ["Berkas berisi rumus (sel yang diawali “=”) pada baris 2. Tulis nilainya saja."]
    assert nothing_imported()


def test_other_bad_fields_are_said_beside_them(client, lsp_admin):
    client.force_login(lsp_admin)
    response = post_import(client, xlsx(GOOD_ROWS), kkni_level="")
    assert response.context["form"].errors == {"kkni_level": ["Isi jenjang KKNI skema ini."]}
    response = post_import(client, SimpleUploadedFile("unit.xls", b"\xd0\xcf\x11\xe0 old excel"))
    assert response.context["form"].errors["file"] == ["Berkas Excel lama (.xls) tidak dapat dibaca: simpan dulu sebagai .xlsx."]
    response = post_import(client, SimpleUploadedFile("unit.csv", "Kode Unit,Judul".encode("utf-16")))
    assert response.context["form"].errors["file"] == ["Berkas ini bukan lembar kerja: isinya bukan CSV. Simpan dari program lembar kerja Anda sebagai CSV."]
    response = post_import(client, SimpleUploadedFile("unit.csv", "Kode Unit,Judul Unit\nM.1,Judul é".encode("latin-1")))
    assert response.context["form"].errors["file"] == ["Berkas CSV bukan teks UTF-8: simpan sebagai “CSV UTF-8”."]
    assert nothing_imported()


def test_the_templates_download_and_import_without_errors(client, lsp_admin):
    client.force_login(lsp_admin)
    response = client.get("/schemes/units/template.xlsx")
    assert response.status_code == 200 and response["Content-Type"] == XLSX_TYPE
    assert client.get("/schemes/units/template.csv")["Content-Type"] == "text/csv; charset=utf-8"
    parsed = spreadsheet.parse(spreadsheet.read_upload(SimpleUploadedFile("t.xlsx", response.content)))
    assert parsed.ok and [u["code"] for u in parsed.units] == ["M.87SOS00.001.1"]
    csv_parsed = spreadsheet.parse(spreadsheet.read_upload(SimpleUploadedFile("t.csv", client.get("/schemes/units/template.csv").content)))
    assert csv_parsed.units == parsed.units
    # Excel in Indonesian writes CSV with semicolons.
    semicolons = "\n".join(";".join(str(v) for v in row) for row in [HEADER, *GOOD_ROWS]).encode()
    assert spreadsheet.parse(spreadsheet.read_upload(SimpleUploadedFile("s.csv", semicolons))).ok


@pytest.mark.parametrize("role", [Role.APPLICANT, Role.SECRETARIAT, Role.ASSESSOR, Role.BALKS_ADMIN, Role.LKS_OPERATOR])
def test_only_lsp_admins_reach_the_scheme_content(client, make_user, lsp_admin, role):
    client.force_login(lsp_admin)
    post_import(client, xlsx(GOOD_ROWS))
    draft = SchemeVersion.objects.get()
    client.force_login(make_user(role))
    for url in ("/schemes/units/", "/schemes/units/template.xlsx", f"/schemes/units/versions/{draft.pk}/"):
        assert client.get(url).status_code == 404, url
    assert post_import(client, xlsx(GOOD_ROWS)).status_code == 404
    assert client.post(f"/schemes/units/versions/{draft.pk}/publish/").status_code == 404
    assert client.post(f"/schemes/units/versions/{draft.pk}/discard/").status_code == 404
    draft.refresh_from_db()
    assert draft.published_at is None and SchemeVersion.objects.count() == 1


def test_the_scheme_page_lists_versions_in_bounded_queries(client, lsp_admin, django_assert_max_num_queries):
    client.force_login(lsp_admin)
    post_import(client, xlsx(GOOD_ROWS))
    client.post(f"/schemes/units/versions/{SchemeVersion.objects.get().pk}/publish/")
    with django_assert_max_num_queries(12):
        response = client.get("/schemes/units/")
    html = response.content.decode()
    assert "Versi 1" in html and "2 unit" in html and "SKM/LSP-KS/01/2026" in html
