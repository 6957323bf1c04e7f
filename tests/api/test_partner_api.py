"""The partner API end to end: a registered partner gets a token by client credentials with the scopes it
was given, reads credentials and changes, looks up a NIK (audited, no profile), hits the rate limit, is
revoked; the OpenAPI schema and its docs page."""

import base64
from datetime import timedelta

import pytest
from django.utils import timezone

from portal.api import services
from portal.audit.models import AuditEvent
from portal.credentials.models import Credential
from registry.models import WorkerProfile

pytestmark = pytest.mark.django_db


def partner(scopes):
    return services.register_partner(None, organisation="Dinas Sosial Kota Bandung", contact_email="it@dinsos.example",
                                      scopes=scopes)


def token(client, partner_and_secret, scope=None):
    p, secret = partner_and_secret
    basic = base64.b64encode(f"{p.application.client_id}:{secret}".encode()).decode()
    data = {"grant_type": "client_credentials", **({"scope": scope} if scope else {})}
    return client.post("/api/v1/oauth/token/", data, HTTP_AUTHORIZATION=f"Basic {basic}")


def bearer(client, partner_and_secret, scope=None):
    response = token(client, partner_and_secret, scope)
    assert response.status_code == 200, response.content
    return {"HTTP_AUTHORIZATION": "Bearer " + response.json()["access_token"]}


def test_a_partner_gets_only_the_scopes_it_was_given(client):
    registered = partner(["credentials:read"])
    response = token(client, registered)
    assert response.status_code == 200 and response.json()["scope"] == "credentials:read"
    refused = token(client, registered, scope="registry:lookup")
    assert refused.status_code == 400 and refused.json()["error"] == "invalid_scope"
    wrong = client.post("/api/v1/oauth/token/", {"grant_type": "client_credentials"},
                        HTTP_AUTHORIZATION="Basic " + base64.b64encode(b"nobody:secret").decode())
    assert wrong.status_code == 401


def test_credentials_and_their_changes_by_cursor(client, issue, lsp_admin, django_assert_max_num_queries):
    credentials = [issue() for _ in range(5)]
    headers = bearer(client, partner(["credentials:read"]))
    assert client.get("/api/v1/partner/credentials/").status_code == 401
    with django_assert_max_num_queries(6):
        page = client.get("/api/v1/partner/credentials/?page_size=2", **headers)
    assert page.status_code == 200
    body = page.json()
    assert [c["number"] for c in body["results"]] == [credentials[0].number, credentials[1].number]
    seen = [c["number"] for c in body["results"]]
    while body["next"]:
        body = client.get(body["next"], **headers).json()
        seen += [c["number"] for c in body["results"]]
    assert seen == [c.number for c in credentials]
    assert set(body["results"][0]) >= {"number", "holder_name", "status", "verification_url", "updated_at"}

    # A partner synchronising: what changed since its last visit.
    since = timezone.now()
    Credential.objects.filter(pk=credentials[2].pk).update(status="revoked", updated_at=since + timedelta(seconds=1))
    changed = client.get("/api/v1/partner/credentials/", {"changed_since": since.isoformat()}, **headers).json()
    assert [(c["number"], c["status"]) for c in changed["results"]] == [(credentials[2].number, "revoked")]
    one = client.get(f"/api/v1/partner/credentials/{credentials[0].number.lower()}/", **headers)
    assert one.status_code == 200 and one.json()["number"] == credentials[0].number
    register = client.get("/api/v1/partner/register/", **headers).json()
    assert credentials[2].number not in [c["number"] for c in register["results"]] and len(register["results"]) == 4


def test_a_token_without_the_scope_is_refused(client, issue):
    headers = bearer(client, partner(["statistics:read"]))
    assert client.get("/api/v1/partner/credentials/", **headers).status_code == 403
    assert client.post("/api/v1/partner/lookup/", {"nik": "3273014501890001"}, content_type="application/json",
                       **headers).status_code == 403
    statistics = client.get("/api/v1/partner/statistics/", **headers)
    assert statistics.status_code == 200 and set(statistics.json()) == {"computed_at", "workers", "lks"}


def test_a_nik_lookup_answers_yes_or_no_without_the_profile_and_is_audited(client, issue, applicant):
    WorkerProfile.objects.create(user=applicant, full_name="Siti Rahmawati", nik="3273014501890001",
                                 phone="081234567890", address="Jl. Merdeka 1", birth_place="Bandung")
    credential = issue(holder=applicant)
    headers = bearer(client, partner(["registry:lookup"]))
    answer = client.post("/api/v1/partner/lookup/", {"nik": "3273014501890001"}, content_type="application/json", **headers)
    assert answer.status_code == 200
    body = answer.json()
    assert body["registered"] is True and body["certified"] is True
    assert [c["number"] for c in body["credentials"]] == [credential.number]
    text = answer.content.decode()
    for private in ("081234567890", "Jl. Merdeka", "Bandung", applicant.email, "3273014501890001"):
        assert private not in text
    event = AuditEvent.objects.filter(action="api.registry_lookup").get()
    assert event.after == {"client": "Dinas Sosial Kota Bandung", "nik": "327301******0001", "registered": True,
                           "certified": True}

    unknown = client.post("/api/v1/partner/lookup/", {"nik": "3273014501899999"}, content_type="application/json", **headers)
    assert unknown.json() == {"registered": False, "certified": False, "credentials": []}
    bad = client.post("/api/v1/partner/lookup/", {"nik": "3273.0145"}, content_type="application/json", **headers)
    assert bad.status_code == 400 and bad.json() == {"nik": ["A NIK is 16 digits."]}
    assert AuditEvent.objects.filter(action="api.registry_lookup").count() == 2


def test_past_the_rate_limit_a_partner_gets_429_with_retry_after(client, settings, issue):
    settings.PARTNER_RATE_LIMIT = "2/m"
    headers = bearer(client, partner(["credentials:read"]))
    for _ in range(2):
        assert client.get("/api/v1/partner/credentials/", **headers).status_code == 200
    refused = client.get("/api/v1/partner/credentials/", **headers)
    assert refused.status_code == 429 and 0 < int(refused["Retry-After"]) <= 60


def test_a_revoked_partner_is_refused_at_once(client, issue):
    registered = partner(["credentials:read"])
    headers = bearer(client, registered)
    assert client.get("/api/v1/partner/credentials/", **headers).status_code == 200
    services.revoke_partner(None, registered[0], reason="kontrak berakhir")
    assert client.get("/api/v1/partner/credentials/", **headers).status_code == 401
    refused = token(client, registered)
    assert refused.status_code == 401 and refused.json()["error"] == "invalid_client"


def test_the_schema_describes_the_partner_and_the_public_endpoints(client):
    schema = client.get("/api/v1/schema/?format=json")
    assert schema.status_code == 200
    document = schema.json()
    assert document["openapi"].startswith("3.")
    for path in ("/api/v1/partner/credentials/", "/api/v1/partner/lookup/", "/api/v1/partner/statistics/",
                 "/api/v1/partner/register/", "/api/v1/credentials/{number}/", "/api/v1/credentials/{number}/vc/",
                 "/api/v1/status/{issuer}/{purpose}/{number}/"):
        assert path in document["paths"], path
    flows = document["components"]["securitySchemes"]["oauth2"]["flows"]["clientCredentials"]
    assert set(flows["scopes"]) == {"credentials:read", "statistics:read", "registry:lookup"}
    docs = client.get("/api/v1/docs/")
    assert docs.status_code == 200 and b"swagger-ui" in docs.content
    assert b"cdn" not in docs.content.lower()


def test_the_command_registers_a_partner_and_shows_the_secret_once(client):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("register_partner", organisation="BKN", email="api@bkn.example", scopes="credentials:read", stdout=out)
    lines = dict(line.split("=", 1) for line in out.getvalue().splitlines() if "=" in line)
    basic = base64.b64encode(f"{lines['client_id']}:{lines['client_secret']}".encode()).decode()
    response = client.post("/api/v1/oauth/token/", {"grant_type": "client_credentials"}, HTTP_AUTHORIZATION=f"Basic {basic}")
    assert response.status_code == 200 and response.json()["scope"] == "credentials:read"
    from portal.api.models import Partner

    assert Partner.objects.get(organisation="BKN").application.client_secret != lines["client_secret"]  # hashed
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="Unknown scopes: everything"):
        call_command("register_partner", organisation="X", email="x@example.test", scopes="everything", stdout=StringIO())


@pytest.mark.parametrize("query, field", [
    ("kind=diploma", "kind"), ("status=lost", "status"), ("province=99", "province"),
    ("changed_since=kemarin", "changed_since"), ("changed_since=2026-13-45T00:00:00", "changed_since"),
    ("page_size=100000", "page_size"), ("page_size=0", "page_size"), ("page_size=-5", "page_size"),
    ("page_size=lima", "page_size"), ("cursor=bukan-kursor", "cursor"), ("cursor=%ff%fe", "cursor"),
])
def test_odd_query_values_get_a_400_naming_the_parameter(client, issue, query, field):
    issue()
    headers = bearer(client, partner(["credentials:read"]))
    for endpoint in ("/api/v1/partner/credentials/", "/api/v1/partner/register/"):
        if field in ("status", "changed_since") and endpoint.endswith("register/"):
            continue  # the register only lists what is valid today
        response = client.get(f"{endpoint}?{query}", **headers)
        assert response.status_code == 400, (endpoint, query, response.content)
        assert list(response.json()) == [field] and response.json()[field][0]
    # A NUL byte never reaches the API: the kernel answers 400 for any address carrying one.
    assert client.get("/api/v1/partner/credentials/?cursor=%00", **headers).status_code == 400


def test_a_malformed_nik_or_body_gets_a_400_with_the_reason(client):
    headers = bearer(client, partner(["registry:lookup"]))
    for body in ({"nik": "12345"}, {"nik": "32010112345678ab"}, {}, {"nik": ["3201011234567890"]}):
        response = client.post("/api/v1/partner/lookup/", body, content_type="application/json", **headers)
        assert response.status_code == 400 and list(response.json()) == ["nik"], body
    response = client.post("/api/v1/partner/lookup/", "{not json", content_type="application/json", **headers)
    assert response.status_code == 400 and "detail" in response.json()
    assert AuditEvent.objects.filter(action="api.registry_lookup").count() == 0


def test_the_schema_validates_and_every_endpoint_answers_as_documented(client, issue):
    from drf_spectacular.validation import validate_schema

    document = client.get("/api/v1/schema/?format=json").json()
    validate_schema(document)  # raises on a document that is not OpenAPI 3
    credential = issue()
    headers = bearer(client, partner(["credentials:read", "statistics:read", "registry:lookup"]))
    values = {"number": credential.number, "issuer": "lsp", "purpose": "revocation"}
    answered = []
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            url = path.format(**{**values, "number": 0 if path.startswith("/api/v1/status/") else credential.number})
            if method == "post":
                response = client.post(url, {"nik": "3273010101900001"}, content_type="application/json", **headers)
            else:
                response = client.get(url, **headers)
            assert response.status_code == 200, (method, path, response.status_code)
            assert str(response.status_code) in operation["responses"]
            if operation.get("security") != []:  # a partner endpoint: without a token, 401 as documented
                anonymous = (client.post(url, {"nik": "3273010101900001"}, content_type="application/json")
                             if method == "post" else client.get(url))
                assert anonymous.status_code == 401 and "401" in operation["responses"], path
            answered.append(path)
    assert len(answered) == 10
