"""A NUL byte in the address answers 400 with a translated page (RejectNullCharactersMiddleware); in a
posted field it is the field's error (Django's CharField), the rest of the form kept."""

import pytest

pytestmark = pytest.mark.django_db

MESSAGE_ID = "Alamat ini memuat karakter null (NUL), yang tidak dipakai halaman mana pun di portal."
MESSAGE_EN = "The address contains a null character (NUL), which no page of the portal uses."


def test_a_nul_in_the_public_register_search_is_a_400_not_a_500(client):
    response = client.get("/register/?q=abc%00def")
    assert response.status_code == 400
    assert MESSAGE_ID in response.content.decode()
    assert client.get("/register/?q=abcdef").status_code == 200


@pytest.mark.parametrize(
    "url",
    ["/register/?q=%00", "/lks/accredited/?q=a%00b", "/verify/?number=PS%00", "/register/?a%00b=1",
     "/verify/PS-2024%00-1/", "/rounds/?page=1%00"],
)
def test_a_nul_anywhere_in_the_address_is_a_400(client, url):
    response = client.get(url)
    assert response.status_code == 400
    assert MESSAGE_ID in response.content.decode()


def test_the_400_page_is_in_the_visitors_language(client):
    client.cookies["portal_language"] = "en"
    response = client.get("/register/?q=abc%00def")
    assert response.status_code == 400 and MESSAGE_EN in response.content.decode()


def test_a_percent_sign_that_is_not_a_nul_passes(client):
    assert client.get("/register/?q=50%2500").status_code == 200  # the text "50%00"


def test_posted_fields_are_left_to_their_forms(client, make_user):
    # The middleware does not answer a POST: the preferences form refuses the NUL beside the field.
    user = make_user("applicant")
    client.force_login(user)
    response = client.post("/accounts/preferences/", {"full_name": "Siti\x00Aminah", "language": "id"})
    assert response.status_code == 200
    assert response.context["form"].errors["full_name"] == ["Karakter null tidak diizinkan."]


def test_the_register_search_form_refuses_a_nul_itself():
    from registry.forms import PublicRegisterForm

    form = PublicRegisterForm({"q": "abc\x00def"})
    assert not form.is_valid() and form.errors["q"] == ["Karakter null tidak diizinkan."]
    assert PublicRegisterForm({"q": "  Siti   Aminah "}).is_valid()
