"""Electronic seals on the PDFs the portal issues (certificates, admission cards): a PAdES signature
(pyHanko, PAdES baseline B-B, SHA-256) so that a PDF reader shows who sealed the document and that it has
not been changed since.

The seal's certificate and key come from settings (`PDF_SEAL_PKCS12` + `PDF_SEAL_PASSPHRASE`, or
`PDF_SEAL_KEY` + `PDF_SEAL_CERT`, with `PDF_SEAL_CHAIN` for the issuing CA's certificates): in production the
LSP's electronic certificate from BSrE (Balai Sertifikasi Elektronik, BSSN), see docs/credentials.md. Without
them a development install seals with a **demonstration pair**: an ECDSA P-256 key derived from SECRET_KEY
and a self-signed certificate named "… (DEMO, not valid)", the same in every process. Production without a
configured seal does not seal (a self-signed seal would look official) and `manage.py check --deploy` says
so (`portal.W010`).
"""

import hashlib
import hmac
from datetime import datetime, timezone
from functools import lru_cache
from io import BytesIO

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

DEMO_COMMON_NAME = "LSP Kemensos (DEMO seal, not valid)"


def configured():
    return bool(settings.PDF_SEAL_PKCS12 or (settings.PDF_SEAL_KEY and settings.PDF_SEAL_CERT))


def enabled():
    """Seal at all? Always with a configured certificate; with the demonstration pair outside production."""
    return settings.PDF_SEAL_ENABLED and (configured() or not getattr(settings, "PRODUCTION", False))


@lru_cache(maxsize=1)
def demo_pair():
    """(private key, certificate) of the demonstration seal, as `cryptography` objects. Deterministic: the key
    from SECRET_KEY, the certificate's fields fixed and its signature deterministic (RFC 6979), so every
    process of one install seals with the very same certificate."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    if getattr(settings, "PRODUCTION", False):
        raise ImproperlyConfigured("The demonstration seal is not used in production: set PDF_SEAL_PKCS12.")
    seed = hmac.new(settings.SECRET_KEY.encode(), b"portal.core.sealing.demo-key", hashlib.sha256).digest()
    curve = ec.SECP256R1()
    order = 0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551
    key = ec.derive_private_key(int.from_bytes(seed, "big") % (order - 1) + 1, curve)
    name = x509.Name([
        x509.NameAttribute(NameOID.COUNTRY_NAME, "ID"),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Kementerian Sosial Republik Indonesia (DEMO)"),
        x509.NameAttribute(NameOID.COMMON_NAME, DEMO_COMMON_NAME),
    ])
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(int.from_bytes(hashlib.sha256(seed).digest()[:16], "big") >> 1)
        .not_valid_before(datetime(2025, 1, 1, tzinfo=timezone.utc))
        .not_valid_after(datetime(2045, 1, 1, tzinfo=timezone.utc))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True, content_commitment=True, key_encipherment=False, data_encipherment=False,
                key_agreement=False, key_cert_sign=False, crl_sign=False, encipher_only=False, decipher_only=False,
            ),
            critical=True,
        )
        .sign(key, hashes.SHA256(), ecdsa_deterministic=True)
    )
    return key, certificate


def _asn1(key, certificate):
    from asn1crypto import keys, x509
    from cryptography.hazmat.primitives import serialization

    der_key = key.private_bytes(serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    return keys.PrivateKeyInfo.load(der_key), x509.Certificate.load(certificate.public_bytes(serialization.Encoding.DER))


def _settings_key():
    return (settings.PDF_SEAL_PKCS12, settings.PDF_SEAL_PASSPHRASE, settings.PDF_SEAL_KEY, settings.PDF_SEAL_CERT,
            tuple(settings.PDF_SEAL_CHAIN), settings.SECRET_KEY)


_signers = {}


def signer():
    """The pyHanko signer for the configured seal (loaded once per configuration)."""
    from pyhanko.sign import signers
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    config = _settings_key()
    if config not in _signers:
        chain = list(settings.PDF_SEAL_CHAIN) or None
        passphrase = settings.PDF_SEAL_PASSPHRASE.encode() if settings.PDF_SEAL_PASSPHRASE else None
        if settings.PDF_SEAL_PKCS12:
            loaded = signers.SimpleSigner.load_pkcs12(settings.PDF_SEAL_PKCS12, ca_chain_files=chain, passphrase=passphrase)
        elif settings.PDF_SEAL_KEY and settings.PDF_SEAL_CERT:
            loaded = signers.SimpleSigner.load(
                settings.PDF_SEAL_KEY, settings.PDF_SEAL_CERT, ca_chain_files=chain, key_passphrase=passphrase
            )
        else:
            key, certificate = _asn1(*demo_pair())
            loaded = signers.SimpleSigner(
                signing_cert=certificate, signing_key=key, cert_registry=SimpleCertificateStore.from_certs([certificate])
            )
        if loaded is None:
            raise ImproperlyConfigured("The PDF seal's certificate or key could not be read (PDF_SEAL_*).")
        _signers.clear()
        _signers[config] = loaded
    return _signers[config]


def certificate():
    """The seal's certificate (asn1crypto), e.g. as the trust root a test validates against."""
    return signer().signing_cert


def seal(data, *, reason, location=""):
    """`data` (PDF bytes) with an invisible PAdES seal added as an incremental update; `data` itself when
    sealing is off. The text, fonts and pages are untouched: the seal only appends."""
    if not enabled():
        return data
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    return seal_writer(IncrementalPdfFileWriter(BytesIO(data), strict=False), reason=reason, location=location)


def seal_writer(writer, *, reason, location=""):
    """The PDF bytes of `writer` (a pyHanko incremental writer, possibly with changes pending) with the seal
    added in the same update; unsealed when sealing is off."""
    if not enabled():
        out = BytesIO()
        writer.write(out)
        return out.getvalue()
    from pyhanko.sign import fields, signers

    metadata = signers.PdfSignatureMetadata(
        field_name="Seal",
        md_algorithm="sha256",
        reason=reason,
        location=location or None,
        subfilter=fields.SigSeedSubFilter.PADES,
    )
    seal_signer = signer()
    config = _settings_key()
    reserved = _reserved.get(config)
    out = run_coroutine(
        lambda: signers.async_sign_pdf(writer, metadata, signer=seal_signer, bytes_reserved=reserved)
    ).getvalue()
    if reserved is None:
        # pyHanko sized the signature's space by signing a dummy first (half the work of a seal): remember
        # the size it chose for this signer, so that later seals of this process sign once.
        from pyhanko.pdf_utils.reader import PdfFileReader

        [embedded] = PdfFileReader(BytesIO(out), strict=False).embedded_signatures
        _reserved.clear()
        _reserved[config] = len(embedded.sig_object["/Contents"]) * 2
    return out


#: The bytes pyHanko reserves for a seal's signature container (as hex), by signer configuration.
_reserved = {}


def run_coroutine(make):
    """Run the coroutine `make()` returns to its end, also where this thread already runs an event loop
    (an ASGI server, Playwright's sync API in the browser tests): pyHanko's synchronous functions call
    `asyncio.run`, which refuses to run inside a running loop, so there the coroutine runs on a thread of
    its own."""
    import asyncio

    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(make())
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(lambda: asyncio.run(make())).result()
