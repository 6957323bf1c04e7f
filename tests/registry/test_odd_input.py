"""Odd input on the staff search and the public register (issue 13, item 4): a NIK of digits `int()`
refuses is a form error; a forged page cursor (a NUL in its name, an id beyond bigint, nested too
deep) shows the first page."""

import pytest

from portal.accounts.roles import Role
from registry import queries

from .helpers import make_profile

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_with_workers(client, make_user, reference_data):
    for name in ("Pekerja A", "Pekerja B"):
        make_profile(make_user(Role.APPLICANT), province="32", name=name)
    client.force_login(make_user(Role.LSP_ADMIN))
    return client


@pytest.mark.parametrize("nik", ["32²", "3①", "٣٢"])
def test_a_nik_prefix_of_other_digits_is_a_form_error(admin_with_workers, nik):
    response = admin_with_workers.get("/workers/", {"nik": nik})
    assert response.status_code == 200
    assert response.context["form"].errors["nik"] == ["NIK hanya berisi angka."]


def test_the_export_refuses_the_same_search(admin_with_workers):
    response = admin_with_workers.get("/workers/export.csv", {"nik": "32²"})
    assert response.status_code == 302 and response["Location"].startswith("/workers/?")


@pytest.mark.parametrize(
    "values", [["a\x00b", 1], ["a", 2**63], [2**63], ["a", True], ["a" * 2000, 1]], ids=["nul", "beyond bigint", "id", "bool", "long"]
)
def test_a_forged_cursor_shows_the_first_page(admin_with_workers, values):
    sort = "created" if len(values) == 1 else "name"
    cursor = queries.encode_cursor(values)
    for param in ("after", "before"):
        response = admin_with_workers.get("/workers/", {param: cursor, "sort": sort})
        assert response.status_code == 200
        assert [row["full_name"] for row in response.context["page"].rows] == ["Pekerja A", "Pekerja B"]


def test_a_cursor_nested_too_deep_shows_the_first_page(admin_with_workers):
    import base64

    cursor = base64.urlsafe_b64encode(b"[" * 1500).decode().rstrip("=")
    response = admin_with_workers.get("/workers/", {"after": cursor})
    assert response.status_code == 200 and len(response.context["page"].rows) == 2


def test_the_public_register_still_searches_and_explains_a_short_query(client, reference_data):
    response = client.get("/register/", {"q": "ab"})
    assert response.status_code == 200
    assert response.context["error"] == "Ketik minimal 3 karakter nama atau nomor sertifikat."
    assert client.get("/register/", {"q": "  Siti   Aminah  "}).context["q"] == "Siti Aminah"
