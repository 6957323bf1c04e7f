"""Sentences joined from translated parts end with one full stop: never "Anda.."."""

import re

import pytest
from django.utils import translation

from portal.core.dashboard import panels_for
from portal.core.text import join_sentences, sentence


def test_sentence_ends_once():
    assert sentence("Tersimpan") == "Tersimpan."
    assert sentence("Lengkapi profil Anda.") == "Lengkapi profil Anda."
    assert sentence("Siap? ") == "Siap?"
    assert sentence("Tunggu…") == "Tunggu…"
    assert sentence("") == ""


def test_join_sentences_never_doubles_the_stop():
    assert join_sentences("Tersimpan.", "Lanjutkan ke langkah berikutnya", "", "Selesai!") == (
        "Tersimpan. Lanjutkan ke langkah berikutnya. Selesai!"
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    "language, body",
    [
        ("id", "Profil Anda 0% lengkap. Yang masih kurang: Isi data pribadi, riwayat pendidikan dan pengalaman kerja Anda."),
        ("en", "Your profile is 0% complete. Still missing: Fill in your personal data, education and work experience."),
    ],
)
def test_a_new_applicants_dashboard_has_no_double_full_stop(applicant, language, body):
    """The missing item of a new applicant is itself a sentence: the panel once read "…kerja Anda..\""""
    with translation.override(language):
        panel = [p for p in panels_for(applicant) if p.order == 10][0]
    assert panel.body == body
    assert not re.search(r"(?<!\.)\.\.(?!\.)", panel.body)
