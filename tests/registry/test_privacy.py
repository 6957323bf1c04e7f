"""Privacy: NIK masked for all but the owner and admins, staff views of full profiles audited,
secretariat access to documents of their region's workers only."""

import pytest

from portal.accounts.roles import Role
from portal.audit.models import AuditEvent
from registry.models import WorkerProfile

from .helpers import make_profile

pytestmark = pytest.mark.django_db


@pytest.fixture
def worker(make_user, reference_data):
    user = make_user(Role.APPLICANT, full_name="Siti Nurhaliza")
    return make_profile(user, province="13", complete=True, nik="1371015405900001")


def test_nik_for_each_viewer(worker, secretariat, lsp_admin, make_user):
    assert worker.nik_for(worker.user) == "1371015405900001"
    assert worker.nik_for(lsp_admin) == "1371015405900001"
    assert worker.nik_for(make_user(Role.BALKS_ADMIN)) == "1371********0001"
    assert worker.nik_for(secretariat) == "1371********0001"
    assert worker.nik_for(make_user(Role.ASSESSOR)) == "1371********0001"
    assert worker.nik_for(None) == "1371********0001"
    assert worker.masked_nik == "1371********0001"


def test_secretariat_sees_the_nik_masked_in_search_and_profile(client, worker, secretariat):
    client.force_login(secretariat)
    search = client.get("/workers/").content.decode()
    assert "1371********0001" in search and "1371015405900001" not in search
    detail = client.get(f"/workers/{worker.pk}/").content.decode()
    assert "1371********0001" in detail and "1371015405900001" not in detail
    assert "540590" not in detail  # the birth-date segment never shows masked


def test_admins_see_the_full_nik(client, worker, lsp_admin):
    client.force_login(lsp_admin)
    assert "1371015405900001" in client.get("/workers/").content.decode()
    assert "1371015405900001" in client.get(f"/workers/{worker.pk}/").content.decode()


def test_every_staff_view_of_a_full_profile_is_audited(client, worker, secretariat, lsp_admin):
    client.force_login(secretariat)
    client.get(f"/workers/{worker.pk}/")
    client.get(f"/workers/{worker.pk}/")
    client.force_login(lsp_admin)
    client.get(f"/workers/{worker.pk}/")
    events = AuditEvent.objects.for_object(worker).filter(action="registry.profile.view").order_by("id")
    assert [e.actor for e in events] == [secretariat, secretariat, lsp_admin]
    assert events[0].ip == "127.0.0.1"


def test_the_owner_reading_their_profile_is_not_a_staff_view(client, worker):
    client.force_login(worker.user)
    client.get("/profile/")
    assert not AuditEvent.objects.filter(action="registry.profile.view").exists()


def test_a_profile_opened_in_the_django_admin_is_audited(client, worker, make_user):
    admin_user = make_user(Role.LSP_ADMIN, is_staff=True, is_superuser=True)
    client.force_login(admin_user)
    assert client.get(f"/admin/registry/workerprofile/{worker.pk}/change/").status_code == 200
    [event] = AuditEvent.objects.filter(action="registry.profile.view")
    assert event.actor == admin_user and event.object_id == str(worker.pk)


def test_secretariat_opens_documents_of_its_regions_workers_only(client, worker, secretariat, secretariat_v):
    diploma = worker.educations.get().diploma
    client.force_login(secretariat)  # region I: Sumatera Barat is theirs
    assert client.get(f"/documents/{diploma.pk}/").status_code == 200
    assert client.get(f"/documents/{worker.photo_id}/?inline=1").status_code == 200
    assert AuditEvent.objects.filter(action="document.view", actor=secretariat).count() == 2
    client.force_login(secretariat_v)  # region V
    assert client.get(f"/documents/{diploma.pk}/").status_code == 404


def test_secretariat_opens_the_profile_documents_not_everything_the_worker_owns(client, worker, secretariat):
    """Photo, diploma, work-experience letter and training certificate of the profile: yes. The worker's
    own library (a KTP scan kept in "My documents") and papers of no profile: no."""
    from portal.documents.services import store_upload
    from registry.models import Employment, Training

    from .helpers import pdf_upload

    user = worker.user
    letter = store_upload(user, pdf_upload("surat.pdf"), kind="registry.employment_letter")
    Employment.objects.filter(profile=worker).update(letter=letter)
    certificate = store_upload(user, pdf_upload("sertifikat.pdf"), kind="registry.training_certificate")
    Training.objects.create(profile=worker, title="Pelatihan dasar", organiser="BBPPKS Padang", hours=40, year=2020,
                            certificate=certificate)
    library = store_upload(user, pdf_upload("KTP Siti Nurhaliza.pdf"), kind="personal")
    application_paper = store_upload(user, pdf_upload("cv.pdf"), kind="certification:cv")
    client.force_login(secretariat)  # region I: Sumatera Barat is theirs
    for document in (worker.photo, worker.educations.get().diploma, letter, certificate):
        assert client.get(f"/documents/{document.pk}/").status_code == 200, document.kind
    for document in (library, application_paper):
        assert client.get(f"/documents/{document.pk}/").status_code == 404, document.kind


def test_the_rule_follows_the_worker_when_they_move(client, worker, secretariat, secretariat_v, reference_data):
    from portal.regions.models import Province

    diploma = worker.educations.get().diploma
    WorkerProfile.objects.filter(pk=worker.pk).update(province=Province.objects.get(code="73"))
    client.force_login(secretariat)
    assert client.get(f"/documents/{diploma.pk}/").status_code == 404
    client.force_login(secretariat_v)
    assert client.get(f"/documents/{diploma.pk}/").status_code == 200


def test_other_roles_gain_nothing_from_the_rule(client, worker, make_user):
    diploma = worker.educations.get().diploma
    for role in (Role.APPLICANT, Role.ASSESSOR, Role.LKS_OPERATOR):
        client.force_login(make_user(role))
        assert client.get(f"/documents/{diploma.pk}/").status_code == 404


def test_registry_pages_have_no_inline_script_or_style(client, worker, lsp_admin, make_user, reference_data):
    """The CSP forbids inline code: no <script> body, no <style>, no style="" in any registry page."""
    import re

    from registry.models import AssessorProfile

    pages = {worker.user: ["/profile/", "/profile/edit/", "/profile/education/add/", "/profile/employment/add/",
                           "/profile/training/add/", f"/profile/education/{worker.educations.get().pk}/edit/"],
             lsp_admin: ["/workers/", f"/workers/{worker.pk}/", "/assessors/", "/assessors/new/"]}
    assessor = make_user(Role.ASSESSOR)
    AssessorProfile.objects.create(user=assessor, institution="UI", regional_office=lsp_admin.regional_office
                                   or __import__("portal.regions.models", fromlist=["x"]).RegionalOffice.objects.first())
    pages[assessor] = ["/assessors/me/"]
    for user, urls in pages.items():
        client.force_login(user)
        for url in urls:
            html = client.get(url).content.decode()
            assert " style=" not in html, url
            assert "<style" not in html, url
            assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), url
    client.logout()
    html = client.get("/register/", {"q": "siti"}).content.decode()
    assert " style=" not in html and "<style" not in html
