"""A page made for other roles answers 404, as an object the user may not see (it answered 403)."""

import pytest

from portal.accounts.roles import Role

pytestmark = pytest.mark.django_db

PAGES = {
    "/assessment/": {Role.ASSESSOR},
    "/assessment/reconciliation/": {Role.LSP_ADMIN},
    "/secretariat/applications/": {Role.SECRETARIAT, Role.LSP_ADMIN},
    "/secretariat/assessment/": {Role.SECRETARIAT, Role.LSP_ADMIN},
    "/credentials/manage/": {Role.LSP_ADMIN, Role.BALKS_ADMIN},
    "/accreditation/": {Role.SECRETARIAT, Role.BALKS_ADMIN},
    "/accreditation/plenary/": {Role.BALKS_ADMIN},
    "/workers/": {Role.SECRETARIAT, Role.LSP_ADMIN},
    "/complaints/manage/": {Role.LSP_ADMIN, Role.BALKS_ADMIN},
}


@pytest.mark.parametrize("role", list(Role))
def test_each_role_gets_its_pages_and_404_for_the_others(client, make_user, role):
    client.force_login(make_user(role))
    answers = {path: client.get(path).status_code for path in PAGES}
    assert answers == {path: 200 if role in roles else 404 for path, roles in PAGES.items()}
