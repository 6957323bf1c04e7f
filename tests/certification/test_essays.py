"""Issue 20 item 6: an essay below its minimum length is saved (a draft is fine) and said at once, beside
the field and in the message, instead of "Tersimpan." and the next step; the completeness check lists it."""

import re

import pytest

from certification import services
from certification.models import EssayAnswer

from .helpers import ESSAY, make_worker, open_round, standard_route

pytestmark = pytest.mark.django_db

SHORT = "Saya membantu anak-anak."  # 24 characters
FIELD_WARNING = (
    "Belum mencapai batas minimal: 24 dari minimal 300 karakter. Anda boleh menyimpannya sebagai draf; "
    "jawaban ini harus lebih panjang sebelum permohonan diajukan."
)


def draft_of(make_user):
    user = make_worker(make_user)
    round_ = open_round()
    return services.start_application(user, round_, standard_route(round_))


def knowledge_form(application, first_text):
    prompts = list(application.route.essay_prompts.filter(area="knowledge").order_by("order"))
    return prompts, {f"essay_{p.pk}": (first_text if i == 0 else ESSAY) for i, p in enumerate(prompts)}


def test_a_short_essay_is_kept_and_the_step_says_so_at_once(client, make_user):
    application = draft_of(make_user)
    prompts, data = knowledge_form(application, SHORT)
    assert prompts[0].min_chars == 300 and len(SHORT) == 24
    client.force_login(application.applicant)
    url = f"/applications/{application.pk}/step/knowledge/"
    response = client.post(url, data)
    assert response.status_code == 302
    assert response["Location"] == url  # the wizard stays on the step
    assert EssayAnswer.objects.get(application=application, prompt=prompts[0]).text == SHORT  # the draft is saved

    html = client.get(url).content.decode()
    assert (
        "Tersimpan sebagai draf. Sebelum permohonan dapat diajukan: esai pengetahuan 1 terlalu pendek "
        "(24 dari minimal 300 karakter)."
    ) in html
    assert "Tersimpan.<" not in html
    warning = re.search(rf'<div class="alert alert-warning small py-2 mt-2 mb-0 essay-short" id="id_essay_{prompts[0].pk}_short"'
                        r'[^>]*>(.*?)</div>', html)
    assert warning is not None and " hidden" not in warning.group(0)
    assert warning.group(1) == FIELD_WARNING
    # The long essays carry the (hidden) warning for the script, empty.
    other = re.search(rf'id="id_essay_{prompts[1].pk}_short"[^>]*>(.*?)</div>', html)
    assert " hidden" in other.group(0) and other.group(1) == ""
    assert f'href="/applications/{application.pk}/step/skills/">Lanjut ke langkah berikutnya; lengkapi nanti</a>' in html
    assert services.missing_by_step(application)["knowledge"] == [
        "esai pengetahuan 1 terlalu pendek (24 dari minimal 300 karakter)"
    ]


def test_the_warning_text_for_the_script_has_its_placeholders(client, make_user):
    application = draft_of(make_user)
    client.force_login(application.applicant)
    html = client.get(f"/applications/{application.pk}/step/knowledge/").content.decode()
    assert (
        'data-short="Belum mencapai batas minimal: %(n)s dari minimal %(min)s karakter. Anda boleh menyimpannya '
        'sebagai draf; jawaban ini harus lebih panjang sebelum permohonan diajukan."'
    ) in html


def test_long_enough_essays_move_on_with_saved(client, make_user):
    application = draft_of(make_user)
    _prompts, data = knowledge_form(application, ESSAY)
    client.force_login(application.applicant)
    response = client.post(f"/applications/{application.pk}/step/knowledge/", data, follow=True)
    assert response.redirect_chain == [(f"/applications/{application.pk}/step/skills/", 302)]
    assert [str(m) for m in response.context["messages"]] == ["Tersimpan."]
    assert "Lanjut ke langkah berikutnya; lengkapi nanti" in response.content.decode()  # skills is still empty
