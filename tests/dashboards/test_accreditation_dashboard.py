"""The accreditation dashboard from files made through the accreditation services: the pipeline's counts and
stays, LKS by grade and type, the secretariat's region, who may see it."""

import pytest

from accreditation import reference
from portal.accounts.roles import Role
from portal.regions.models import RegionalOffice
from portal.statistics import dashboards, summaries
from tests.accreditation import helpers as acc

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def accreditation_reference(reference_data):
    reference.load()


def panels_for(user, **filters):
    dashboard = dashboards.get("accreditation")
    office = user.regional_office if user.is_secretariat else None
    form = dashboards.FilterForm(filters, dashboard=dashboard, office=office)
    assert form.is_valid(), form.errors
    return {p.name: {row[0]: row[1:] for row in p.rows} for p in dashboard.panels(dashboards.Query(dashboard, form.cleaned_data))}


@pytest.fixture
def files(make_user):
    acc.draft(make_user, name="LKSA Satu")
    acc.submitted(make_user, name="LKSA Dua", fields=("children", "elderly"))
    acc.submitted(make_user, name="LKS Aceh", province="11", fields=("disability",))
    summaries.rebuild("accreditation")


def test_the_pipeline_and_the_lks_by_type(files, make_user):
    figures = panels_for(make_user(Role.BALKS_ADMIN))
    pipeline = figures["pipeline"]
    assert pipeline["Penilaian mandiri sedang diisi"] == [1, 0, 0, 3]  # three drafts, none a day old
    assert pipeline["Diajukan, menunggu pemeriksaan berkas"] == [2, 0, 0, 2]
    lks = figures["lks"]
    assert lks["Semua LKS"] == [0, 0, 0, 3]
    assert lks["Jenis: Anak (LKSA)"] == [0, 0, 0, 2]
    assert lks["Provinsi: Aceh"] == [0, 0, 0, 1]


def test_the_secretariat_sees_only_its_region(files, make_user, client):
    bandung = make_user(Role.SECRETARIAT, regional_office=RegionalOffice.objects.get(code="II"))
    figures = panels_for(bandung)
    assert figures["pipeline"]["Diajukan, menunggu pemeriksaan berkas"][0] == 1
    assert figures["lks"]["Semua LKS"] == [0, 0, 0, 2]
    assert "Provinsi: Aceh" not in figures["lks"]
    client.force_login(bandung)
    assert client.get("/dashboards/accreditation/").status_code == 200
    assert client.get("/dashboards/accreditation/?province=11").status_code == 400
    assert client.get("/dashboards/").status_code == 200  # both dashboards: a list


@pytest.mark.parametrize("role", [Role.APPLICANT, Role.ASSESSOR, Role.LKS_OPERATOR, Role.LSP_ADMIN])
def test_other_roles_may_not_open_it(client, make_user, role):
    client.force_login(make_user(role))
    assert client.get("/dashboards/accreditation/").status_code == 403
    assert client.get("/dashboards/accreditation/lks.xlsx").status_code == 403


def test_the_balks_admin_is_sent_to_the_only_dashboard(client, make_user):
    client.force_login(make_user(Role.BALKS_ADMIN))
    response = client.get("/dashboards/")
    assert response.status_code == 302 and response["Location"] == "/dashboards/accreditation/"
    assert client.get("/dashboards/accreditation/?start=2026-02-30").status_code == 400
