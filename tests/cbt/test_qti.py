"""The QTI 2.1 export: a content package whose manifest lists every current item, each item's XML with
the key as the correct response, the options, the rationale as modal feedback and the image as a file;
text escaped; item writers and LSP admins only (404 for everyone else), audited, not cached."""

import io
import zipfile
from xml.etree import ElementTree as ET

import pytest

from certification.cbt import bank
from certification.cbt.models import Item
from certification.models import Scheme
from portal.accounts.roles import Role
from portal.audit.models import AuditEvent
from portal.documents.services import store_upload
from tests.auth import Client
from tests.registry.helpers import png_bytes, png_upload

from .helpers import item_writer, make_bank

pytestmark = pytest.mark.django_db
Q = "{http://www.imsglobal.org/xsd/imsqti_v2p1}"
CP = "{http://www.imsglobal.org/xsd/imscp_v1p1}"
URL = "/cbt/items/export.qti.zip"


def tricky_item(writer):
    scheme = Scheme.objects.get(code="ps-generalis")
    image = store_upload(writer, png_upload("denah <ruang>.png"), kind="cbt_item", images_only=True)
    return bank.create_item(writer, scheme, {
        "unit": None, "domain": "values", "difficulty": "hard",
        "stem": "Klien berkata \"<script>alert(1)</script>\" & menolak.\n\nApa langkah Anda?\x0b",
        "options": ["Diam & dengar", "Tulis <b>laporan</b>", "Rujuk ke ahli", "Akhiri sesi"], "key": 2,
        "rationale": "Merujuk menjaga keselamatan klien.", "image": image,
    })


def test_the_package_lists_every_item_with_its_key_options_and_image(make_user):
    writer = item_writer(make_user)
    make_bank(counts={"knowledge": 2, "values": 1, "skills": 1})
    version = tricky_item(writer)
    # An item with a newer version exports the current one only.
    old = Item.objects.exclude(pk=version.item_id).first()
    bank.edit_item(writer, old, {"unit": None, "domain": "skills", "difficulty": "easy", "stem": "Versi baru",
                                     "options": ["1", "2", "3", "4"], "key": 3, "rationale": "", "image": None})
    client = Client()
    client.force_login(writer)
    response = client.get(URL)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Cache-Control"] == "no-store, private"
    assert response["Content-Disposition"] == 'attachment; filename="bank-soal-qti.zip"'
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    manifest = ET.fromstring(archive.read("imsmanifest.xml"))
    resources = manifest.findall(f"{CP}resources/{CP}resource")
    ids = sorted(Item.objects.values_list("pk", flat=True))
    assert [r.get("identifier") for r in resources] == [f"item-{pk}" for pk in ids]
    assert {r.get("type") for r in resources} == {"imsqti_item_xmlv2p1"}
    assert manifest.find(f"{CP}metadata/{CP}schema").text == "QTIv2.1 Package"
    image_name = f"images/item-{version.item_id}-v1.png"
    files = {r.get("identifier"): [f.get("href") for f in r.findall(f"{CP}file")] for r in resources}
    assert files[f"item-{version.item_id}"] == [f"item-{version.item_id}.xml", image_name]
    assert sorted(archive.namelist()) == sorted(["imsmanifest.xml", image_name] + [f"item-{pk}.xml" for pk in ids])
    assert archive.read(image_name) == png_bytes()

    item = ET.fromstring(archive.read(f"item-{version.item_id}.xml"))
    assert item.tag == f"{Q}assessmentItem" and item.get("identifier") == f"item-{version.item_id}"
    assert item.find(f"{Q}responseDeclaration/{Q}correctResponse/{Q}value").text == "C"
    interaction = item.find(f"{Q}itemBody/{Q}choiceInteraction")
    assert interaction.get("maxChoices") == "1" and interaction.get("responseIdentifier") == "RESPONSE"
    choices = [(c.get("identifier"), c.text) for c in interaction.findall(f"{Q}simpleChoice")]
    assert choices == [("A", "Diam & dengar"), ("B", "Tulis <b>laporan</b>"), ("C", "Rujuk ke ahli"), ("D", "Akhiri sesi")]
    stem = [p.text for p in item.findall(f"{Q}itemBody/{Q}div/{Q}p")]
    assert stem == ['Klien berkata "<script>alert(1)</script>" & menolak.', "Apa langkah Anda?", None]  # \x0b dropped
    assert item.get("{http://www.w3.org/XML/1998/namespace}lang") == "id"
    assert item.find(f"{Q}itemBody/{Q}div/{Q}p/{Q}img").attrib == {"src": image_name, "alt": version.image.original_name}
    assert version.image.original_name.startswith("denah")
    assert item.find(f"{Q}modalFeedback/{Q}p").text == "Merujuk menjaga keselamatan klien."
    assert b"<script>" not in archive.read(f"item-{version.item_id}.xml")  # escaped, not markup
    # The edited item: its current version (key D, no rationale, no feedback).
    edited = ET.fromstring(archive.read(f"item-{old.pk}.xml"))
    assert edited.find(f"{Q}responseDeclaration/{Q}correctResponse/{Q}value").text == "D"
    assert [c.text for c in edited.iter(f"{Q}simpleChoice")] == ["1", "2", "3", "4"]
    assert edited.find(f"{Q}modalFeedback") is None
    event = AuditEvent.objects.get(action="cbt.item_export")
    assert event.after == {"format": "qti", "scheme": None, "items": len(ids)}


def test_the_scheme_filter_and_who_may_export(make_user):
    make_bank(counts={"knowledge": 1, "values": 1, "skills": 1})
    admin = Client()
    admin.force_login(make_user(Role.LSP_ADMIN))
    scheme = Scheme.objects.get(code="ps-generalis")
    other = Scheme.objects.exclude(pk=scheme.pk).first()
    names = zipfile.ZipFile(io.BytesIO(admin.get(f"{URL}?scheme={other.pk}").content)).namelist()
    assert names == ["imsmanifest.xml"]
    names = zipfile.ZipFile(io.BytesIO(admin.get(f"{URL}?scheme={scheme.pk}").content)).namelist()
    assert len(names) == 4
    assert admin.get(f"{URL}?scheme=1%27%20or%201=1").status_code == 200  # a bad filter is no filter, never a 500
    from tests.exams.helpers import secretariat_of

    for user in (make_user(Role.APPLICANT), make_user(Role.ASSESSOR), secretariat_of(make_user), make_user(Role.SECRETARIAT)):
        client = Client()
        client.force_login(user)
        assert client.get(URL).status_code == 404
    assert Client().get(URL).status_code == 302  # to the login
    assert AuditEvent.objects.filter(action="cbt.item_export").count() == 3
