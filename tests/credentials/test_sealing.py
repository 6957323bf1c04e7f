"""Issued PDFs carry a PAdES seal that an implementation other than ours accepts: pyHanko's validator
(the same library signs, but its validator is independent of our code) and Poppler's `pdfsig` (NSS).
A changed byte breaks it; a configured PKCS#12 certificate (as BSrE issues) is used instead of the demo pair."""

import subprocess
import tempfile
from datetime import datetime, timedelta, timezone
from io import BytesIO
from pathlib import Path

import pytest

from certification.exams import cards, services
from portal.core import sealing
from portal.credentials.services import ensure_pdf
from tests.exams.helpers import candidate, make_session

pytestmark = pytest.mark.django_db


def validate(data, trust_root=None):
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    [signature] = PdfFileReader(BytesIO(data), strict=False).embedded_signatures
    return validate_pdf_signature(signature, ValidationContext(trust_roots=[trust_root or sealing.certificate()]))


def pdfsig(data):
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(data)
        handle.flush()
        return subprocess.run(["pdfsig", handle.name], capture_output=True, text=True).stdout


def tampered(data):
    """One byte of the first page's compressed content changed: it lies in the signed range, which starts at 0."""
    at = data.index(b"stream\n") + 100
    changed = bytearray(data)
    changed[at] ^= 0x01
    return bytes(changed)


def test_a_certificate_pdf_is_sealed_and_a_changed_byte_breaks_the_seal(issue):
    credential = ensure_pdf(issue().pk)
    data = Path(credential.pdf.path).read_bytes()
    status = validate(data)
    assert (status.intact, status.valid, status.trusted) == (True, True, True)
    assert status.signing_cert.subject.native["common_name"] == sealing.DEMO_COMMON_NAME
    report = pdfsig(data)
    assert "Signature Validation: Signature is Valid." in report
    assert "Signer Certificate Common Name: LSP Kemensos (DEMO seal, not valid)" in report
    assert "Total document signed" in report and "Signature Type: ETSI.CAdES.detached" in report

    broken = tampered(data)
    assert validate(broken).intact is False
    assert "Signature Validation: Signature is Valid." not in pdfsig(broken)


def test_an_admission_card_is_sealed(make_user):
    application = candidate(make_user)
    booking = services.book_seat(application.applicant, application, make_session(capacity=5))
    booking = cards.ensure_card(booking.pk)
    status = validate(booking.card.open("rb").read())
    assert (status.intact, status.valid, status.trusted) == (True, True, True)


def test_the_demo_pair_is_the_same_in_every_process():
    code = "import django; django.setup(); from portal.core import sealing; print(sealing.certificate().sha256.hex())"
    import os
    import sys

    env = {**os.environ, "DJANGO_SETTINGS_MODULE": os.environ.get("DJANGO_SETTINGS_MODULE", "tests.settings")}
    other = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True,
                           cwd=Path(__file__).resolve().parents[2])
    assert other.stdout.strip().splitlines()[-1] == sealing.certificate().sha256.hex()


def seal_checks():
    from portal.core.checks import pdf_seal_check

    return {message.id for message in pdf_seal_check(None)}


def pkcs12_file(tmp_path, passphrase=b"rahasia"):
    """An RSA certificate in a PKCS#12 file, as BSrE hands one out (here issued by a test CA)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.hazmat.primitives.serialization import pkcs12
    from cryptography.x509.oid import NameOID

    def name(cn):
        return x509.Name([x509.NameAttribute(NameOID.COUNTRY_NAME, "ID"), x509.NameAttribute(NameOID.COMMON_NAME, cn)])

    now = datetime.now(timezone.utc)
    ca_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    ca = (x509.CertificateBuilder().subject_name(name("Test CA")).issuer_name(name("Test CA"))
          .public_key(ca_key.public_key()).serial_number(1).not_valid_before(now - timedelta(days=1))
          .not_valid_after(now + timedelta(days=365)).add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
          .add_extension(x509.KeyUsage(True, False, False, False, False, True, True, False, False), critical=True)
          .sign(ca_key, hashes.SHA256()))
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    cert = (x509.CertificateBuilder().subject_name(name("LSP Kemensos")).issuer_name(ca.subject)
            .public_key(key.public_key()).serial_number(2).not_valid_before(now - timedelta(days=1))
            .not_valid_after(now + timedelta(days=365))
            .add_extension(x509.KeyUsage(True, True, False, False, False, False, False, False, False), critical=True)
            .sign(ca_key, hashes.SHA256()))
    path = tmp_path / "seal.p12"
    path.write_bytes(pkcs12.serialize_key_and_certificates(
        b"seal", key, cert, [ca], serialization.BestAvailableEncryption(passphrase)))
    from asn1crypto import x509 as asn1_x509

    return path, asn1_x509.Certificate.load(ca.public_bytes(serialization.Encoding.DER))


def test_a_configured_pkcs12_certificate_seals_instead_of_the_demo_pair(issue, settings, tmp_path):
    path, ca = pkcs12_file(tmp_path)
    settings.PDF_SEAL_PKCS12 = str(path)
    settings.PDF_SEAL_PASSPHRASE = "rahasia"
    credential = ensure_pdf(issue().pk)
    status = validate(Path(credential.pdf.path).read_bytes(), trust_root=ca)
    assert (status.intact, status.valid, status.trusted) == (True, True, True)
    assert status.signing_cert.subject.native["common_name"] == "LSP Kemensos"
    assert not {"portal.W010", "portal.W011"} & seal_checks()

    settings.PDF_SEAL_PASSPHRASE = "salah"
    assert seal_checks() == {"portal.W011"}


def test_production_without_a_seal_issues_unsealed_pdfs_and_the_deploy_check_says_so(settings):
    settings.PRODUCTION = True
    assert sealing.enabled() is False
    assert sealing.seal(b"%PDF-1.7 unchanged", reason="x") == b"%PDF-1.7 unchanged"
    assert seal_checks() == {"portal.W010"}
