"""FR.AK.02, FR.AK.03, FR.AK.05, FR.AK.06: filled in through the pages, printed as the standard forms (read
back with pdftotext: the titles and the unit codes), in the whole assessment file, for whom they are."""

import shutil
import subprocess

import pytest

from certification.unitdecisions.models import AssessorReport, CandidateFeedback, ProcessReview
from certification.unitdecisions.standard import FEEDBACK_QUESTIONS
from portal.accounts.roles import Role
from portal.audit.models import AuditEvent
from tests.exams.helpers import make_assessor, secretariat_of

from .helpers import decide_units, sitting

pytestmark = pytest.mark.django_db
requires_pdftotext = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is not installed")


def text_of(pdf_bytes, tmp_path):
    path = tmp_path / "form.pdf"
    path.write_bytes(pdf_bytes)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


def fill_everything(client, sit):
    decide_units(sit, ["K", "BK"])
    client.force_login(sit.assessor.user)
    unit2 = sit.units[1]
    base = f"/assessment/units/{sit.booking.pk}"
    # FR.AK.05: confirming needs the gap of the BK unit, kept beside its field.
    response = client.post(f"{base}/report/", {"notes": "Peserta menguasai asesmen.", "confirm": "1"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Uraikan kesenjangan unit ini." in body and "Peserta menguasai asesmen." in body
    assert client.post(f"{base}/report/", {"notes": "Peserta menguasai asesmen.", f"gap{unit2.pk}": "Rencana intervensi belum terukur.", "confirm": "1"}).status_code == 302
    assert client.post(f"{base}/review/", {"stage_plan": ["valid", "fair"], "stage_decision": ["valid"], "dimensions": ["task"],
                                            "recommendations": "Tambah waktu praktik."}).status_code == 302
    client.force_login(sit.application.applicant)
    data = {f"q_{key}": "yes" for key, _t in FEEDBACK_QUESTIONS}
    data["q_follow_up"] = "no"
    data["c_follow_up"] = "Belum ada tindak lanjut."
    assert client.post(f"/applications/{sit.application.pk}/assessment-feedback/", data).status_code == 302


@requires_pdftotext
def test_the_forms_print_with_titles_and_unit_codes(client, make_user, tmp_path):
    sit = sitting(make_user)
    fill_everything(client, sit)
    assert AssessorReport.objects.get().confirmed_at and ProcessReview.objects.get().submitted_at
    assert CandidateFeedback.objects.get().answers["follow_up"] == "no"
    client.force_login(sit.staff)  # the secretariat of the application's office reads them all
    titles = {
        "FR.AK.02": "FR.AK.02. REKAMAN ASESMEN KOMPETENSI",
        "FR.AK.03": "FR.AK.03. UMPAN BALIK DAN CATATAN ASESMEN",
        "FR.AK.05": "FR.AK.05. LAPORAN ASESMEN",
        "FR.AK.06": "FR.AK.06. MENINJAU PROSES ASESMEN",
    }
    for code, title in titles.items():
        response = client.get(f"/applications/{sit.application.pk}/records/{code}.pdf")
        assert response.status_code == 200, code
        assert response["Cache-Control"] == "private, no-store"
        text = text_of(response.content, tmp_path)
        assert title in text, code
        if code != "FR.AK.03":
            assert "M.87SOS00.002.1" in text, code
    ak02 = text_of(client.get(f"/applications/{sit.application.pk}/records/FR.AK.02.pdf").content, tmp_path)
    assert "M.87SOS00.001.1" in ak02 and "Belum Kompeten pada unit M.87SOS00.002.1." in ak02
    assert "Dokumen portofolio" in ak02
    whole = text_of(client.get(f"/applications/{sit.application.pk}/assessment-file.pdf").content, tmp_path)
    for title in titles.values():
        assert title in whole
    assert whole.index("FR.AK.02.") < whole.index("FR.AK.03.") < whole.index("FR.AK.05.") < whole.index("FR.AK.06.")
    assert AuditEvent.objects.filter(action="certification.record_download").count() == 6


@requires_pdftotext
def test_who_reads_which_form(client, make_user, tmp_path):
    sit = sitting(make_user)
    fill_everything(client, sit)
    url = f"/applications/{sit.application.pk}/records/%s.pdf"
    readers = {
        "candidate": (sit.application.applicant, {"FR.AK.02", "FR.AK.03"}),
        "assessor": (sit.assessor.user, {"FR.AK.02", "FR.AK.03", "FR.AK.05", "FR.AK.06"}),
        "lsp_admin": (sit.admin, {"FR.AK.02", "FR.AK.03", "FR.AK.05", "FR.AK.06"}),
        "other_assessor": (make_assessor(make_user).user, set()),
        "other_secretariat": (secretariat_of(make_user, code="V"), set()),
        "operator": (make_user(Role.LKS_OPERATOR), set()),
        "another_applicant": (make_user(), set()),
    }
    for who, (user, allowed) in readers.items():
        client.force_login(user)
        for code in ("FR.AK.02", "FR.AK.03", "FR.AK.05", "FR.AK.06"):
            expected = 200 if code in allowed else 404
            assert client.get(url % code).status_code == expected, (who, code)
    # The assessor's copy names the file by its reference, never the candidate.
    client.force_login(sit.assessor.user)
    text = text_of(client.get(url % "FR.AK.02").content, tmp_path)
    assert sit.application.reference in text
    assert sit.application.applicant.get_full_name() not in text


def test_feedback_once_by_the_candidate_with_errors_beside_the_fields(client, make_user):
    sit = sitting(make_user)
    url = f"/applications/{sit.application.pk}/assessment-feedback/"
    client.force_login(sit.assessor.user)
    assert client.get(url).status_code == 404
    client.force_login(sit.application.applicant)
    response = client.post(url, {"q_explained": "yes", "c_explained": "Jelas sekali", "other": "Terima kasih"})
    assert response.status_code == 200
    body = response.content.decode()
    assert body.count("Jawab ya atau tidak.") == len(FEEDBACK_QUESTIONS) - 1
    assert "Jelas sekali" in body and "Terima kasih" in body
    assert not CandidateFeedback.objects.exists()
    data = {f"q_{key}": "yes" for key, _t in FEEDBACK_QUESTIONS}
    assert client.post(url, data).status_code == 302
    assert client.post(url, {**data, "q_explained": "no"}).status_code == 200  # given once: the page shows it
    assert CandidateFeedback.objects.get().answers["explained"] == "yes"
    assert AuditEvent.objects.filter(action="unitdecisions.feedback").count() == 1


def test_report_and_review_wait_for_fr_ak_02(client, make_user):
    sit = sitting(make_user)
    client.force_login(sit.assessor.user)
    assert client.get(f"/assessment/units/{sit.booking.pk}/report/").status_code == 404
    assert client.get(f"/assessment/units/{sit.booking.pk}/review/").status_code == 404
    decide_units(sit, ["K", "K"])
    assert client.get(f"/assessment/units/{sit.booking.pk}/report/").status_code == 200
    assert client.get(f"/assessment/units/{sit.booking.pk}/review/").status_code == 200
