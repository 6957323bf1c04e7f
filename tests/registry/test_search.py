"""Staff search: scope before filters, every filter, keyset pages, constant queries, streaming CSV."""

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from portal.accounts.roles import Role
from portal.audit.models import AuditEvent
from portal.regions.models import Province
from registry import queries
from registry.filters import WorkerFilter
from registry.models import WorkerProfile
from registry.views import csv_safe

from .helpers import make_profile

pytestmark = pytest.mark.django_db


@pytest.fixture
def workers(make_user, reference_data):
    """Two workers in region I (Sumatera Barat, Aceh), one in region V (Sulawesi Selatan), one in region II."""
    def worker(name, province, **fields):
        return make_profile(make_user(Role.APPLICANT, full_name=name), province=province, name=name, **fields)

    return {
        "siti": worker("Siti Nurhaliza", "13", highest_education="S1", social_work_education=True, role_type="pkh",
                       certification_status="certified"),
        "andi": worker("Andi Saputra", "11", highest_education="D3", role_type="tksk", certification_status="none",
                       female=False),
        "made": worker("Made Ayu Lestari", "73", highest_education="S1", role_type="lks_staff",
                       certification_status="in_process"),
        "rina": worker("Rina Sitompul", "32", highest_education="S2", social_work_education=True, role_type="pkh",
                       certification_status="expired"),
    }


def names(response):
    return [row["full_name"] for row in response.context["page"].rows]


def test_secretariat_sees_only_its_regions_provinces(client, secretariat, secretariat_v, workers):
    client.force_login(secretariat)  # region I, Padang
    assert names(client.get("/workers/")) == ["Andi Saputra", "Siti Nurhaliza"]
    assert client.get(f"/workers/{workers['made'].pk}/").status_code == 404  # region V worker
    assert client.get(f"/workers/{workers['siti'].pk}/").status_code == 200
    client.force_login(secretariat_v)
    assert names(client.get("/workers/")) == ["Made Ayu Lestari"]
    assert client.get(f"/workers/{workers['siti'].pk}/").status_code == 404


def test_scope_is_applied_before_filters(client, secretariat, workers):
    """A region I secretariat searching the name of a region V worker finds nothing."""
    client.force_login(secretariat)
    assert names(client.get("/workers/", {"q": "Made Ayu"})) == []
    assert names(client.get("/workers/", {"status": "in_process"})) == []


def test_the_lsp_admin_sees_everyone_and_the_balks_admin_no_one(client, lsp_admin, make_user, workers):
    client.force_login(lsp_admin)
    assert names(client.get("/workers/")) == ["Andi Saputra", "Made Ayu Lestari", "Rina Sitompul", "Siti Nurhaliza"]
    # Accreditation has no need of the workers' personal data (NIK, addresses): no register, no export.
    client.force_login(make_user(Role.BALKS_ADMIN))
    assert client.get("/workers/").status_code == 404
    assert client.get("/workers/export.csv").status_code == 404
    assert client.get(f"/workers/{workers['siti'].pk}/").status_code == 404


@pytest.mark.parametrize("role", [Role.APPLICANT, Role.LKS_OPERATOR, Role.ASSESSOR])
def test_other_roles_get_404(client, make_user, workers, role):
    client.force_login(make_user(role))
    assert client.get("/workers/").status_code == 404
    assert client.get("/workers/export.csv").status_code == 404
    assert client.get(f"/workers/{workers['siti'].pk}/").status_code == 404


def test_visible_to(make_user, secretariat, lsp_admin, workers):
    assert set(WorkerProfile.objects.visible_to(secretariat)) == {workers["siti"], workers["andi"]}
    assert WorkerProfile.objects.visible_to(lsp_admin).count() == 4
    for role in (Role.APPLICANT, Role.ASSESSOR, Role.LKS_OPERATOR):
        assert not WorkerProfile.objects.visible_to(make_user(role)).exists()
    from django.contrib.auth.models import AnonymousUser

    assert not WorkerProfile.objects.visible_to(AnonymousUser()).exists()


@pytest.mark.parametrize(
    "params, expected",
    [
        ({"q": "sit"}, ["Rina Sitompul", "Siti Nurhaliza"]),
        ({"q": "siti"}, ["Siti Nurhaliza"]),
        ({"q": "  SITI   nur "}, ["Siti Nurhaliza"]),
        ({"q": "lestari"}, ["Made Ayu Lestari"]),
        ({"nik": "13"}, ["Siti Nurhaliza"]),
        ({"nik": "7"}, None),  # too short: a form error
        ({"province": "73"}, ["Made Ayu Lestari"]),
        ({"role_type": "pkh"}, ["Rina Sitompul", "Siti Nurhaliza"]),
        ({"education": "S1"}, ["Made Ayu Lestari", "Siti Nurhaliza"]),
        ({"social_work": "yes"}, ["Rina Sitompul", "Siti Nurhaliza"]),
        ({"social_work": "no"}, ["Andi Saputra", "Made Ayu Lestari"]),
        ({"status": "certified"}, ["Siti Nurhaliza"]),
        ({"status": "expired", "education": "S2", "role_type": "pkh"}, ["Rina Sitompul"]),
        ({"sort": "-name"}, ["Siti Nurhaliza", "Rina Sitompul", "Made Ayu Lestari", "Andi Saputra"]),
        ({"sort": "created"}, ["Siti Nurhaliza", "Andi Saputra", "Made Ayu Lestari", "Rina Sitompul"]),
        ({"sort": "-created"}, ["Rina Sitompul", "Made Ayu Lestari", "Andi Saputra", "Siti Nurhaliza"]),
    ],
)
def test_each_filter_and_sort(client, lsp_admin, workers, params, expected):
    if "province" in params:
        params = {**params, "province": Province.objects.get(code=params["province"]).pk}
    client.force_login(lsp_admin)
    response = client.get("/workers/", params)
    assert response.status_code == 200
    if expected is None:
        assert response.context["page"] is None and response.context["form"].errors
    else:
        assert names(response) == expected


def test_nik_prefix_search(lsp_admin, workers):
    nik = workers["siti"].nik
    for length in (2, 4, 6, 12, 16):
        found = WorkerFilter({"nik": nik[:length]}, user=lsp_admin).qs
        assert list(found) == [workers["siti"]]
    assert not WorkerFilter({"nik": nik[:15] + str((int(nik[15]) + 1) % 10)}, user=lsp_admin).qs.exists()


@pytest.mark.parametrize(
    "prefix, lower, upper",
    [("3201", "3201", "3202"), ("3209", "3209", "321"), ("3299", "3299", "33"), ("99", "99", None)],
)
def test_nik_prefix_becomes_an_index_range(prefix, lower, upper):
    condition = queries.nik_prefix_range(prefix)
    bounds = dict(child for child in condition.children)
    assert bounds["nik__gte"] == lower and bounds.get("nik__lt") == upper


def test_a_secretariat_cannot_filter_on_a_province_outside_its_region(client, secretariat, workers):
    client.force_login(secretariat)
    response = client.get("/workers/", {"province": Province.objects.get(code="73").pk})
    assert response.context["page"] is None
    assert "province" in response.context["form"].errors


def test_short_name_queries_are_refused_with_a_message(english, lsp_admin, workers):
    english.force_login(lsp_admin)
    response = english.get("/workers/", {"q": "si"})
    assert response.context["form"].errors["q"] == ["Type at least 3 letters of the name."]


# ---- keyset pages ---------------------------------------------------------------------------------------
@pytest.fixture
def many(make_user, reference_data):
    people = []
    for index in range(7):
        name = f"Pekerja {chr(ord('A') + index)}"
        people.append(make_profile(make_user(Role.APPLICANT), province="32", name=name))
    # Two with the same name: the id breaks the tie.
    people.append(make_profile(make_user(Role.APPLICANT), province="32", name="Pekerja C"))
    return people


@pytest.mark.parametrize("opaque", [False, True])
@pytest.mark.parametrize("sort", ["name", "-name", "created", "-created"])
def test_keyset_pages_walk_forward_and_back_without_gaps(lsp_admin, many, sort, opaque):
    queryset = WorkerFilter({}, user=lsp_admin).qs
    key = {"name": lambda p: (p.name_search, p.pk), "created": lambda p: p.pk}[sort.lstrip("-")]
    expected = [p.pk for p in sorted(many, key=key, reverse=sort.startswith("-"))]
    seen, pages, cursor = [], [], None
    while True:
        page = queries.keyset_page(queryset, sort=sort, after=cursor, size=3, opaque_order=opaque)
        pages.append(page)
        seen.extend(row["id"] for row in page.rows)
        if not page.has_next:
            break
        cursor = page.next_cursor
    assert seen == expected
    assert [len(p) for p in pages] == [3, 3, 2]
    assert [p.has_previous for p in pages] == [False, True, True]
    # Back from the last page.
    back = queries.keyset_page(queryset, sort=sort, before=pages[2].previous_cursor, size=3, opaque_order=opaque)
    assert [row["id"] for row in back.rows] == expected[3:6] and back.has_previous and back.has_next
    first = queries.keyset_page(queryset, sort=sort, before=back.previous_cursor, size=3, opaque_order=opaque)
    assert [row["id"] for row in first.rows] == expected[:3] and not first.has_previous


@pytest.mark.parametrize("cursor", ["garbage", "W10", "WyJhIl0", "eyJhIjoxfQ"])
def test_a_malformed_cursor_shows_the_first_page(lsp_admin, many, cursor):
    page = queries.keyset_page(WorkerFilter({}, user=lsp_admin).qs, after=cursor, size=3)
    assert [row["full_name"] for row in page.rows] == ["Pekerja A", "Pekerja B", "Pekerja C"]


def test_the_next_link_leads_to_the_next_page(client, lsp_admin, make_user, reference_data):
    for index in range(queries.PAGE_SIZE + 2):
        make_profile(make_user(Role.APPLICANT), province="31", name=f"Pekerja {index:03d}")
    client.force_login(lsp_admin)
    first = client.get("/workers/", {"province": Province.objects.get(code="31").pk})
    page = first.context["page"]
    assert len(page.rows) == queries.PAGE_SIZE and page.has_next
    html = first.content.decode()
    assert f"after={page.next_cursor}" in html
    second = client.get("/workers/", {"province": Province.objects.get(code="31").pk, "after": page.next_cursor})
    assert names(second) == ["Pekerja 050", "Pekerja 051"]


# ---- queries --------------------------------------------------------------------------------------------
def _search_queries(client):
    client.get("/workers/", {"education": "S1"})  # warm the session
    with CaptureQueriesContext(connection) as captured:
        response = client.get("/workers/", {"education": "S1", "sort": "name"})
    return response, [q["sql"] for q in captured.captured_queries]


def test_a_page_of_1_row_costs_as_many_queries_as_a_page_of_50(client, secretariat, make_user, reference_data,
                                                               django_assert_num_queries):
    client.force_login(secretariat)
    make_profile(make_user(Role.APPLICANT), province="13", highest_education="S1")
    response, one = _search_queries(client)
    assert len(response.context["page"].rows) == 1
    for _index in range(49):
        make_profile(make_user(Role.APPLICANT), province="12", highest_education="S1")
    with django_assert_num_queries(len(one)):
        response = client.get("/workers/", {"education": "S1", "sort": "name"})
    assert len(response.context["page"].rows) == 50
    worker_queries = [sql for sql in one if "registry_workerprofile" in sql]
    assert len(worker_queries) == 1
    assert not any("COUNT(" in sql.upper() for sql in worker_queries)


# ---- CSV export -----------------------------------------------------------------------------------------
def read_csv(response):
    assert response.streaming
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")
    return list(csv.reader(io.StringIO(body[1:])))


@pytest.mark.parametrize(
    "value, guarded",
    [
        ("=1+2", "'=1+2"),
        ("+6281234", "'+6281234"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1:A9)", "'@SUM(A1:A9)"),
        ("\tTAB", "'\tTAB"),
        ("\rCR", "'\rCR"),
        ("Siti", "Siti"),
        ("a=b", "a=b"),
        (12, "12"),
        (None, ""),
    ],
)
def test_csv_cells_are_guarded_against_formulas(value, guarded):
    assert csv_safe(value) == guarded


def test_export_streams_the_filtered_search_guarded_masked_and_audited(english, secretariat, make_user, workers):
    evil = make_profile(
        make_user(Role.APPLICANT), province="13", name='=HYPERLINK("http://evil.test","klik")',
        employer="@SUM(1+1)", regency="-1+1", highest_education="S1",
    )
    english.force_login(secretariat)
    response = english.get("/workers/export.csv", {"education": "S1"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="workers-')
    rows = read_csv(response)
    assert rows[0][:4] == ["ID", "Full name", "NIK", "Province"]
    by_id = {int(row[0]): row for row in rows[1:]}
    assert set(by_id) == {workers["siti"].pk, evil.pk}  # scoped to region I, filtered on S1
    assert by_id[evil.pk][1] == '\'=HYPERLINK("http://evil.test","klik")'
    assert by_id[evil.pk][4] == "'-1+1"
    assert by_id[evil.pk][6] == "'@SUM(1+1)"
    assert by_id[workers["siti"].pk][2] == workers["siti"].nik[:4] + "********" + workers["siti"].nik[-4:]
    assert by_id[workers["siti"].pk][8] == "yes"
    [event] = AuditEvent.objects.filter(action="registry.workers.export")
    assert event.actor == secretariat and event.after == {"filters": {"education": "S1"}}


def test_admins_export_full_niks(client, lsp_admin, workers):
    client.force_login(lsp_admin)
    rows = read_csv(client.get("/workers/export.csv"))
    assert sorted(row[2] for row in rows[1:]) == sorted(w.nik for w in workers.values())


def test_export_iterates_in_chunks_from_the_database(lsp_admin, workers):
    rows = queries.export_rows(WorkerFilter({}, user=lsp_admin).qs, chunk_size=2)
    assert not isinstance(rows, (list, tuple))
    assert [row[0] for row in rows] == sorted(w.pk for w in workers.values())


def test_an_invalid_search_is_not_exported(client, lsp_admin, workers):
    client.force_login(lsp_admin)
    response = client.get("/workers/export.csv", {"q": "ab"})
    assert response.status_code == 302 and response["Location"].startswith("/workers/?")
    assert not AuditEvent.objects.filter(action="registry.workers.export").exists()
