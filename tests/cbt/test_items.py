"""The item bank: versions (an item on a test is never changed under it), import and export, and
confidentiality (every role)."""

import csv
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from certification.cbt import bank, spreadsheet
from certification.cbt.models import AttemptItem, Item, ItemLocked, ItemVersion
from certification.models import Scheme
from portal.accounts.roles import Role
from portal.audit.models import AuditEvent

from .helpers import item_writer, make_bank, ready_candidate, start

pytestmark = pytest.mark.django_db
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def content(**overrides):
    data = {"unit": None, "domain": "knowledge", "difficulty": "medium", "stem": "Apa tujuan asesmen?",
            "options": ["Satu", "Dua", "Tiga", "Empat"], "key": 1, "rationale": "Karena dua.", "image": None}
    return data | overrides


def test_editing_an_unused_item_changes_it_and_a_used_one_makes_a_new_version(make_user, client):
    writer = item_writer(make_user)
    version = bank.create_item(writer, Scheme.objects.get(code="ps-generalis"), content())
    item = version.item
    same = bank.edit_item(writer, item, content(stem="Apa tujuan utama asesmen?"))
    assert same.pk == version.pk and same.number == 1 and same.stem == "Apa tujuan utama asesmen?"

    # On a candidate's form: the version stays, the edit is version 2, the form keeps version 1.
    make_bank(counts={"knowledge": 2, "values": 3, "skills": 4})  # with the writer's item: exactly the 10 of the form
    booking, _staff = ready_candidate(make_user, items=10, bank=False)
    attempt = start(client, booking)
    assert AttemptItem.objects.filter(attempt=attempt, version=version).exists()
    new = bank.edit_item(writer, item, content(stem="Pertanyaan baru", key=2))
    assert (new.number, new.is_current, new.stem, new.key) == (2, True, "Pertanyaan baru", 2)
    version.refresh_from_db()
    assert (version.number, version.is_current, version.stem, version.key) == (1, False, "Apa tujuan utama asesmen?", 1)
    assert AttemptItem.objects.get(attempt=attempt, version__item=item).version_id == version.pk
    assert AuditEvent.objects.filter(action="cbt.item_version").count() == 1


def test_a_version_in_a_live_test_cannot_be_edited(make_user, client):
    make_bank(counts={"knowledge": 3, "values": 3, "skills": 4})
    booking, _staff = ready_candidate(make_user, items=10)
    attempt = start(client, booking)
    placed = attempt.items.select_related("version").first().version
    placed.stem = "Diubah diam-diam"
    with pytest.raises(ItemLocked) as refused:
        placed.save()
    assert "tidak dapat diubah" in refused.value.messages[0]
    assert ItemVersion.objects.get(pk=placed.pk).stem != "Diubah diam-diam"
    # The page edits the item instead: a new version, the test unchanged.
    writer = item_writer(make_user)
    client.force_login(writer)
    response = client.post(f"/cbt/items/{placed.item_id}/edit/", {
        "domain": placed.domain, "difficulty": "hard", "stem": "Versi baru", "option_a": "a", "option_b": "b",
        "option_c": "c", "option_d": "d", "key": "A",
    })
    assert response.status_code == 302
    assert ItemVersion.objects.get(pk=placed.pk).stem.startswith("Soal ")
    assert ItemVersion.objects.get(item_id=placed.item_id, is_current=True).number == 2


def test_the_item_form_keeps_bad_input_beside_the_field(make_user, client):
    client.force_login(item_writer(make_user))
    scheme = Scheme.objects.get(code="ps-generalis")
    response = client.post("/cbt/items/new/", {
        "scheme": scheme.pk, "domain": "knowledge", "difficulty": "easy", "stem": "Pertanyaan",
        "option_a": "Sama", "option_b": "Sama", "option_c": "c", "option_d": "d", "key": "E",
    })
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors == {"option_a": ["Dua pilihan memiliki teks yang sama."], "key": ["Kunci harus salah satu pilihan yang diisi."]}
    assert b"Pertanyaan</textarea>" in response.content
    assert Item.objects.count() == 0


ROLES = [Role.APPLICANT, Role.LKS_OPERATOR, Role.ASSESSOR, Role.SECRETARIAT, Role.BALKS_ADMIN, Role.DPO]


@pytest.mark.parametrize("role", ROLES)
def test_only_item_writers_and_lsp_admins_see_items(make_user, client, role):
    (version,) = make_bank(counts={"knowledge": 1})
    urls = ["/cbt/items/", f"/cbt/items/{version.item_id}/", f"/cbt/items/{version.item_id}/edit/", "/cbt/items/export.csv",
            "/cbt/items/export.xlsx", "/cbt/items/new/"]
    client.force_login(make_user(role))
    for url in urls:
        assert client.get(url).status_code == 404, url
    assert client.post(f"/cbt/items/{version.item_id}/pool/").status_code == 404
    assert Item.objects.visible_to(make_user(role)).count() == 0


def test_item_writers_and_lsp_admins_see_items_and_anonymous_signs_in(make_user, client, django_assert_max_num_queries):
    versions = make_bank(counts={"knowledge": 30, "values": 10})
    for user in (item_writer(make_user), make_user(Role.LSP_ADMIN)):
        client.force_login(user)
        with django_assert_max_num_queries(14):
            response = client.get("/cbt/items/")
        assert response.status_code == 200
        assert len(response.context["page"]) == 40
        assert client.get(f"/cbt/items/{versions[0].item_id}/").status_code == 200
        assert "Pembahasan rahasia knowledge 1" in client.get(f"/cbt/items/{versions[0].item_id}/").content.decode()
    client.logout()
    response = client.get("/cbt/items/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


# ---- import and export ----------------------------------------------------------------------------------------
def csv_file(rows, header=spreadsheet.HEADERS, name="soal.csv"):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    return SimpleUploadedFile(name, buffer.getvalue().encode(), content_type="text/csv")


GOOD = [
    ["", "pengetahuan", "mudah", "Apa itu asesmen?", "A1", "B1", "C1", "D1", "", "B", "Karena B."],
    ["", "sikap", "sedang", "Sikap yang tepat?", "A2", "B2", "C2", "D2", "E2", "E", ""],
    ["", "skills", "hard", "Langkah pertama?", "A3", "B3", "C3", "D3", "", "a", ""],
]


def test_a_good_file_imports_every_row(make_user, client):
    client.force_login(item_writer(make_user))
    scheme = Scheme.objects.get(code="ps-generalis")
    response = client.post("/cbt/items/import/", {"scheme": scheme.pk, "file": csv_file(GOOD)})
    assert response.status_code == 302
    versions = list(ItemVersion.objects.order_by("item_id"))
    assert [(v.domain, v.difficulty, v.key, len(v.options)) for v in versions] == [
        ("knowledge", "easy", 1, 4), ("values", "medium", 4, 5), ("skills", "hard", 0, 4),
    ]
    assert versions[0].rationale == "Karena B."
    assert AuditEvent.objects.filter(action="cbt.item_import").count() == 1

    # The export has the same layout and reads back the same.
    exported = client.get("/cbt/items/export.csv")
    assert exported["Content-Type"] == "text/csv; charset=utf-8" and exported["Cache-Control"] == "no-store, private"
    rows = list(csv.reader(io.StringIO(exported.content.decode("utf-8-sig"))))
    assert rows[0] == spreadsheet.HEADERS
    assert rows[1] == ["", "pengetahuan", "mudah", "Apa itu asesmen?", "A1", "B1", "C1", "D1", "", "B", "Karena B."]
    book = openpyxl.load_workbook(io.BytesIO(client.get("/cbt/items/export.xlsx").content))
    assert [c.value for c in book.active[3]][:4] == [None, "sikap", "sedang", "Sikap yang tepat?"]


def test_a_file_with_bad_rows_imports_nothing_and_names_each_problem(make_user, client):
    client.force_login(item_writer(make_user))
    scheme = Scheme.objects.get(code="ps-generalis")
    bad = GOOD + [
        ["", "astrologi", "mudah", "Soal?", "A", "B", "C", "D", "", "A", ""],
        ["", "pengetahuan", "mudah", "", "A", "B", "C", "D", "", "E", ""],
        ["X.999", "sikap", "mudah", "Soal?", "A", "B", "C", "", "", "A", ""],
    ]
    response = client.post("/cbt/items/import/", {"scheme": scheme.pk, "file": csv_file(bad)})
    assert response.status_code == 400
    errors = [(e.row, e.column, e.message) for e in response.context["parsed"].errors]
    assert sorted(errors) == sorted([
        (5, "Domain", "“astrologi” bukan domain: tulis pengetahuan, sikap, atau keterampilan."),
        (6, "Soal", "“Soal” kosong."),
        (6, "Kunci", "Kunci “E” bukan salah satu pilihan yang diisi (A–D)."),
        (7, "Opsi D", "“Opsi D” kosong."),
        (7, "Kode Unit", "Unit X.999 tidak ada dalam versi skema yang diterbitkan."),
    ])
    assert Item.objects.count() == 0


def test_files_that_are_not_item_spreadsheets_are_refused_with_a_reason(make_user, client, settings):
    client.force_login(item_writer(make_user))
    scheme = Scheme.objects.get(code="ps-generalis")

    def refused(upload):
        response = client.post("/cbt/items/import/", {"scheme": scheme.pk, "file": upload})
        assert response.status_code == 400
        return response.context["form"].errors["file"][0]

    png = SimpleUploadedFile("soal.xlsx", b"\x89PNG\r\n\x1a\n" + b"0" * 100, content_type=XLSX)
    assert "bukan lembar kerja" in refused(png)
    big = SimpleUploadedFile("soal.csv", b"a" * (30 * 1024 * 1024), content_type="text/csv")
    assert "30,0" in refused(big) and "5,0" in refused(SimpleUploadedFile("soal.csv", b"a" * (30 * 1024 * 1024)))
    book = openpyxl.Workbook()
    book.active.append(spreadsheet.HEADERS)
    book.active.append(["", "pengetahuan", "mudah", "=1+1", "A", "B", "C", "D", "", "A", ""])
    buffer = io.BytesIO()
    book.save(buffer)
    assert "rumus" in refused(SimpleUploadedFile("soal.xlsx", buffer.getvalue(), content_type=XLSX))
    assert Item.objects.count() == 0


def test_export_guards_formulas(make_user):
    (version,) = make_bank(counts={"knowledge": 1})
    ItemVersion.objects.filter(pk=version.pk).update(stem="=HYPERLINK(\"http://x\")")
    rows = list(spreadsheet.export_rows(ItemVersion.objects.all()))
    assert rows[0][3] == "'=HYPERLINK(\"http://x\")"
