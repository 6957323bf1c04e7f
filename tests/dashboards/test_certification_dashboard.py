"""The certification dashboard on a small hand-built data set: exact funnel counts, medians and 90th
percentiles of the days in each stage, the slowest cases, outcomes, certified workers against the need; the
secretariat's region; who may see it; bad filters; constant query counts."""

import csv
import io
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook

from certification.choices import ApplicationStatus as S
from certification.models import Application
from portal.accounts.roles import Role
from portal.regions.models import Province, RegionalOffice
from portal.statistics import dashboards, summaries
from portal.statistics.models import Figure, FigureRun, ProvinceNeed

from .helpers import NOW, at, make_application, make_round

pytestmark = pytest.mark.django_db

@pytest.fixture
def round_():
    return make_round()


@pytest.fixture
def data(make_user, round_):
    return {
        # draft 10, submitted 5, eligible 15 (still there)
        "a": make_application(make_user, round_, created=30, moves=[(20, S.SUBMITTED), (15, S.ELIGIBLE)]),
        # draft 2, submitted 3, eligible 7 (still there)
        "b": make_application(make_user, round_, created=12, moves=[(10, S.SUBMITTED), (7, S.ELIGIBLE)]),
        # draft 1, submitted 4 (still there)
        "c": make_application(make_user, round_, created=5, moves=[(4, S.SUBMITTED)], funding="dinsos"),
        # draft 1, submitted 9, eligible 20, then Kompeten
        "d": make_application(make_user, round_, created=40, moves=[(39, S.SUBMITTED), (30, S.ELIGIBLE), (10, S.COMPETENT)]),
        # another regional office (Aceh, I): draft 3, then Belum Kompeten
        "e": make_application(make_user, round_, province="11", created=8, moves=[(5, S.NOT_YET_COMPETENT)]),
    }


@pytest.fixture
def admin_client(client, make_user):
    client.force_login(make_user(Role.LSP_ADMIN))
    return client


def rows_of(panel):
    return {row[0]: row[1:] for row in panel.rows}


def panels_for(user, **filters):
    dashboard = dashboards.get("certification")
    form = dashboards.FilterForm(filters, dashboard=dashboard, office=user.regional_office if user.is_secretariat else None)
    assert form.is_valid(), form.errors
    return {p.name: p for p in dashboard.panels(dashboards.Query(dashboard, form.cleaned_data))}


def test_funnel_counts_medians_and_90th_percentiles_are_exact(data, make_user):
    summaries.rebuild("certification")
    funnel = rows_of(panels_for(make_user(Role.LSP_ADMIN))["funnel"])
    # [now, median, p90, stays]
    assert funnel["Draf"] == [0, 2, 10, 5]  # draft stays 10, 2, 1, 1, 3 → sorted 1 1 2 3 10: ranks 3 and 5
    assert funnel["Diajukan, menunggu verifikasi"] == [1, 4, 9, 4]  # 5, 3, 4, 9
    assert funnel["Memenuhi syarat"] == [2, 15, 20, 3]  # 15, 7, 20
    assert funnel["Kompeten"][0] == 1 and funnel["Belum Kompeten"][0] == 1
    assert funnel["Kompeten"][1:] == [None, None, 0]  # a closed file spends no time in its outcome


def test_the_slowest_open_cases_are_linked(data, admin_client):
    summaries.rebuild("certification")
    html = admin_client.get("/dashboards/certification/").content.decode()
    a, b, c = data["a"], data["b"], data["c"]
    assert html.index(f"/applications/{a.pk}/") < html.index(f"/applications/{b.pk}/") < html.index(f"/applications/{c.pk}/")
    assert "Memenuhi syarat selama 15 hari" in html


def test_outcomes_by_scheme_route_province_and_education(data, make_user):
    summaries.rebuild("certification")
    outcomes = rows_of(panels_for(make_user(Role.LSP_ADMIN))["outcomes"])
    assert outcomes["Semua"] == [1, 1, 50.0]
    assert outcomes["Jalur: Jalur reguler"] == [1, 1, 50.0]
    assert outcomes["Provinsi: Jawa Barat"] == [1, 0, 100.0]
    assert outcomes["Provinsi: Aceh"] == [0, 1, 0.0]
    assert outcomes["Pendidikan lain"] == [1, 1, 50.0]


def test_a_filter_narrows_the_figures(data, make_user):
    summaries.rebuild("certification")
    funnel = rows_of(panels_for(make_user(Role.LSP_ADMIN), funding="dinsos")["funnel"])
    assert funnel["Diajukan, menunggu verifikasi"] == [1, 4, 4, 1]
    assert funnel["Memenuhi syarat"] == [0, None, None, 0]
    by_province = rows_of(panels_for(make_user(Role.LSP_ADMIN), province="11")["funnel"])
    assert by_province["Belum Kompeten"][0] == 1 and by_province["Memenuhi syarat"][0] == 0
    month = (NOW - timedelta(days=12)).strftime("%Y-%m")
    recent = rows_of(panels_for(make_user(Role.LSP_ADMIN), start=month)["funnel"])
    assert sum(row[0] for row in recent.values()) == Application.objects.filter(created_at__gte=at(12).replace(day=1, hour=0, minute=0, second=0, microsecond=0)).count()


def test_the_secretariat_sees_only_its_region(data, client, make_user):
    summaries.rebuild("certification")
    bandung = make_user(Role.SECRETARIAT, regional_office=RegionalOffice.objects.get(code="II"))
    funnel = rows_of(panels_for(bandung)["funnel"])
    assert funnel["Belum Kompeten"][0] == 0  # Aceh's file is not Bandung's
    assert sum(row[0] for row in funnel.values()) == 4
    client.force_login(bandung)
    html = client.get("/dashboards/certification/").content.decode()
    assert f"/applications/{data['e'].pk}/" not in html
    for query in ("region=I", "province=11"):
        response = client.get(f"/dashboards/certification/?{query}")
        assert response.status_code == 400
        assert "Masukkan pilihan yang valid" in response.content.decode()
    assert client.get("/dashboards/certification/funnel.csv?province=11").status_code == 400


def test_certified_workers_against_the_need_and_expiring(data, make_user, issue):
    west_java = Province.objects.get(code="32")
    for _ in range(3):
        issue(province=west_java)
    issue(province=west_java, issued_on=timezone.localdate() - timedelta(days=5 * 365 - 100), validity_years=5)
    ProvinceNeed.objects.create(province=west_java, welfare_population=1050)
    ProvinceNeed.objects.create(province=Province.objects.get(code="11"), need=40)
    summaries.rebuild("certification")
    certified = rows_of(panels_for(make_user(Role.LSP_ADMIN))["certified"])
    assert certified["Jawa Barat"] == [4, 11, 36.4, 1, 1]  # 1050 / 100 rounded up
    assert certified["Aceh"] == [0, 40, 0.0, 0, 0]
    assert certified["Total"][:2] == [4, 51]


@pytest.mark.parametrize("role", [Role.APPLICANT, Role.ASSESSOR, Role.LKS_OPERATOR, Role.BALKS_ADMIN])
def test_other_roles_may_not_open_it(client, make_user, role):
    client.force_login(make_user(role))
    assert client.get("/dashboards/certification/").status_code == 403
    assert client.get("/dashboards/certification/funnel.csv").status_code == 403


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get("/dashboards/certification/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("query", [
    "scheme=nope", "route=x", "funding=swadaya", "province=99", "region=IX", "start=2026-13", "start=garbage",
    "end=20261", "start=2026-05&end=2026-01", "start=" + "9" * 500,
])
def test_bad_filters_are_a_400_with_the_reason_beside_the_field(admin_client, query):
    response = admin_client.get(f"/dashboards/certification/?{query}")
    assert response.status_code == 400
    assert "invalid-feedback" in response.content.decode()
    assert admin_client.get(f"/dashboards/certification/funnel.xlsx?{query}").status_code == 400


def test_unknown_panel_or_dashboard_is_404(admin_client):
    assert admin_client.get("/dashboards/certification/nothing.csv").status_code == 404
    assert admin_client.get("/dashboards/nothing/").status_code == 404


def test_csv_and_xlsx_downloads_hold_the_table(data, admin_client):
    summaries.rebuild("certification")
    response = admin_client.get("/dashboards/certification/funnel.csv?province=32")
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert rows[0][:3] == ["Tahap", "Permohonan saat ini", "Median hari dalam tahap"]
    assert ["Memenuhi syarat", "2", "15", "20", "3"] in rows
    response = admin_client.get("/dashboards/certification/outcomes.xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert ["Semua", 1, 1, 50] in values


def test_the_page_says_when_its_figures_were_computed(data, admin_client):
    assert "belum dihitung" in admin_client.get("/dashboards/certification/").content.decode()
    summaries.rebuild("certification")
    assert "Angka dihitung pada" in admin_client.get("/dashboards/certification/").content.decode()


def test_query_count_does_not_grow_with_the_data(data, admin_client, make_user, round_):
    summaries.rebuild("certification")
    with CaptureQueriesContext(connection) as small:
        assert admin_client.get("/dashboards/certification/?province=32").status_code == 200
    for i in range(15):
        make_application(make_user, round_, province=["32", "33", "11"][i % 3], created=20 + i,
                         moves=[(10 + i, S.SUBMITTED), (i, S.ELIGIBLE)])
    summaries.rebuild("certification")
    assert Figure.objects.count() > 0
    with CaptureQueriesContext(connection) as large:
        assert admin_client.get("/dashboards/certification/?province=32").status_code == 200
    assert len(large) == len(small)
    with CaptureQueriesContext(connection) as national:
        admin_client.get("/dashboards/certification/?scheme=ps-generalis")
    assert len(national) == len(small)


def test_a_rebuild_is_idempotent(data):
    first = summaries.rebuild("certification").rows
    assert summaries.rebuild("certification").rows == first == Figure.objects.filter(dashboard="certification").count()


def test_without_beat_the_page_rebuilds_stale_figures(data, admin_client, settings):
    settings.DASHBOARD_REBUILD_ON_VIEW = True
    html = admin_client.get("/dashboards/certification/").content.decode()
    assert "Angka dihitung pada" in html
    first = FigureRun.objects.get(dashboard="certification").computed_at
    admin_client.get("/dashboards/certification/")
    assert FigureRun.objects.get(dashboard="certification").computed_at == first  # fresh: not rebuilt again
