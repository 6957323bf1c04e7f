"""Every role on every complaint page: the public pages for all, the queue for the roles that
handle complaints, a complaint's page and actions for the role that handles its kind; 404 for the
others (a visitor is sent to sign in)."""

import pytest

from portal.accounts.roles import Role
from portal.complaints.models import Complaint

from .helpers import file

pytestmark = pytest.mark.django_db


@pytest.fixture
def complaints(reference_data):
    return {"lsp": file("exam")[0], "lks": file("lks")[0]}


def pages(c):
    lsp, lks = c["lsp"].pk, c["lks"].pk
    return {
        "/complaints/": set(Role) | {None},
        "/complaints/track/": set(Role) | {None},
        "/complaints/filed/": set(Role) | {None},
        "/complaints/manage/": {Role.LSP_ADMIN, Role.BALKS_ADMIN},
        f"/complaints/manage/{lsp}/": {Role.LSP_ADMIN},
        f"/complaints/manage/{lks}/": {Role.BALKS_ADMIN},
    }


@pytest.mark.parametrize("role", [None, *Role])
def test_each_role_gets_its_complaint_pages_and_404_for_the_others(client, make_user, complaints, role):
    if role is not None:
        client.force_login(make_user(role))
    answers = {path: client.get(path).status_code for path in pages(complaints)}
    expected = {
        path: 200 if role in roles else (302 if role is None else 404) for path, roles in pages(complaints).items()
    }
    assert answers == expected


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("action", ["triage", "assign", "respond", "decide", "credential", "start", "close", "reject"])
def test_no_action_on_a_complaint_of_another_role(client, make_user, complaints, role, action):
    client.force_login(make_user(role))
    handles = {"lsp": Role.LSP_ADMIN, "lks": Role.BALKS_ADMIN}
    for key, complaint in complaints.items():
        if role == handles[key]:
            continue
        assert client.post(f"/complaints/manage/{complaint.pk}/{action}/", {"triage-category": "conduct"}).status_code == 404
    assert set(Complaint.objects.values_list("status", flat=True)) == {"received"}
