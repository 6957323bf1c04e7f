"""Check-in codes, the admission cards' storage and the settings' defaults of the exam models."""

import secrets
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: easy to read aloud and type
CODE_LENGTH = 8


def new_code():
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(text):
    """What a typed or scanned code is looked up by: upper case, letters and digits only.
    A scanned QR code carries the check-in URL: its `code` parameter is taken."""
    text = (text or "").strip()
    if "code=" in text:
        text = text.split("code=", 1)[1].split("&", 1)[0]
    return "".join(ch for ch in text.upper() if ch.isalnum())[:32]


def format_code(code):
    return f"{code[:4]}-{code[4:]}" if len(code) == CODE_LENGTH else code


def card_storage():
    """Admission cards: private files, served only through the booking's permission check."""
    return FileSystemStorage(location=Path(settings.PRIVATE_MEDIA_ROOT) / "exam-cards", allow_overwrite=True)


def default_cutoff_hours():
    return settings.EXAM_CANCEL_CUTOFF_HOURS


def default_pass_mark():
    return settings.EXAM_PASS_MARK


def default_component_min():
    return settings.EXAM_COMPONENT_MIN

