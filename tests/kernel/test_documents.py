import hashlib
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from portal.accounts.roles import Role
from portal.audit.models import AuditEvent
from portal.documents import services
from portal.documents.models import Document

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200


def png_bytes():
    from io import BytesIO

    from PIL import Image

    buffer = BytesIO()
    Image.new("RGB", (4, 4), "blue").save(buffer, "PNG")
    return buffer.getvalue()


def upload(name, content, content_type="application/pdf"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def post_upload(client, name, content, content_type="application/pdf"):
    """POST a multipart body by hand: Django's test client would strip directories from the name,
    and a browser or a bot does not."""
    boundary = "----portal-test-boundary"
    body = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
        f"Content-Type: {content_type}\r\n\r\n"
    ).encode() + content + f"\r\n--{boundary}--\r\n".encode()
    return client.generic(
        "POST", "/documents/", body, content_type=f"multipart/form-data; boundary={boundary}"
    )


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("ijazah.pdf", EXE, "is not a PDF, JPEG or PNG file"),
        ("ijazah.pdf", b"", "is empty"),
        ("scan.png", PDF, "does not match its extension"),
        ("broken.pdf", b"%PDF-1.4\nno end marker", "damaged or incomplete PDF"),
    ],
)
def test_bad_uploads_are_refused_beside_the_field(client, applicant, name, content, message):
    client.force_login(applicant)
    client.cookies["portal_language"] = "en"
    response = post_upload(client, name, content)
    assert response.status_code == 200
    errors = response.context["form"].errors["file"]
    assert len(errors) == 1 and message in errors[0]
    assert message in response.content.decode()
    assert Document.objects.count() == 0


@pytest.mark.parametrize("sent, kept", [("../../etc/passwd.pdf", "passwd.pdf"), ("..\\..\\boot.pdf", "boot.pdf")])
def test_directories_in_a_file_name_are_dropped_by_django(client, applicant, settings, tmp_path, sent, kept):
    """Django's multipart parser keeps only the last part of the name (no middleware of ours needed);
    the file is stored under a random name below PRIVATE_MEDIA_ROOT anyway."""
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    client.force_login(applicant)
    response = post_upload(client, sent, PDF)
    assert response.status_code == 302
    document = Document.objects.get()
    assert document.original_name == kept
    assert [path.relative_to(tmp_path).as_posix() for path in tmp_path.rglob("*") if path.is_file()] == [document.storage_name]


def test_a_long_file_name_keeps_its_extension(client, applicant):
    """Issue 13 (9): a 300-character name was cut before its extension was read and refused."""
    client.force_login(applicant)
    client.cookies["portal_language"] = "en"
    name = "Laporan kegiatan " + "x" * 279 + ".pdf"
    assert len(name) == 300
    response = post_upload(client, name, PDF)
    assert response.status_code == 302
    document = Document.objects.get()
    assert document.original_name == "Laporan kegiatan " + "x" * 178 + "….pdf"
    assert len(document.original_name) == 200


def test_a_long_name_with_the_wrong_extension_is_still_refused(client, applicant):
    client.force_login(applicant)
    client.cookies["portal_language"] = "en"
    response = post_upload(client, "a" * 296 + ".png", PDF)
    [error] = response.context["form"].errors["file"]
    assert error == f"The content of “{'a' * 195}….png” does not match its extension; save it as .pdf."
    assert Document.objects.count() == 0


def test_oversized_upload_is_refused(client, applicant):
    client.force_login(applicant)
    client.cookies["portal_language"] = "en"
    big = PDF[:-7] + b"0" * settings.DOCUMENT_MAX_BYTES + b"\n%%EOF\n"
    response = post_upload(client, "besar.pdf", big)
    assert response.status_code == 200
    [error] = response.context["form"].errors["file"]
    assert "the limit is 1.0\xa0MB" in error
    assert Document.objects.count() == 0


def test_error_messages_are_translated(client, applicant):
    client.force_login(applicant)
    response = post_upload(client, "ijazah.pdf", EXE)
    [error] = response.context["form"].errors["file"]
    assert "bukan berkas PDF, JPEG, atau PNG" in error


def test_valid_pdf_is_stored_under_a_random_name_with_its_hash(client, applicant):
    client.force_login(applicant)
    response = post_upload(client, "Ijazah S1.pdf", PDF)
    assert response.status_code == 302
    document = Document.objects.get()
    assert document.owner == applicant
    assert document.original_name == "Ijazah S1.pdf"
    assert document.content_type == "application/pdf"
    assert document.size == len(PDF)
    assert document.sha256 == hashlib.sha256(PDF).hexdigest()
    assert "Ijazah" not in document.storage_name
    stored = Path(settings.PRIVATE_MEDIA_ROOT) / document.storage_name
    assert stored.read_bytes() == PDF
    assert not str(stored).startswith(str(settings.MEDIA_ROOT))


def test_store_upload_accepts_png_and_refuses_pdf_where_images_only(applicant):
    document = services.store_upload(applicant, upload("foto.png", png_bytes(), "image/png"), images_only=True)
    assert document.content_type == "image/png" and document.is_image
    with pytest.raises(ValidationError):
        services.store_upload(applicant, upload("foto.pdf", PDF), images_only=True)


def test_only_owner_and_staff_a_rule_allows_can_download(client, applicant, make_user):
    document = services.store_upload(applicant, upload("ijazah.pdf", PDF))
    url = f"/documents/{document.pk}/"

    assert client.get(url).status_code == 302  # anonymous: to the sign-in page

    client.force_login(applicant)
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert 'attachment; filename="ijazah.pdf"' == response["Content-Disposition"]
    assert AuditEvent.objects.filter(action="document.view").count() == 0  # owners are not audited

    # Attached to nothing a domain app knows: no role opens it, admins included (tests/kernel/test_document_access.py).
    for role in (Role.APPLICANT, Role.LKS_OPERATOR, Role.ASSESSOR, Role.SECRETARIAT, Role.LSP_ADMIN, Role.BALKS_ADMIN):
        client.force_login(make_user(role))
        assert client.get(url).status_code == 404

    def admin_rule(user, doc):
        return user.role == Role.LSP_ADMIN and doc.pk == document.pk

    services.register_access_rule(admin_rule)
    try:
        admin = make_user(Role.LSP_ADMIN)
        client.force_login(admin)
        assert client.get(url).status_code == 200
    finally:
        services._access_rules.remove(admin_rule)
    event = AuditEvent.objects.get(action="document.view")
    assert event.actor == admin and event.object_id == str(document.pk)


def test_registered_access_rule_grants_access(client, applicant, make_user):
    document = services.store_upload(applicant, upload("cv.pdf", PDF))
    assessor = make_user(Role.ASSESSOR)

    def assessor_rule(user, doc):
        return user.pk == assessor.pk and doc.pk == document.pk

    services.register_access_rule(assessor_rule)
    try:
        client.force_login(assessor)
        assert client.get(f"/documents/{document.pk}/").status_code == 200
    finally:
        services._access_rules.remove(assessor_rule)
    assert client.get(f"/documents/{document.pk}/").status_code == 404


def test_upload_help_text_follows_the_request_language(client, applicant):
    client.force_login(applicant)
    assert "PDF, JPEG, atau PNG, paling besar 1,0" in client.get("/documents/").content.decode()
    client.cookies["portal_language"] = "en"
    assert "PDF, JPEG or PNG, at most 1.0" in client.get("/documents/").content.decode()
