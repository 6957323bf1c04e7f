"""Fast issuance (issue 18, item 5): the certificate is stamped onto its design rendered once, and it reads
and looks as the whole WeasyPrint rendering does. Checked with tools that are not ours: Poppler's pdftotext,
pdffonts and pdfsig, pyHanko's validator, and the QR code read back from the rendered page."""

import subprocess
import tempfile
from datetime import date

import pytest
from django.utils import translation

from portal.core import sealing, stamping
from portal.credentials import pdf
from portal.credentials.models import Credential
from portal.regions.models import Province
from tests.credentials.pdfcheck import pdf_pages, pdf_text, qr_matches
from tests.credentials.test_sealing import pdfsig, validate

pytestmark = pytest.mark.django_db


def plain_text(data):
    """pdftotext in reading order (not -layout), blank lines dropped."""
    result = subprocess.run(["pdftotext", "-", "-"], input=data, capture_output=True, check=True)
    return [line for line in result.stdout.decode().splitlines() if line.strip()]


def fonts(data):
    """pdffonts' rows: (name, type, embedded)."""
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(data)
        handle.flush()
        out = subprocess.run(["pdffonts", handle.name], capture_output=True, text=True, check=True).stdout
    rows = out.splitlines()[2:]
    return [(row.split()[0], row.split()[-5]) for row in rows]


@pytest.fixture
def worker(issue):
    return issue(holder_name="Siti Rahmawati", subject="Pekerja Sosial Generalis", issued_on=date(2026, 9, 28))


@pytest.fixture
def institution(issue):
    return issue(
        kind=Credential.Kind.LKS_ACCREDITATION, holder_name="LKS Bina Sejahtera Mandiri", subject="Terakreditasi A",
        subject_code="A", issuer="BALKS", province=Province.objects.get(code="32"), issued_on=date(2026, 3, 1),
    )


def test_a_stamped_worker_certificate_reads_exactly_as_the_whole_rendering(worker):
    worker.subject_en = "Generalist Social Worker"
    stamped, whole = pdf.render_pdf_stamped(worker), pdf.render_pdf_weasyprint(worker)
    assert pdf_text(stamped) == pdf_text(whole)
    assert plain_text(stamped) == plain_text(whole)
    text = pdf_text(stamped)
    for expected in (worker.number, "Siti Rahmawati", "Pekerja Sosial Generalis", "Generalist Social Worker",
                     "28 September 2026", "Jakarta, 28 September 2026", "Nomor / Number:"):
        assert expected in text
    assert pdf_pages(stamped) == (1, "841.89 x 595.276 pts (A4)")


def test_a_stamped_accreditation_certificate_reads_exactly_as_the_whole_rendering(institution):
    stamped, whole = pdf.render_pdf_stamped(institution), pdf.render_pdf_weasyprint(institution)
    assert pdf_text(stamped) == pdf_text(whole)
    assert plain_text(stamped) == plain_text(whole)
    assert "Provinsi / Province: Jawa Barat" in pdf_text(stamped)
    assert "1 Maret 2026" in pdf_text(stamped) and "1 March 2026" in pdf_text(stamped)


def test_the_same_certificate_whatever_language_the_request_is_in(worker):
    """The certificate is bilingual (Indonesian, English below): the request's language changes nothing."""
    with translation.override("en"):
        english = pdf.render_pdf_stamped(worker)
    with translation.override("id"):
        indonesian = pdf.render_pdf_stamped(worker)
    assert pdf_text(english) == pdf_text(indonesian) == pdf_text(pdf.render_pdf_weasyprint(worker))
    assert "Sertifikat Kompetensi".upper() in pdf_text(english) and "Certificate of Competence" in pdf_text(english)


def test_latin_extended_letters_come_from_the_extended_font_files(issue):
    credential = issue(holder_name="Łukasz Šimić Đorđević")
    stamped = pdf.render_pdf_stamped(credential)
    assert pdf_text(stamped) == pdf_text(pdf.render_pdf_weasyprint(credential))
    assert "Łukasz Šimić Đorđević" in pdf_text(stamped)


def test_a_letter_the_shipped_fonts_lack_is_rendered_whole(issue):
    """Vietnamese ễ is in neither shipped subset: WeasyPrint takes it from a system font, so the whole rendering."""
    credential = issue(holder_name="Trần Thị Nguyễn")
    with pytest.raises(stamping.NotStampable):
        pdf.render_pdf_stamped(credential)
    data = pdf.render_pdf(credential)
    assert "Trần Thị Nguyễn" in pdf_text(data)
    assert pdf_text(data) == pdf_text(pdf.render_pdf_weasyprint(credential))


def test_the_stamped_certificate_is_sealed_and_pdfsig_and_pyhanko_accept_it(worker):
    data = pdf.render_pdf(worker)
    status = validate(data)
    assert (status.intact, status.valid, status.trusted) == (True, True, True)
    assert status.signing_cert.subject.native["common_name"] == sealing.DEMO_COMMON_NAME
    report = pdfsig(data)
    assert "Signature Validation: Signature is Valid." in report
    assert "Total document signed" in report and "Signature Type: ETSI.CAdES.detached" in report


def test_every_font_of_the_stamped_certificate_is_embedded(worker):
    rows = fonts(pdf.render_pdf_stamped(worker))
    assert rows and all(embedded == "yes" for _, embedded in rows)
    names = {name.split("+", 1)[-1] for name, _ in rows}
    assert {"NotoSans-Bold", "NotoSerif-Bold"} <= names  # the stamped text's own subsets
    assert not any("Helvetica" in name for name in names)


def test_the_stamped_qr_code_is_the_verification_url(worker):
    assert qr_matches(pdf.render_pdf_stamped(worker), pdf.verification_url(worker))


def test_the_design_is_rendered_once_for_many_certificates(issue):
    stamping.forget_designs()
    credentials = [issue(holder_name=f"Peserta Nomor {index}") for index in range(6)]
    before = stamping.renders
    texts = [pdf_text(pdf.render_pdf(credential)) for credential in credentials]
    assert stamping.renders - before == 1
    assert all(f"Peserta Nomor {index}" in text for index, text in enumerate(texts))
    stamping.forget_designs()  # another worker process: the design comes from the shared cache
    pdf.render_pdf(credentials[0])
    assert stamping.renders - before == 1


def test_a_different_design_is_rendered_once_more(issue, institution):
    stamping.forget_designs()
    before = stamping.renders
    pdf.render_pdf(issue())
    pdf.render_pdf(institution)
    pdf.render_pdf(issue(holder_name="Budi Santoso"))
    assert stamping.renders - before == 2


def test_a_name_too_long_for_its_line_is_rendered_whole_and_looks_the_same(issue):
    credential = issue(holder_name="Raden Ajeng Siti Nurhaliza Kusumawardhani Rahmawati Sastroamidjojo binti Abdullah")
    with pytest.raises(stamping.NotStampable):
        pdf.render_pdf_stamped(credential)
    data = pdf.render_pdf(credential)
    assert pdf_text(data) == pdf_text(pdf.render_pdf_weasyprint(credential))
    assert validate(data).intact


@pytest.mark.parametrize("month", range(1, 13))
def test_every_month_fits_its_date_column(issue, month):
    """The longest dates (the 28th of any month, in Indonesian and in English) are stamped, not sent the slow way."""
    credential = issue(issued_on=date(2026, month, 28))
    assert pdf_text(pdf.render_pdf_stamped(credential)) == pdf_text(pdf.render_pdf_weasyprint(credential))


def test_the_old_way_when_stamping_is_switched_off(worker, settings):
    settings.CREDENTIAL_PDF_STAMPED = False
    before = stamping.renders
    data = pdf.render_pdf(worker)
    assert stamping.renders == before
    assert fonts(data) == fonts(pdf.render_pdf_weasyprint(worker))


def test_a_value_that_looks_like_a_token_is_printed_as_it_is(issue):
    credential = issue(holder_name=f"Budi {pdf.TOKENS['subject']} {pdf.TOKENS['number']}")
    text = pdf_text(pdf.render_pdf_stamped(credential))
    assert f"Budi {pdf.TOKENS['subject']} {pdf.TOKENS['number']}" in text
    assert text == pdf_text(pdf.render_pdf_weasyprint(credential))
