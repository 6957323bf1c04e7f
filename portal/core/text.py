"""Sentences put together from translated parts: each ends with exactly one full stop, whether or not
the part already had one ("Lengkapi data pribadi Anda." + "." must not read "Anda..")."""

#: marks that end a sentence already
TERMINAL = (".", "!", "?", "…")


def sentence(text):
    """`text` with a full stop at the end, unless it ends with one (or !, ?, …) already."""
    text = str(text).rstrip()
    if not text or text.endswith(TERMINAL):
        return text
    return f"{text}."


def join_sentences(*parts):
    """Sentences one after another, each ended once: join_sentences("Tersimpan.", "Lanjutkan") →
    "Tersimpan. Lanjutkan."; empty parts are left out."""
    return " ".join(sentence(part) for part in parts if str(part).strip())
