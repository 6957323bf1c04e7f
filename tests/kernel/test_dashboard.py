import pytest

from portal.accounts.roles import Role

pytestmark = pytest.mark.django_db


def test_landing_page_for_visitors(client):
    client.cookies["portal_language"] = "en"
    html = client.get("/").content.decode()
    assert "Create an account" in html and "/accounts/signup/" in html


@pytest.mark.parametrize("role", list(Role))
def test_every_role_gets_its_dashboard_with_bounded_queries(client, make_user, role, django_assert_max_num_queries):
    user = make_user(role)
    client.force_login(user)
    client.cookies["portal_language"] = "en"
    client.get("/")  # warm the session's MFA flag
    with django_assert_max_num_queries(16):
        response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert user.get_role_display() in html
    assert "Notifications" in html
