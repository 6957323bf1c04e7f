"""Certificates in a real browser: a worker downloads the PDF, the public verifies it (and catches a
mistyped number), an LSP admin revokes it, the public page says so; a bulk issuance's progress bar
moves without reloading."""

import re
from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import expect

from portal.accounts.roles import Role
from portal.credentials.models import Credential, IssuanceBatch
from portal.credentials.pdf import verification_url
from portal.credentials.services import issue_credential, process_batch, start_bulk_issuance
from portal.regions.models import Province
from tests.credentials.pdfcheck import pdf_text, qr_matches

from .conftest import shoot, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.filterwarnings("ignore:EdDSA is deprecated")]


def seal_holds(data):
    from io import BytesIO

    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import async_validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    from portal.core import sealing

    [signature] = PdfFileReader(BytesIO(data), strict=False).embedded_signatures
    context = ValidationContext(trust_roots=[sealing.certificate()])
    # Playwright's sync API runs an event loop in this thread: pyHanko's coroutine runs beside it.
    status = sealing.run_coroutine(lambda: async_validate_pdf_signature(signature, context))
    return status.intact and status.valid and status.trusted


def local(base, url):
    from django.conf import settings

    return base + url[len(settings.SITE_URL):]


def verified_claims(page, base, token):
    """The claims of a VC-JOSE token verified with joserfc, the key from the issuer profile its `kid` names."""
    import base64
    import json

    from joserfc import jwt
    from joserfc.jwk import OKPKey

    kid = json.loads(base64.urlsafe_b64decode(token.split(".")[0] + "=="))["kid"]
    profile = page.request.get(local(base, kid.split("#")[0])).json()
    [method] = [m for m in profile["verificationMethod"] if m["id"] == kid]
    return jwt.decode(token, OKPKey.import_key(method["publicKeyJwk"]), algorithms=["EdDSA"]).claims


def status_bit(page, base, entry):
    import base64
    import gzip

    response = page.request.get(local(base, entry["statusListCredential"]))
    assert response.status == 200 and response.headers["content-type"] == "application/vc+jwt"
    encoded = verified_claims(page, base, response.text())["credentialSubject"]["encodedList"]
    bits = gzip.decompress(base64.urlsafe_b64decode(encoded[1:] + "=="))
    index = int(entry["statusListIndex"])
    return (bits[index // 8] >> (7 - index % 8)) & 1


def test_worker_downloads_public_verifies_admin_revokes(server, page, new_context, make_user):
    base = server.url
    worker = make_user(Role.APPLICANT, full_name="Siti Rahmawati", email="siti@example.test")
    admin = make_user(Role.LSP_ADMIN, totp=True, full_name="Rina Kartika")
    # The plenary declares her Kompeten: certification calls the kernel's issue service.
    credential = issue_credential(
        kind=Credential.Kind.WORKER_CERTIFICATE,
        source="certification.application:1",
        holder=worker,
        holder_name=worker.full_name,
        subject="Pekerja Sosial Generalis",
        subject_en="Generalist Social Worker",
        subject_code="GEN",
        issuer="LSP Kemensos",
        province=Province.objects.get(code="32"),
        issued_on=date(2026, 3, 2),
        actor=admin,
    )

    # The worker: notified, finds "Sertifikat saya" in the top bar and on the dashboard, downloads the PDF.
    sign_in(page, base, worker)
    expect(page.get_by_text(f"{credential.number} · Pekerja Sosial Generalis")).to_be_visible()
    shoot(page, "credentials-dashboard")
    page.get_by_role("link", name="Sertifikat saya").first.click()
    expect(page.get_by_role("heading", name="Sertifikat saya")).to_be_visible()
    card = page.get_by_test_id("credential-card")
    expect(card).to_contain_text(credential.number)
    expect(card.get_by_test_id("status-badge")).to_have_text("Berlaku")
    shoot(page, "credentials-mine")
    with page.expect_download() as info:
        card.get_by_role("link", name=re.compile("Unduh PDF")).click()
    download = info.value
    assert download.suggested_filename == f"{credential.number}.pdf"
    data = Path(download.path()).read_bytes()
    text = " ".join(pdf_text(data).split())
    assert credential.number in text and "Siti Rahmawati" in text and "SERTIFIKAT KOMPETENSI" in text
    assert qr_matches(data, verification_url(credential))  # the QR code carries the signed verification link
    # Sealed by the LSP (PAdES): intact and valid against the seal's certificate.
    assert seal_holds(data)

    # The same certificate as a verifiable credential, for a wallet or an HR system.
    with page.expect_download() as info:
        card.get_by_test_id("vc-download").click()
    assert info.value.suggested_filename == f"{credential.number}.jwt"
    token = Path(info.value.path()).read_text()
    claims = verified_claims(page, base, token)
    assert claims["credentialSubject"]["licenseNumber"] == credential.number
    revocation = next(e for e in claims["credentialStatus"] if e["statusPurpose"] == "revocation")
    assert status_bit(page, base, revocation) == 0

    # Its public page, from the card.
    card.get_by_role("link", name=re.compile("Halaman verifikasi publik")).click()
    status = page.get_by_test_id("credential-status")
    expect(status).to_have_attribute("data-status", "valid")
    expect(status).to_contain_text("Berlaku")
    expect(page.get_by_test_id("credential-facts")).to_contain_text("Siti Rahmawati")
    page.context.clear_cookies()  # the rest of the public part: no account

    # Someone checks a printed certificate: first mistyped, then right but typed sloppily.
    page.goto(base + "/")
    wrong = credential.number[:-1] + ("7" if credential.number[-1] != "7" else "8")
    page.get_by_test_id("landing-verify").get_by_role("textbox").fill(wrong)
    page.get_by_test_id("landing-verify").get_by_role("button", name="Verifikasi").click()
    expect(page.get_by_test_id("verify-problem")).to_contain_text("Nomor salah ketik")
    shoot(page, "credentials-verify-mistyped")
    page.get_by_label("Nomor sertifikat atau akreditasi").fill(credential.number.lower().replace("-", " "))
    page.get_by_role("main").get_by_role("button", name="Verifikasi").click()
    expect(page).to_have_url(f"{base}/verify/{credential.number}/")
    expect(page.get_by_test_id("credential-status")).to_contain_text("Berlaku")
    shoot(page, "credentials-verify-valid")

    # The QR code's link: the printed data is authentic.
    page.goto(verification_url(credential).replace("http://127.0.0.1:8000", base))
    expect(page.get_by_test_id("signature-check")).to_have_attribute("data-authentic", "yes")
    expect(page.get_by_test_id("signature-check")).to_contain_text("autentik")
    shoot(page, "credentials-verify-qr")

    # The LSP admin revokes it with a reason.
    sign_in(page, base, admin)
    page.get_by_role("link", name="Cari, bekukan, atau cabut").click()  # the dashboard panel
    page.get_by_label("Nomor atau nama pemegang").fill("rahmawati")
    page.get_by_role("button", name="Cari").click()
    shoot(page, "credentials-manage-list")
    page.get_by_role("link", name=credential.number).click()
    page.get_by_label("Cabut").check()
    page.get_by_label("Alasan").fill("Terbukti memalsukan surat keterangan pengalaman kerja")
    shoot(page, "credentials-manage-detail")
    page.get_by_role("button", name="Terapkan").click()
    expect(page.get_by_role("alert")).to_contain_text("Dicabut")
    expect(page.get_by_test_id("credential-history").locator('[data-action="credential.revoke"]')).to_have_text("Dicabut")

    # The public page says revoked, with the reason, at once: to someone checking now. (This browser
    # may keep the valid page it was shown a minute ago, CREDENTIAL_PUBLIC_MAX_AGE, as any cache may.)
    visitor = new_context().new_page()
    visitor.goto(f"{base}/verify/{credential.number}/")
    status = visitor.get_by_test_id("credential-status")
    expect(status).to_have_attribute("data-status", "revoked")
    expect(status).to_contain_text("Dicabut")
    expect(visitor.get_by_test_id("revocation-reason")).to_contain_text("Terbukti memalsukan surat keterangan")
    shoot(visitor, "credentials-verify-revoked")
    # And a machine reading the status list named in the credential finds the revocation bit set.
    assert status_bit(visitor, base, revocation) == 1


def test_bulk_issuance_progress_moves_without_reloading(server, page, make_user):
    base = server.url
    admin = make_user(Role.LSP_ADMIN, totp=True)
    candidates = [make_user(Role.APPLICANT, full_name=f"Kandidat Pleno {i}") for i in range(3)]
    batch = start_bulk_issuance(
        kind="worker",
        actor=admin,
        title="Pleno Regional II, September 2026",
        items=[
            {"source": f"certification.application:{i}", "holder": user, "holder_name": user.full_name,
             "subject": "Pekerja Sosial Generalis", "subject_code": "GEN", "issuer": "LSP Kemensos"}
            for i, user in enumerate(candidates)
        ],
    )
    # The batch ran at once (eager Celery after commit) and is finished.
    assert Credential.objects.count() == 3
    sign_in(page, base, admin)
    page.goto(f"{base}{batch.get_absolute_url()}")
    expect(page.get_by_test_id("batch-progress")).to_have_attribute("aria-valuenow", "100")
    expect(page.get_by_role("cell", name="Kandidat Pleno 2")).to_be_visible()

    # A batch the worker has not picked up yet: we drive it step by step while the page is open.
    later = IssuanceBatch.objects.create(
        kind="worker", title="Pleno Regional III", created_by=admin, total=2,
        items=[{"source": f"certification.application:{10 + i}", "holder_name": f"Peserta {i}",
                "subject": "Pekerja Sosial Generalis", "subject_code": "GEN", "issuer": "LSP Kemensos"} for i in range(2)],
    )
    page.goto(f"{base}{later.get_absolute_url()}")
    bar = page.get_by_test_id("batch-progress")
    expect(bar).to_have_attribute("aria-valuenow", "0")
    page.evaluate("window.__notReloaded = true")
    process_batch(later.pk, limit=1)  # one issued and its PDF rendered: 2 of 4 steps
    expect(bar).to_have_attribute("aria-valuenow", "50")
    shoot(page, "credentials-batch-progress")
    process_batch(later.pk, limit=1)
    expect(bar).to_have_attribute("aria-valuenow", "100")
    expect(page.get_by_text("Selesai.")).to_be_visible()
    assert page.evaluate("window.__notReloaded") is True
