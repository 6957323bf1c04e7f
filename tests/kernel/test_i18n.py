import shutil
import subprocess
import sys

import polib
import pytest
from django.conf import settings

sys.path.insert(0, str(settings.BASE_DIR / "scripts"))
import catalogues  # noqa: E402


def untranslated(po_path):
    po = polib.pofile(str(po_path))
    return [e.msgid for e in po if not e.obsolete and (not e.translated() or "fuzzy" in e.flags)]


def test_committed_catalogues_are_complete():
    files = catalogues.po_files()
    assert settings.BASE_DIR / "locale/id/LC_MESSAGES/django.po" in files
    for po in files:
        assert untranslated(po) == [], po


def test_every_string_in_the_code_is_in_a_catalogue(tmp_path):
    """Regenerate the catalogues from a copy of the tree: nothing new may appear untranslated."""
    copy = tmp_path / "tree"
    shutil.copytree(
        settings.BASE_DIR,
        copy,
        ignore=shutil.ignore_patterns(".venv", ".git", "var", "staticfiles", "node_modules", "*.pyc", "__pycache__"),
    )
    env_python = sys.executable
    catalogues.makemessages(copy, python=env_python)
    missing = {str(po.relative_to(copy)): untranslated(po) for po in catalogues.po_files(copy)}
    assert {k: v for k, v in missing.items() if v} == {}


@pytest.mark.parametrize("po", catalogues.po_files(), ids=lambda p: str(p.relative_to(settings.BASE_DIR)))
def test_catalogue_compiles(po, tmp_path):
    result = subprocess.run(["msgfmt", "--check", "-o", str(tmp_path / "out.mo"), str(po)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_shared_strings_translate_the_same_in_every_catalogue():
    """Django merges catalogues and the first one wins for a shared msgid: a different translation in a
    later catalogue would silently never show. Shared strings must agree (or carry a context)."""
    seen = {}
    clashes = []
    for po in catalogues.po_files():
        for entry in polib.pofile(str(po)):
            if entry.obsolete or entry.msgid_plural or not entry.msgstr:
                continue
            key = (entry.msgctxt, entry.msgid)
            if key in seen and seen[key][1] != entry.msgstr:
                clashes.append((entry.msgid, seen[key], (str(po.relative_to(settings.BASE_DIR)), entry.msgstr)))
            seen.setdefault(key, (str(po.relative_to(settings.BASE_DIR)), entry.msgstr))
    assert clashes == []
