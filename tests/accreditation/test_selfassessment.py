"""The self-assessment: answers saved as they are given, evidence, progress per standard, the
completeness check with the Dinas Sosial recommendation, revision of flagged items only."""

import json

import pytest
from django.core.exceptions import ValidationError

from accreditation import services
from accreditation.models import Answer, Evidence, ReviewItem
from portal.workflow.engine import TransitionNotAllowed, perform

from .helpers import draft, fill, indicators, pdf, recommend, specs, submitted

pytestmark = pytest.mark.django_db

XHR = {"HTTP_X_REQUESTED_WITH": "XMLHttpRequest"}


def test_an_answer_is_saved_field_by_field(client, make_user):
    accreditation = draft(make_user)
    operator = accreditation.institution.operators.get()
    indicator = indicators(accreditation)[0]
    client.force_login(operator)
    url = f"/accreditation/{accreditation.pk}/answer/{indicator.pk}/"
    data = json.loads(client.post(url, {f"i{indicator.pk}-score": "3"}, **XHR).content)
    assert data["ok"] is True and data["standards"]["1"] == [0, 4]  # scored, evidence still missing
    client.post(url, {f"i{indicator.pk}-explanation": "Visi dan misi tercantum dalam AD/ART."}, **XHR)
    answer = Answer.objects.get(accreditation=accreditation, indicator=indicator)
    assert (answer.score, answer.explanation, answer.not_applicable) == (3, "Visi dan misi tercantum dalam AD/ART.", False)
    # The explanation alone does not clear the score, and vice versa.
    client.post(url, {f"i{indicator.pk}-score": "4"}, **XHR)
    answer.refresh_from_db()
    assert (answer.score, answer.explanation) == (4, "Visi dan misi tercantum dalam AD/ART.")
    # Evidence completes the indicator.
    response = client.post(f"/accreditation/{accreditation.pk}/evidence/{indicator.pk}/", {f"e{indicator.pk}-file": pdf("visi.pdf")}, **XHR)
    answer = json.loads(response.content)
    assert (answer["ok"], [(f["name"], f["ok"]) for f in answer["files"]]) == (True, [("visi.pdf", True)])
    assert answer["standards"]["1"] == [1, 4] and "error" not in answer
    data = json.loads(client.post(url, {f"i{indicator.pk}-score": "4"}, **XHR).content)
    assert data["standards"]["1"] == [1, 4]


def test_bad_answers_are_refused_with_a_message(client, make_user):
    accreditation = draft(make_user)
    client.force_login(accreditation.institution.operators.get())
    indicator = indicators(accreditation)[0]  # 1.1 applies to every LKS
    url = f"/accreditation/{accreditation.pk}/answer/{indicator.pk}/"
    response = client.post(url, {f"i{indicator.pk}-score": "7"}, **XHR)
    assert response.status_code == 400 and json.loads(response.content)["error"] == "Pilih skor dari 1 sampai 4."
    response = client.post(url, {f"i{indicator.pk}-score": "x"}, **XHR)
    assert response.status_code == 400
    response = client.post(url, {f"i{indicator.pk}-not_applicable": "true"}, **XHR)
    assert json.loads(response.content)["error"] == "Indikator ini berlaku bagi setiap LKS; berikan skor."
    response = client.post(url, {f"i{indicator.pk}-explanation": "x" * 4001}, follow=True)
    assert response.status_code == 200 and "Paling banyak 4000 karakter" in response.content.decode()
    assert not Answer.objects.filter(accreditation=accreditation, indicator=indicator, score__isnull=False).exists()
    # Not a PDF: refused beside the upload field, nothing stored.
    from django.core.files.uploadedfile import SimpleUploadedFile

    bad = SimpleUploadedFile("bukti.pdf", b"not a pdf at all", content_type="application/pdf")
    response = client.post(f"/accreditation/{accreditation.pk}/evidence/{indicator.pk}/", {f"e{indicator.pk}-file": bad})
    assert response.status_code == 200
    assert "bukan berkas PDF, JPEG, atau PNG" in response.content.decode()
    assert Evidence.objects.count() == 0


def test_not_applicable_replaces_the_score_where_allowed(make_user):
    accreditation = draft(make_user)
    operator = accreditation.institution.operators.get()
    spec, indicator = next((s, i) for s, i in zip(specs(accreditation), indicators(accreditation)) if s["allows_na"])
    services.save_answer(operator, accreditation, indicator, score=2)
    answer = services.save_answer(operator, accreditation, indicator, not_applicable=True)
    assert (answer.score, answer.not_applicable) == (None, True)
    answer = services.save_answer(operator, accreditation, indicator, score=3)
    assert (answer.score, answer.not_applicable) == (3, False)


def test_the_plain_form_saves_without_javascript(client, make_user):
    accreditation = draft(make_user)
    client.force_login(accreditation.institution.operators.get())
    spec, indicator = next((s, i) for s, i in zip(specs(accreditation), indicators(accreditation)) if s["allows_na"])
    url = f"/accreditation/{accreditation.pk}/answer/{indicator.pk}/"
    p = f"i{indicator.pk}"
    response = client.post(url, {"full": "1", f"{p}-na_offered": "1", f"{p}-score": "2", f"{p}-explanation": "Ada."})
    assert response.status_code == 302 and response["Location"].endswith(f"#indicator-{indicator.pk}")
    answer = Answer.objects.get(indicator=indicator)
    assert (answer.score, answer.not_applicable) == (2, False)
    # Ticking N/A without a score.
    client.post(url, {"full": "1", f"{p}-na_offered": "1", f"{p}-not_applicable": "on", f"{p}-explanation": "Tanpa panti."})
    answer.refresh_from_db()
    assert (answer.score, answer.not_applicable, answer.explanation) == (None, True, "Tanpa panti.")


def test_progress_and_completeness(make_user):
    accreditation = draft(make_user)
    operator = accreditation.institution.operators.get()
    fill(accreditation, operator, 3, skip=("2.2",), not_applicable=("2.6",))
    rows, percent = services.progress(accreditation)
    assert [(r["number"], r["done"], r["total"]) for r in rows] == [(1, 4, 4), (2, 5, 6), (3, 5, 5), (4, 5, 5), (5, 4, 4), (6, 4, 4)]
    assert percent == 96
    problems = services.submission_problems(accreditation)
    assert problems == ["indikator tanpa skor: 2.2", "surat rekomendasi Dinas Sosial"]
    with pytest.raises(TransitionNotAllowed) as error:
        perform(accreditation, "submit", operator)
    assert str(error.value) == "Penilaian mandiri belum lengkap: indikator tanpa skor: 2.2; surat rekomendasi Dinas Sosial"
    # Evidence is required where the indicator asks for it.
    indicator = next(i for i in indicators(accreditation) if i.code == "2.2")
    services.save_answer(operator, accreditation, indicator, score=3)
    assert services.submission_problems(accreditation)[0] == "indikator tanpa bukti yang diperlukan: 2.2"
    services.add_evidence(operator, accreditation, indicator, pdf())
    accreditation = recommend(accreditation, operator)
    assert services.submission_problems(accreditation) == []
    perform(accreditation, "submit", operator)
    accreditation.refresh_from_db()
    assert accreditation.status == "submitted" and accreditation.regional_office.code == "II"
    # The checklist: 28 indicators, 5 legal documents, the recommendation.
    assert ReviewItem.objects.filter(accreditation=accreditation).count() == 28 + 5 + 1


def test_the_recommendation_letter_is_validated(client, make_user):
    accreditation = draft(make_user)
    client.force_login(accreditation.institution.operators.get())
    url = f"/accreditation/{accreditation.pk}/recommendation/"
    response = client.post(url, {"number": "460/1/Dinsos", "date": "2999-01-01", "issuer": "Dinas Sosial Kota Bandung"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Tanggal tidak boleh melewati hari ini" in html and "Bidang ini tidak boleh kosong." in html
    assert 'value="460/1/Dinsos"' in html and 'value="Dinas Sosial Kota Bandung"' in html
    response = client.post(url, {"number": "460/1/Dinsos", "date": "2026-01-05", "issuer": "Dinas Sosial Kota Bandung", "file": pdf("rek.pdf")})
    assert response.status_code == 302
    accreditation.refresh_from_db()
    assert accreditation.recommendation_document.original_name == "rek.pdf"


def test_after_submission_nothing_changes(make_user):
    accreditation = submitted(make_user)
    operator = accreditation.institution.operators.get()
    indicator = indicators(accreditation)[0]
    with pytest.raises(services.AccreditationError) as error:
        services.save_answer(operator, accreditation, indicator, score=1)
    assert str(error.value) == "Penilaian mandiri telah diajukan dan tidak dapat diubah lagi."
    with pytest.raises(services.AccreditationError):
        services.add_evidence(operator, accreditation, indicator, pdf())
    with pytest.raises(services.AccreditationError):
        recommend(accreditation, operator)


def test_a_revision_opens_only_the_flagged_items(client, make_user):
    accreditation = submitted(make_user)
    operator = accreditation.institution.operators.get()
    reviewer = make_user("secretariat", regional_office=accreditation.regional_office)
    first, second = indicators(accreditation)[:2]
    item = ReviewItem.objects.get(accreditation=accreditation, key=f"indicator:{first.pk}")
    with pytest.raises(ValidationError):
        services.review_item(reviewer, item, "needs_revision", "")  # a note is required
    services.review_item(reviewer, item, "needs_revision", "Lampirkan AD/ART terbaru")
    with pytest.raises(TransitionNotAllowed):
        perform(accreditation, "return_for_revision", reviewer)  # a reason is required
    perform(accreditation, "return_for_revision", reviewer, note="Perbaiki indikator 1.1")
    accreditation.refresh_from_db()

    with pytest.raises(services.AccreditationError) as error:
        services.save_answer(operator, accreditation, second, score=1)
    assert str(error.value) == "Saat ini hanya butir yang ditandai “perlu perbaikan” yang dapat diubah."
    with pytest.raises(services.AccreditationError):
        recommend(accreditation, operator)
    with pytest.raises(TransitionNotAllowed) as error:
        perform(accreditation, "resubmit", operator)
    assert "Perbaiki terlebih dahulu" in str(error.value)

    client.force_login(operator)
    page = client.get(f"/accreditation/{accreditation.pk}/standard/1/").content.decode()
    assert "Lampirkan AD/ART terbaru" in page
    assert page.count("<fieldset class=\"mb-2\" disabled>") == 3  # 1.2–1.4 locked, 1.1 open

    services.add_evidence(operator, accreditation, first, pdf("ad-art-2025.pdf"))
    perform(accreditation, "resubmit", operator)
    item.refresh_from_db()
    assert item.status == "pending" and item.is_revised
    accreditation.refresh_from_db()
    assert accreditation.status == "submitted"
