"""PDFs from HTML templates (WeasyPrint) with the fonts shipped in static/fonts and QR codes (segno):
certificates, admission cards. A template gets `fonts` (the @font-face list), `logo` and `qr` URIs."""

from pathlib import Path

import segno
from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import translation

#: Font files in static/fonts, by (family, weight, style).
FONTS = [
    ("Noto Sans", 400, "normal", "noto-sans/noto-sans-latin{ext}-400-normal.woff"),
    ("Noto Sans", 400, "italic", "noto-sans/noto-sans-latin{ext}-400-italic.woff"),
    ("Noto Sans", 700, "normal", "noto-sans/noto-sans-latin{ext}-700-normal.woff"),
    ("Noto Serif", 400, "normal", "noto-serif/noto-serif-latin{ext}-400-normal.woff"),
    ("Noto Serif", 400, "italic", "noto-serif/noto-serif-latin{ext}-400-italic.woff"),
    ("Noto Serif", 700, "normal", "noto-serif/noto-serif-latin{ext}-700-normal.woff"),
]
LATIN = "U+0000-00FF,U+0131,U+0152-0153,U+02BB-02BC,U+02C6,U+02DA,U+02DC,U+2000-206F,U+20AC,U+2122,U+2212,U+FEFF,U+FFFD"
LATIN_EXT = "U+0100-02BA,U+02BD-02C5,U+02C7-02CC,U+02CE-02D7,U+02DD-02FF,U+0304,U+0308,U+0329,U+1E00-1E9F,U+1EF2-1EFF,U+2C60-2C7F,U+A720-A7FF"


def static_path(name):
    path = finders.find(name)
    if not path:
        raise FileNotFoundError(f"static/{name} is missing")
    return Path(path)


def font_faces():
    """The @font-face entries for the shipped Noto fonts (Latin and Latin Extended subsets)."""
    return [
        {
            "family": family,
            "weight": weight,
            "style": style,
            "url": static_path("fonts/" + pattern.format(ext=ext)).as_uri(),
            "unicode_range": unicode_range,
        }
        for family, weight, style, pattern in FONTS
        for ext, unicode_range in (("", LATIN), ("-ext", LATIN_EXT))
    ]


def logo_uri():
    return static_path("img/logo.svg").as_uri()


def qr_data_uri(text):
    """An SVG QR code (error correction M) as a data: URI."""
    return segno.make(text, error="m").svg_data_uri(scale=4, border=0, dark="#0b2540")


def render_html(template, context, language="id"):
    with translation.override(language):
        return render_to_string(template, {"fonts": font_faces(), "logo": logo_uri(), **context})


def render_pdf(template, context, language="id"):
    """The template rendered in `language` as PDF bytes."""
    from weasyprint import HTML  # heavy import: only where PDFs are made

    return HTML(string=render_html(template, context, language), base_url=str(settings.BASE_DIR)).write_pdf()
