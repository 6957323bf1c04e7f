"""Issue 20 item 11: an LKS uploads several evidence files at once. Each file is checked (content, size,
rate, quota) and stored on its own through the kernel's documents; a refused file is reported by name
and leaves the others stored."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from accreditation.models import Evidence
from portal.documents.models import Document

from .helpers import draft, indicators, pdf, png

pytestmark = pytest.mark.django_db

XHR = {"HTTP_X_REQUESTED_WITH": "XMLHttpRequest"}
NOT_A_DOCUMENT = "bukan berkas PDF, JPEG, atau PNG"


def not_a_pdf(name="virus.pdf"):
    return SimpleUploadedFile(name, b"MZ\x90\x00 not a pdf at all", content_type="application/pdf")


def setup(client, make_user):
    accreditation = draft(make_user)
    operator = accreditation.institution.operators.get()
    indicator = indicators(accreditation)[0]
    client.force_login(operator)
    return accreditation, operator, indicator, f"/accreditation/{accreditation.pk}/evidence/{indicator.pk}/"


def stored_names(accreditation, indicator):
    return sorted(
        Evidence.objects.filter(answer__accreditation=accreditation, answer__indicator=indicator)
        .values_list("document__original_name", flat=True)
    )


def test_the_field_takes_several_files(client, make_user):
    accreditation, _operator, indicator, _url = setup(client, make_user)
    html = client.get(f"/accreditation/{accreditation.pk}/standard/{indicator.standard.number}/").content.decode()
    assert f'name="e{indicator.pk}-file"' in html
    assert 'multiple' in html.split(f'name="e{indicator.pk}-file"')[1].split(">")[0]
    assert "Anda dapat memilih beberapa berkas sekaligus." in html


def test_several_files_in_one_post_are_each_stored(client, make_user):
    accreditation, operator, indicator, url = setup(client, make_user)
    before = Document.objects.filter(owner=operator).count()
    response = client.post(url, {f"e{indicator.pk}-file": [pdf("visi.pdf"), pdf("misi.pdf"), png("papan.png")]})
    assert response.status_code == 302 and response["Location"].endswith(f"#indicator-{indicator.pk}")
    assert stored_names(accreditation, indicator) == ["misi.pdf", "papan.png", "visi.pdf"]
    assert Document.objects.filter(owner=operator).count() == before + 3
    page = client.get(response["Location"]).content.decode()
    assert "“visi.pdf”, “misi.pdf”, “papan.png” telah diunggah." in page


def test_a_bad_file_is_named_with_its_reason_and_the_others_are_kept(client, make_user):
    accreditation, _operator, indicator, url = setup(client, make_user)
    response = client.post(url, {f"e{indicator.pk}-file": [pdf("visi.pdf"), not_a_pdf("virus.pdf"), pdf("misi.pdf")]})
    assert response.status_code == 200
    html = response.content.decode()
    assert "“visi.pdf”, “misi.pdf” telah diunggah." in html
    assert f"<strong>“virus.pdf” {NOT_A_DOCUMENT}. Hanya berkas PDF, JPEG, atau PNG yang diterima.</strong>" in html
    assert stored_names(accreditation, indicator) == ["misi.pdf", "visi.pdf"]


def test_the_json_answer_says_per_file_what_happened(client, make_user):
    accreditation, _operator, indicator, url = setup(client, make_user)
    response = client.post(url, {f"e{indicator.pk}-file": [pdf("visi.pdf"), not_a_pdf("virus.pdf")]}, **XHR)
    assert response.status_code == 200
    answer = json.loads(response.content)
    assert answer["ok"] is False
    assert [(f["name"], f["ok"]) for f in answer["files"]] == [("visi.pdf", True), ("virus.pdf", False)]
    assert answer["error"] == answer["files"][1]["error"] == f"“virus.pdf” {NOT_A_DOCUMENT}. Hanya berkas PDF, JPEG, atau PNG yang diterima."
    evidence = Evidence.objects.get(document__original_name="visi.pdf")
    line = answer["files"][0]["html"]
    assert f'href="/documents/{evidence.document.pk}/?inline=1"' in line
    assert f'action="/accreditation/{accreditation.pk}/evidence/{evidence.pk}/remove/"' in line
    assert 'name="csrfmiddlewaretoken"' in line
    assert answer["standards"]["1"] == [0, 4] and answer["percent"] == 0  # evidence, but no score yet


def test_the_limit_per_indicator_refuses_only_the_files_past_it(client, make_user, settings):
    settings.ACCREDITATION_MAX_EVIDENCE_PER_INDICATOR = 2
    accreditation, _operator, indicator, url = setup(client, make_user)
    response = client.post(url, {f"e{indicator.pk}-file": [pdf("satu.pdf"), pdf("dua.pdf"), pdf("tiga.pdf")]}, **XHR)
    answer = json.loads(response.content)
    assert [(f["name"], f["ok"]) for f in answer["files"]] == [("satu.pdf", True), ("dua.pdf", True), ("tiga.pdf", False)]
    assert answer["files"][2]["error"] == "Paling banyak 2 berkas per indikator; hapus salah satu terlebih dahulu."
    assert stored_names(accreditation, indicator) == ["dua.pdf", "satu.pdf"]


def test_each_file_counts_against_the_upload_rate(client, make_user, settings):
    settings.DOCUMENT_UPLOADS_PER_MINUTE = 2
    accreditation, _operator, indicator, url = setup(client, make_user)
    response = client.post(url, {f"e{indicator.pk}-file": [pdf("satu.pdf"), pdf("dua.pdf"), pdf("tiga.pdf")]}, **XHR)
    answer = json.loads(response.content)
    assert [(f["name"], f["ok"]) for f in answer["files"]] == [("satu.pdf", True), ("dua.pdf", True), ("tiga.pdf", False)]
    assert answer["files"][2]["error"] == (
        "Anda mengirim terlalu banyak berkas dalam waktu singkat. Tunggu satu menit, lalu pilih berkasnya lagi."
    )
    assert answer["error"] == f"tiga.pdf: {answer['files'][2]['error']}"
    assert stored_names(accreditation, indicator) == ["dua.pdf", "satu.pdf"]


def test_no_file_chosen_is_refused(client, make_user):
    accreditation, _operator, indicator, url = setup(client, make_user)
    response = client.post(url, {}, **XHR)
    assert response.status_code == 400
    assert json.loads(response.content) == {"ok": False, "error": "Pilih berkas terlebih dahulu.", "files": []}
    assert stored_names(accreditation, indicator) == []
