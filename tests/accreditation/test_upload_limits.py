"""Issue 13: evidence, the recommendation letter and visitation photos count against the uploader's
upload rate and quota; past either the upload is refused with the reason, nothing is stored."""

import json

import pytest

from accreditation.models import Evidence, VisitPhoto
from portal.documents.models import Document

from .helpers import draft, indicators, pdf, png, scheduled

pytestmark = pytest.mark.django_db

XHR = {"HTTP_X_REQUESTED_WITH": "XMLHttpRequest"}
RATE = "Anda mengirim terlalu banyak berkas dalam waktu singkat. Tunggu satu menit, lalu pilih berkasnya lagi."


def test_evidence_past_the_upload_rate(client, make_user, settings):
    settings.DOCUMENT_UPLOADS_PER_MINUTE = 2
    accreditation = draft(make_user)
    indicator = indicators(accreditation)[0]
    client.force_login(accreditation.institution.operators.get())
    url = f"/accreditation/{accreditation.pk}/evidence/{indicator.pk}/"
    for name in ("visi.pdf", "misi.pdf"):
        assert json.loads(client.post(url, {f"e{indicator.pk}-file": pdf(name)}, **XHR).content)["ok"] is True
    response = client.post(url, {f"e{indicator.pk}-file": pdf("ketiga.pdf")}, **XHR)
    assert response.status_code == 400 and json.loads(response.content) == {
        "ok": False, "error": RATE, "files": [{"name": "ketiga.pdf", "ok": False, "error": RATE}],
    }
    assert Evidence.objects.count() == 2
    # Without JavaScript the page shows the reason beside the file field.
    response = client.post(url, {f"e{indicator.pk}-file": pdf("keempat.pdf")})
    assert response.status_code == 200 and RATE in response.content.decode()
    assert Evidence.objects.count() == 2


def test_the_recommendation_letter_past_the_quota_keeps_what_was_typed(client, make_user, settings):
    accreditation = draft(make_user)
    operator = accreditation.institution.operators.get()
    settings.DOCUMENT_QUOTA_COUNT = Document.objects.filter(owner=operator).count()  # the five legal documents
    client.force_login(operator)
    response = client.post(
        f"/accreditation/{accreditation.pk}/recommendation/",
        {"number": "460/1/Dinsos", "date": "2026-01-05", "issuer": "Dinas Sosial Kota Bandung", "file": pdf("rek.pdf")},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Satu akun dapat menyimpan paling banyak 5 dokumen; berkas ini akan melampaui batas itu." in html
    assert 'value="460/1/Dinsos"' in html and 'value="Dinas Sosial Kota Bandung"' in html
    accreditation.refresh_from_db()
    assert accreditation.recommendation_document is None and accreditation.recommendation_number == ""
    assert Document.objects.filter(owner=operator).count() == 5


def test_visitation_photos_past_the_upload_rate(client, make_user, settings):
    settings.DOCUMENT_UPLOADS_PER_MINUTE = 1
    accreditation, visitation, team = scheduled(make_user)
    indicator = indicators(accreditation)[20]
    client.force_login(team[0].user)
    url = f"/visitations/{visitation.pk}/score/{indicator.pk}/photo/"
    assert json.loads(client.post(url, {f"e{indicator.pk}-file": png("kamar.png")}, **XHR).content)["ok"] is True
    response = client.post(url, {f"e{indicator.pk}-file": png("dapur.png")}, **XHR)
    assert response.status_code == 400 and json.loads(response.content) == {"ok": False, "error": RATE}
    assert VisitPhoto.objects.count() == 1
