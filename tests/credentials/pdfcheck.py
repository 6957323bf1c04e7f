"""Look inside a certificate PDF without WeasyPrint: its text (poppler's pdftotext) and its QR code
(rendered by pdftoppm, the module grid read back and compared with the QR code of the expected URL)."""

import subprocess
import tempfile
from pathlib import Path

import segno
from PIL import Image


def pdf_text(data):
    result = subprocess.run(["pdftotext", "-layout", "-", "-"], input=data, capture_output=True, check=True)
    return result.stdout.decode()


def pdf_pages(data):
    result = subprocess.run(["pdfinfo", "-"], input=data, capture_output=True, check=True)
    info = dict(line.split(":", 1) for line in result.stdout.decode().splitlines() if ":" in line)
    return int(info["Pages"].strip()), info["Page size"].strip()


def render_png(data, dpi=200):
    with tempfile.TemporaryDirectory() as tmp:
        pdf = Path(tmp) / "c.pdf"
        pdf.write_bytes(data)
        subprocess.run(["pdftoppm", "-png", "-r", str(dpi), "-singlefile", str(pdf), str(Path(tmp) / "page")], check=True)
        return Image.open(Path(tmp) / "page.png").convert("L").copy()


def qr_matches(data, expected_text, dpi=200):
    """True when the page's QR code has exactly the modules of segno's QR code for `expected_text`
    (the certificate's encoder settings). The QR code is in the lower left of the A4 landscape page,
    inside the frame: we search a window there, take the top-left dark pixel as its corner, measure a
    module on the 7-module finder pattern and sample the centre of every module."""
    image = render_png(data, dpi)
    mm = dpi / 25.4
    window = image.crop((int(18 * mm), int(120 * mm), int(75 * mm), int(200 * mm)))
    pixels = window.load()
    w, h = window.size
    dark_rows = [y for y in range(h) if any(pixels[x, y] < 100 for x in range(w))]
    if not dark_rows:
        return False
    top = dark_rows[0]
    left = min(x for y in range(top, top + 5) for x in range(w) if pixels[x, y] < 100)
    x = left
    while x < w and pixels[x, top + 1] < 128:
        x += 1
    module = (x - left) / 7
    qr = segno.make(expected_text, error="m")
    size = qr.symbol_size(border=0)[0]
    if module < 2:
        return False
    for row in range(size):
        for col in range(size):
            px = pixels[left + int((col + 0.5) * module), top + int((row + 0.5) * module)]
            if (px < 128) != bool(qr.matrix[row][col]):
                return False
    return True
