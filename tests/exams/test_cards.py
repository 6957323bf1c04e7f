"""The admission card: a PDF with photo, session details and the check-in QR code; rendered once,
again only when what it shows changes."""

import io
import subprocess
from datetime import timedelta

import pytest
import segno
from PIL import Image

from certification.exams import cards, services, tasks

from .helpers import candidate, make_session

pytestmark = pytest.mark.django_db


def pdf_text(data):
    return subprocess.run(["pdftotext", "-layout", "-", "-"], input=data, capture_output=True, check=True).stdout.decode()


def pdf_images(data):
    """The embedded raster images (the photo), via poppler's pdfimages."""
    out = subprocess.run(["pdfimages", "-list", "-"], input=data, capture_output=True)
    if out.returncode != 0:  # older poppler cannot read stdin
        import tempfile

        with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
            handle.write(data)
            handle.flush()
            out = subprocess.run(["pdfimages", "-list", handle.name], capture_output=True, check=True)
    return [line.split() for line in out.stdout.decode().splitlines()[2:] if line.strip()]


def test_the_card_shows_the_candidate_the_session_and_the_code(make_user):
    session = make_session(capacity=30, title="Uji Kompetensi Bandung Mei", instructions="Bawa alat tulis.")
    application = candidate(make_user, full_name="Rina Marlina")
    booking = services.book_seat(application.applicant, application, session)
    tasks.render_admission_card(booking.pk)
    booking.refresh_from_db()
    data = booking.card.open("rb").read()
    assert data.startswith(b"%PDF")
    text = pdf_text(data)
    for expected in (
        "KARTU PESERTA", "Rina Marlina", application.reference, "Pekerja Sosial Generalis", "BBPPKS Regional II Bandung",
        "Jl. Raya Lembang No. 26", "Bandung", booking.display_code, "Bawa alat tulis.", "UJI KOMPETENSI",
        "Uji Kompetensi Bandung Mei", "Tanda tangan peserta",
    ):
        assert expected in text, expected
    assert "Kursi" in text and "\n" in text
    # The photo from the portfolio is embedded (the QR code is vector).
    images = pdf_images(data)
    assert len(images) == 1
    # The QR code carries the check-in URL with the code.
    url = cards.check_in_url(booking)
    assert url.endswith(f"/secretariat/exams/{session.pk}/check-in/?code={booking.code}")
    assert segno.make(url, error="m").svg_data_uri(scale=4, border=0, dark="#0b2540") in cards.render_html(booking)


def test_rendering_is_idempotent_and_follows_changes(make_user):
    session = make_session(capacity=30)
    application = candidate(make_user)
    booking = services.book_seat(application.applicant, application, session)
    first = cards.ensure_card(booking.pk)
    stamp, digest, name = first.card_rendered_at, first.card_sha256, first.card.name
    again = cards.ensure_card(booking.pk)
    assert (again.card_rendered_at, again.card_sha256, again.card.name) == (stamp, digest, name)
    assert cards.is_current(again)
    # The session moves to another venue: the stored card is stale and is rendered again, same file name.
    session.venue_name = "Gedung Sate, Aula Barat"
    session.save()
    booking.refresh_from_db()
    assert not cards.is_current(booking)
    redone = cards.ensure_card(booking.pk)
    assert redone.card_rendered_at > stamp and redone.card.name == name
    assert "Gedung Sate, Aula Barat" in pdf_text(redone.card.open("rb").read())


def test_a_card_without_a_photo_has_a_placeholder(make_user):
    from certification.models import ApplicationDocument

    session = make_session(capacity=30)
    application = candidate(make_user)
    ApplicationDocument.objects.filter(application=application, requirement__kind="photo").delete()
    booking = services.book_seat(application.applicant, application, session)
    booking = cards.ensure_card(booking.pk)
    text = pdf_text(booking.card.open("rb").read())
    assert "Tempel pas foto 3×4" in text


def test_an_online_card_shows_the_meeting_link(make_user):
    session = make_session(capacity=30, mode="online", meeting_url="https://meet.example.test/ujikom-ii", starts_in=timedelta(days=3))
    application = candidate(make_user)
    booking = cards.ensure_card(services.book_seat(application.applicant, application, session).pk)
    assert "https://meet.example.test/ujikom-ii" in pdf_text(booking.card.open("rb").read())


def test_no_card_for_a_waitlist_place(make_user, client):
    session = make_session(capacity=1)
    first, second = candidate(make_user), candidate(make_user)
    services.book_seat(first.applicant, first, session)
    waiting = services.join_waitlist(second.applicant, second, session)
    assert cards.ensure_card(waiting.pk).card_sha256 == ""
    client.force_login(second.applicant)
    assert client.get(f"/exams/bookings/{waiting.pk}/card.pdf").status_code == 404


def test_the_card_png_for_a_person_to_look_at(make_user, settings):
    """Renders var/screenshots/exams-card.png (60 dpi) like the browser tests' screenshots."""
    from tests.e2e.conftest import SCREENSHOTS

    session = make_session(capacity=30, title="Uji Kompetensi Pekerja Sosial Generalis — Bandung", instructions="Bawa KTP asli dan alat tulis.")
    application = candidate(make_user, full_name="Siti Nurhaliza Putri")
    booking = cards.ensure_card(services.book_seat(application.applicant, application, session).pk)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    pdf = SCREENSHOTS / "exams-card.pdf"
    pdf.write_bytes(booking.card.open("rb").read())
    subprocess.run(["pdftoppm", "-png", "-r", "60", "-singlefile", str(pdf), str(SCREENSHOTS / "exams-card")], check=True)
    image = Image.open(io.BytesIO((SCREENSHOTS / "exams-card.png").read_bytes()))
    assert abs(image.size[0] - 496) <= 1 and abs(image.size[1] - 350) <= 1  # A5 landscape at 60 dpi
