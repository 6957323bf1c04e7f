"""Who opens a document through the kernel: its owner, and whoever a domain app's access rule names.
The kernel grants nothing to a role of its own (an LSP admin is certification's, a BALKS admin
accreditation's: each domain app grants its admins what is theirs). The Django admin serves no file."""

import ast
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.shortcuts import resolve_url

from portal.accounts.roles import Role
from portal.documents import services
from portal.regions.models import RegionalOffice

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
DOMAIN_APPS = ("registry", "certification", "accreditation")


def every_other_role(make_user):
    """One user of every role but the owner's own account, secretariats of two offices."""
    offices = RegionalOffice.objects.order_by("code")
    return {
        "applicant": make_user(Role.APPLICANT),
        "lks_operator": make_user(Role.LKS_OPERATOR),
        "assessor": make_user(Role.ASSESSOR),
        "secretariat I": make_user(Role.SECRETARIAT, regional_office=offices.get(code="I")),
        "secretariat V": make_user(Role.SECRETARIAT, regional_office=offices.get(code="V")),
        "lsp_admin": make_user(Role.LSP_ADMIN),
        "balks_admin": make_user(Role.BALKS_ADMIN),
    }


@pytest.mark.parametrize("kind", [services.LIBRARY_KIND, "", "certification:cv", "accreditation:legal", "registry.photo"])
def test_a_document_of_nothing_is_its_owners_alone(client, applicant, make_user, kind):
    """Owned, attached to nothing a domain app knows: whatever its kind says, only the owner opens it.
    Before, the kernel let both admins open every document."""
    document = services.store_upload(applicant, SimpleUploadedFile("KTP Siti.pdf", PDF, content_type="application/pdf"), kind=kind)
    url = f"/documents/{document.pk}/"
    response = client.get(url)
    assert (response.status_code, response["Location"]) == (302, f"{resolve_url(settings.LOGIN_URL)}?next={url}")
    client.force_login(applicant)
    assert client.get(url).status_code == 200
    for label, user in every_other_role(make_user).items():
        client.force_login(user)
        assert client.get(url).status_code == 404, label
        assert services.can_view(user, document) is False, label


def test_a_superuser_is_no_exception(client, applicant, make_user):
    """Django admin rights (is_staff, is_superuser) open no document either."""
    document = services.store_upload(applicant, SimpleUploadedFile("KTP Siti.pdf", PDF, content_type="application/pdf"))
    for role in (Role.LSP_ADMIN, Role.BALKS_ADMIN):
        client.force_login(make_user(role, is_staff=True, is_superuser=True))
        assert client.get(f"/documents/{document.pk}/").status_code == 404, role


def test_the_django_admin_serves_no_file(client, applicant, make_user):
    """The document admin shows the row (name, owner, size, hash), never the content, and links to no
    download; the file leaves only through `/documents/<id>/` and its permission check."""
    content = PDF.replace(b"Catalog", b"Catalog/Secret (rahasia-isi-berkas)")
    document = services.store_upload(applicant, SimpleUploadedFile("KTP Siti.pdf", content, content_type="application/pdf"))
    client.force_login(make_user(Role.BALKS_ADMIN, is_staff=True, is_superuser=True))
    pages = [
        "/admin/documents/document/",
        f"/admin/documents/document/{document.pk}/change/",
        f"/admin/documents/document/{document.pk}/history/",
        f"/admin/documents/document/{document.pk}/delete/",
        "/admin/documents/document/?_popup=1&_to_field=id",
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Content-Type"] == "text/html; charset=utf-8", url
        body = response.content
        assert b"rahasia-isi-berkas" not in body, url
        assert f"/documents/{document.pk}/".encode() not in body, url
        assert b"/media" not in body, url
    assert client.get(f"/admin/documents/document/{document.pk}/download/").status_code in (302, 404)
    assert client.get("/media-not-served/" + document.storage_name).status_code == 404


def test_the_kernel_imports_no_domain_app():
    """Dependency direction: certification → registry → portal, accreditation → registry → portal."""
    offenders = []
    for path in sorted(Path(settings.BASE_DIR, "portal").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = (
                [alias.name for alias in node.names] if isinstance(node, ast.Import)
                else [node.module or ""] if isinstance(node, ast.ImportFrom) and node.level == 0
                else []
            )
            offenders += [f"{path.name}: {name}" for name in names if name.split(".")[0] in DOMAIN_APPS]
    assert offenders == []
