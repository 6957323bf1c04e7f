"""The standard assessment records as PDFs: FR.APL.01 (the application), one form by its code, and the
candidate's whole assessment file (every form that applies, one PDF) for BNSP surveillance."""

import subprocess

from certification.assessment import services as assessment_services
from certification.choices import ApplicationStatus
from certification.models import Application
from portal.accounts.roles import Role
from portal.audit.models import AuditEvent
from portal.regions.models import RegionalOffice
from tests.assessment.helpers import make_assessor, region_secretariat
from tests.competency.test_self_assessment import access_setup, fresh


def text_of(content):
    result = subprocess.run(["pdftotext", "-", "-"], input=content, capture_output=True, check=True)
    return " ".join(result.stdout.decode().split())


def pages_of(content):
    info = subprocess.run(["pdfinfo", "-"], input=content, capture_output=True, check=True).stdout.decode()
    return int(next(line for line in info.splitlines() if line.startswith("Pages:")).split()[1])


def test_the_fr_apl_01_prints_the_application_for_the_candidate_and_the_verifiers(client, make_user, lsp_admin):
    owner, application = access_setup(make_user, lsp_admin)
    url = f"/applications/{application.pk}/records/FR.APL.01.pdf"
    profile = owner.worker_profile
    profile.nik = "3273014501890001"
    profile.save(update_fields=["nik"])
    for who, user in {"owner": owner, "LSP admin": lsp_admin,
                      "secretariat of the region": region_secretariat(make_user)}.items():
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200, who
        assert response["Cache-Control"] == "private, no-store"
        text = text_of(response.content)
        for expected in ("FR.APL.01. PERMOHONAN SERTIFIKASI KOMPETENSI", profile.full_name, profile.nik,
                         application.round.scheme.name, application.reference, "M.87SOS00.001.1",
                         "M.87SOS00.002.1", "Tujuan asesmen", "Belum diverifikasi."):
            assert expected in text, (who, expected)
    # The NIK is on it: no assessor prints it, assigned or not; nor anyone outside the file.
    assessor = make_assessor(make_user)
    Application.objects.filter(pk=application.pk).update(status=ApplicationStatus.ELIGIBLE)
    [assignment] = assessment_services.assign(region_secretariat(make_user), fresh(application), [assessor])
    assessment_services.declare(assessor, assignment, conflict=False)
    refused = {
        "assigned assessor": assessor, "another applicant": make_user(Role.APPLICANT),
        "BALKS admin": make_user(Role.BALKS_ADMIN),
        "secretariat of another region": make_user(Role.SECRETARIAT, regional_office=RegionalOffice.objects.get(code="V")),
    }
    for who, user in refused.items():
        client.force_login(user)
        assert client.get(url).status_code == 404, who
    client.force_login(owner)
    assert client.get(f"/applications/{application.pk}/records/FR.XX.99.pdf").status_code == 404


def test_the_whole_assessment_file_joins_every_form_that_applies(client, make_user, lsp_admin):
    owner, application = access_setup(make_user, lsp_admin)
    client.force_login(lsp_admin)
    apl01 = client.get(f"/applications/{application.pk}/records/FR.APL.01.pdf").content
    apl02 = client.get(f"/applications/{application.pk}/records/FR.APL.02.pdf").content
    url = f"/applications/{application.pk}/assessment-file.pdf"
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "private, no-store"
    assert pages_of(response.content) == pages_of(apl01) + pages_of(apl02)
    text = text_of(response.content)
    assert text.index("FR.APL.01. PERMOHONAN SERTIFIKASI KOMPETENSI") < text.index("FR.APL.02. ASESMEN MANDIRI")
    event = AuditEvent.objects.filter(action="certification.record_download").latest("pk")
    assert event.actor_id == lsp_admin.pk and event.after == {"forms": ["FR.APL.01", "FR.APL.02"]}

    # The candidate (from the status page) and the office's secretariat (from the review page) download it
    # too; assessors and everyone else do not.
    for user, page in ((owner, f"/applications/{application.pk}/"),
                       (region_secretariat(make_user), f"/secretariat/applications/{application.pk}/")):
        client.force_login(user)
        assert url in client.get(page).content.decode()
        assert client.get(url).status_code == 200
    for user in (make_assessor(make_user), make_user(Role.APPLICANT),
                 make_user(Role.SECRETARIAT, regional_office=RegionalOffice.objects.get(code="V"))):
        client.force_login(user)
        assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302


def test_the_file_of_a_scheme_without_units_is_the_application_alone(client, make_user, lsp_admin):
    from tests.certification.helpers import submitted_application

    application = submitted_application(make_user)
    client.force_login(lsp_admin)
    response = client.get(f"/applications/{application.pk}/assessment-file.pdf")
    assert response.status_code == 200
    text = text_of(response.content)
    assert "FR.APL.01." in text and "FR.APL.02." not in text
    assert client.get(f"/applications/{application.pk}/records/FR.APL.02.pdf").status_code == 404
