"""A visitor's verification page and JSON are answered by the first middleware (`ratelimit.early(answer=)`)
once the whole stack has given the same bytes for the same shape: the answer must be, headers and bytes,
what the stack gives; anything else (signed-in users, QR links, typed numbers, problems) stays with the
stack."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from portal.core.skeleton import Skeletons
from portal.credentials import public
from portal.credentials.models import Credential
from portal.credentials.services import revoke_credential, suspend_credential


@pytest.fixture(autouse=True)
def new_process(monkeypatch):
    """No skeleton made yet, as in a new worker process."""
    monkeypatch.setattr(public, "_skeletons", Skeletons())


def early(response):
    return getattr(response, "answered_early", False)


def visits(client, url, times=3, **extra):
    return [client.get(url, **extra) for _ in range(times)]


@pytest.fixture
def credentials(issue, lsp_admin, reference_data):
    from portal.regions.models import Province

    suspended, revoked = issue(), issue(holder_name="Ahmad Yani")
    suspend_credential(suspended, actor=lsp_admin, reason="Sedang diperiksa")
    revoke_credential(revoked, actor=lsp_admin, reason='Dokumen <palsu> & "salah"')
    return [
        issue(province=Province.objects.get(code="32")),
        issue(subject_en="Generalist Social Worker"),
        issue(kind=Credential.Kind.LKS_ACCREDITATION, subject="A", subject_code="A", issuer="BALKS"),
        issue(issued_on=timezone.localdate() - timedelta(days=6 * 366)),  # expired by its date
        suspended,
        revoked,
    ]


@pytest.mark.parametrize(
    "headers, cookies",
    [({}, {}), ({"accept-language": "en"}, {}), ({"accept-language": "en"}, {"portal_language": "id"}), ({}, {"csrftoken": "t" * 32})],
    ids=["indonesian", "english-browser", "language-cookie", "csrf-cookie"],
)
def test_the_early_answer_is_the_stacks_page_headers_and_bytes(credentials, issue, headers, cookies):
    client = Client(headers=headers)
    client.cookies.load(cookies)
    for credential in credentials:
        pages = visits(client, f"/verify/{credential.number}/")
        assert early(pages[-1]) and not early(pages[0])
        for page in pages[1:]:
            assert page.content == pages[0].content
            assert list(page.items()) == list(pages[0].items())
        assert {(page.status_code, page.content, tuple(page.items())) for page in pages} == {
            (200, pages[0].content, tuple(pages[0].items()))
        }
    # Another credential of a learnt shape is answered early at once, as a new process's stack gives it.
    other = issue(holder_name='Ni <b>Luh</b> "Ayu" & Co', province=credentials[0].province)
    answered = client.get(f"/verify/{other.number}/")
    fresh = Client(headers=headers)
    fresh.cookies.load(cookies)
    given = fresh.get(f"/verify/{other.number}/")
    assert early(answered) and not early(given)
    assert (answered.content, tuple(answered.items())) == (given.content, tuple(given.items()))
    assert "Ni &lt;b&gt;Luh&lt;/b&gt; &quot;Ayu&quot; &amp; Co" in answered.content.decode()


def test_only_a_known_number_as_written_to_a_visitor_is_answered_early(client, credentials, make_user):
    number = credentials[0].number
    assert early(visits(client, f"/verify/{number}/")[-1])
    typed = client.get(f"/verify/{number.lower()}/")
    assert (typed.status_code, typed["Location"], early(typed)) == (301, f"/verify/{number}/", False)
    mistyped = number[:-1] + ("X" if number[-1] != "X" else "Y")
    assert [(r.status_code, early(r)) for r in visits(client, f"/verify/{mistyped}/")] == [(400, False)] * 3
    unknown = "PS-GEN-2020-999999-" + number[-1]
    assert {early(r) for r in visits(client, f"/verify/{unknown}/")} == {False}
    qr = client.get(f"/verify/{number}/?sig=x&k=y")
    assert qr.status_code == 200 and not early(qr) and qr.context["signature_check"]["authentic"] is False
    client.force_login(make_user(full_name="Budi Santoso"))
    signed_in = client.get(f"/verify/{number}/")
    assert not early(signed_in) and "Budi" in signed_in.content.decode()


def test_a_revocation_shows_at_once_on_pages_answered_early(client, issue, lsp_admin):
    credential = issue()
    url = f"/verify/{credential.number}/"
    assert early(visits(client, url)[-1])
    revoke_credential(credential, actor=lsp_admin, reason="Pelanggaran kode etik")
    after = visits(client, url)
    assert all('data-status="revoked"' in r.content.decode() and "Pelanggaran kode etik" in r.content.decode() for r in after)
    assert early(after[-1])


def test_past_the_rate_the_stack_refuses(client, credentials, settings):
    settings.PUBLIC_RATE_LIMIT = "3/m"
    pages = visits(client, f"/verify/{credentials[0].number}/", times=4)
    assert [(r.status_code, early(r)) for r in pages] == [(200, False), (200, False), (200, True), (429, False)]


def test_the_json_api_is_answered_early_as_the_stack_gives_it(client, credentials, issue):
    for index, credential in enumerate(credentials):
        answers = visits(client, f"/api/v1/credentials/{credential.number}/")
        assert [early(r) for r in answers] == [index > 0, True, True]  # the headers are learnt once
        assert {(r.content, tuple(r.items())) for r in answers} == {(answers[0].content, tuple(answers[0].items()))}
        assert answers[-1].json()["number"] == credential.number and answers[-1]["Content-Type"] == "application/json"
    assert client.get(f"/api/v1/credentials/{credentials[-1].number}/").json()["status_reason"] == 'Dokumen <palsu> & "salah"'
    typed = client.get(f"/api/v1/credentials/{credentials[0].number.lower().replace('-', ' ')}/")
    assert early(typed) and typed.json()["number"] == credentials[0].number
    unknown = "PS-GEN-2020-999999-" + credentials[0].number[-1]
    assert {(r.status_code, early(r)) for r in visits(client, f"/api/v1/credentials/{unknown}/")} <= {(400, False), (404, False)}
    english = visits(client, f"/api/v1/credentials/{credentials[0].number}/", headers={"accept-language": "en"})
    assert [(early(r), r["Content-Language"], r.json()["status_label"]) for r in english] == [(False, "en", "Valid")] + [(True, "en", "Valid")] * 2
