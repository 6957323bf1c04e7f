"""FR.MAPA.01, FR.AK.01 and FR.AK.07 printed as the standard forms (read back with pdftotext), alone and
in the candidate's whole assessment file; who may print them."""

import subprocess

import pytest

from certification.planning import services
from portal.accounts.roles import Role
from portal.regions.models import RegionalOffice
from tests.exams.helpers import make_assessor

from .helpers import methods_for, planned_world

pytestmark = pytest.mark.django_db


def text_of(response):
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "private, no-store"
    out = subprocess.run(["pdftotext", "-", "-"], input=response.content, capture_output=True, check=True).stdout.decode()
    return " ".join(out.split())


def test_the_forms_print_with_titles_units_methods_and_confirmations(client, make_user):
    session, (booking,), assessor, staff, version = planned_world(make_user)
    application = booking.application
    record = f"/applications/{application.pk}/records/"
    client.force_login(application.applicant)
    for code in ("FR.MAPA.01", "FR.AK.01", "FR.AK.07"):
        assert client.get(f"{record}{code}.pdf").status_code == 404, code  # nothing recorded yet
    services.save_plan(assessor.user, booking, approach="final", evidence_kinds=["direct", "supplementary"], notes="",
                       methods=methods_for(version, ("observation", "oral")))
    services.confirm(application.applicant, booking)
    services.confirm(assessor.user, booking)
    services.save_adjustments(staff, application, {"extra_minutes": 15, "reader": False, "large_print": True,
                                                   "separate_room": False, "interpreter": False, "other": "", "note": ""})

    mapa = text_of(client.get(f"{record}FR.MAPA.01.pdf"))
    for expected in ("FR.MAPA.01. MERENCANAKAN AKTIVITAS DAN PROSES ASESMEN", session.scheme.name, "SKM-01",
                     application.reference, assessor.user.get_full_name(), "M.87SOS00.001.1", "M.87SOS00.002.1",
                     "Observasi, Pertanyaan lisan", "Asesmen akhir", "Bukti langsung (L), Bukti tambahan (T)"):
        assert expected in mapa, expected
    ak01 = text_of(client.get(f"{record}FR.AK.01.pdf"))
    name = application.applicant.worker_profile.full_name or application.applicant.get_full_name()
    for expected in ("FR.AK.01. PERSETUJUAN ASESMEN DAN KERAHASIAAN", "M.87SOS00.001.1", "Kerahasiaan:",
                     f"Dikonfirmasi oleh {name} di portal", f"Dikonfirmasi oleh {assessor.user.get_full_name()} di portal",
                     session.tuk.name if session.tuk else session.venue_name):
        assert expected in ak01, expected
    ak07 = text_of(client.get(f"{record}FR.AK.07.pdf"))
    for expected in ("FR.AK.07. CEKLIS PENYESUAIAN YANG WAJAR DAN BERALASAN", "Waktu tambahan: 15 menit", "cetakan huruf besar"):
        assert expected in ak07, expected
    whole = text_of(client.get(f"/applications/{application.pk}/assessment-file.pdf"))
    for title in ("FR.APL.01.", "FR.APL.02. ASESMEN MANDIRI", "FR.MAPA.01. MERENCANAKAN", "FR.AK.01. PERSETUJUAN", "FR.AK.07. CEKLIS"):
        assert title in whole, title
    assert whole.index("FR.MAPA.01. MERENCANAKAN") < whole.index("FR.AK.01. PERSETUJUAN") < whole.index("FR.AK.07. CEKLIS")

    # The booking's assessor prints them (the reference instead of the name); others get 404.
    client.force_login(assessor.user)
    assert application.reference in text_of(client.get(f"{record}FR.AK.01.pdf"))
    for who, user in {"another assessor": make_assessor(make_user, institution="Universitas Indonesia").user,
                      "another applicant": make_user(Role.APPLICANT), "a BALKS admin": make_user(Role.BALKS_ADMIN),
                      "another region's secretariat": make_user(Role.SECRETARIAT, regional_office=RegionalOffice.objects.get(code="V"))}.items():
        client.force_login(user)
        for code in ("FR.MAPA.01", "FR.AK.01", "FR.AK.07"):
            assert client.get(f"{record}{code}.pdf").status_code == 404, (who, code)
    client.force_login(make_user(Role.LSP_ADMIN))
    assert "FR.AK.07. CEKLIS" in text_of(client.get(f"{record}FR.AK.07.pdf"))


def test_a_scheme_without_units_prints_one_row_for_the_scheme(client, make_user):
    session, (booking,), assessor, staff, version = planned_world(make_user, units=False)
    services.save_plan(assessor.user, booking, approach="rpl", evidence_kinds=[], notes="", methods={None: ["portfolio", "interview"]})
    client.force_login(booking.application.applicant)
    mapa = text_of(client.get(f"/applications/{booking.application_id}/records/FR.MAPA.01.pdf"))
    assert "Skema Portofolio, Wawancara" in mapa and "Rekognisi" in mapa
