"""The partner API in a real browser and over real HTTP: a developer at a partner opens the docs from the
landing page (Swagger UI served by the portal under the strict CSP, no CDN), and the partner's system gets
a token by client credentials from the running server and reads a certificate."""

import base64
import json
import urllib.request

import pytest
from playwright.sync_api import expect

from portal.api import services
from portal.credentials.services import issue_credential
from portal.regions.models import Province

from .conftest import shoot

pytestmark = pytest.mark.e2e


def test_a_partner_reads_the_docs_and_its_system_reads_a_certificate(server, page):
    refused = []
    page.on("console", lambda message: refused.append(message.text) if "Content Security Policy" in message.text else None)
    page.goto(server.url + "/")
    page.get_by_test_id("landing-api").click()
    # Swagger UI draws the operations from the schema it fetched: the lookup by NIK is among them.
    expect(page.get_by_text("/api/v1/partner/lookup/", exact=True)).to_be_visible()
    expect(page.get_by_text("/api/v1/partner/credentials/", exact=True)).to_be_visible()
    shoot(page, "partner-api-docs")
    assert refused == []

    credential = issue_credential(kind="worker", source="test:api", holder_name="Siti Rahma",
                                  subject="Pekerja Sosial Generalis", subject_code="GEN", issuer="LSP Kemensos",
                                  province=Province.objects.get(code="32"))
    partner, secret = services.register_partner(None, organisation="BKN", contact_email="it@bkn.example",
                                                scopes=["credentials:read"])
    basic = base64.b64encode(f"{partner.application.client_id}:{secret}".encode()).decode()
    request = urllib.request.Request(server.url + "/api/v1/oauth/token/", data=b"grant_type=client_credentials",
                                     headers={"Authorization": f"Basic {basic}"})
    with urllib.request.urlopen(request) as response:
        grant = json.load(response)
    assert grant["scope"] == "credentials:read" and grant["token_type"] == "Bearer"
    request = urllib.request.Request(f"{server.url}/api/v1/partner/credentials/{credential.number}/",
                                     headers={"Authorization": "Bearer " + grant["access_token"]})
    with urllib.request.urlopen(request) as response:
        body = json.load(response)
    assert body["number"] == credential.number and body["holder_name"] == "Siti Rahma"
    assert "nik" not in json.dumps(body).lower()
