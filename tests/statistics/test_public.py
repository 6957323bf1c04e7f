"""The public statistics page and its open data: figures from the register, small counts suppressed,
CSV and a data package descriptor, no sign-in, cached, bounded queries."""

import csv
import io
from datetime import date, timedelta

import pytest

from portal.credentials.models import Credential
from portal.regions.models import Province

pytestmark = pytest.mark.django_db


def certify(issue, count, *, province, subject="Pekerja Sosial Generalis", kind="worker", **extra):
    for _ in range(count):
        issue(kind=kind, province=Province.objects.get(code=province), subject=subject, **extra)


def test_the_page_shows_the_register_with_small_counts_suppressed(client, issue, lsp_admin):
    certify(issue, 12, province="32")
    certify(issue, 6, province="31")
    certify(issue, 2, province="36")  # Banten: 2 → "<5"
    certify(issue, 7, province="32", subject="Pekerja Sosial Spesialis")
    # Not counted: revoked, expired.
    certify(issue, 1, province="32", issued_on=date.today() - timedelta(days=6 * 365), validity_years=5)
    revoked = issue(province=Province.objects.get(code="32"))
    Credential.objects.filter(pk=revoked.pk).update(status=Credential.Status.REVOKED)
    certify(issue, 5, province="32", subject="A", kind="lks", subject_code="A", issuer="BALKS")

    response = client.get("/statistics/")
    assert response.status_code == 200
    assert "public" in response["Cache-Control"]
    html = response.content.decode()
    assert "Pekerja Sosial Generalis" in html and "Jawa Barat" in html
    assert "&lt;5" in html
    rows = list(csv.reader(io.StringIO(client.get("/statistics/workers.csv").content.decode())))
    assert rows[0] == ["kode_provinsi", "nama_provinsi", "skema", "jumlah"]
    table = {(code, column): value for code, _name, column, value in rows[1:]}
    assert table[("32", "Pekerja Sosial Generalis")] == "12"
    assert table[("32", "Pekerja Sosial Spesialis")] == "7"
    assert table[("36", "Pekerja Sosial Generalis")] == "<5"
    # Withheld, not small: the Generalis column's smallest other count, lest the national total give Banten away.
    assert table[("31", "Pekerja Sosial Generalis")] == "x"
    assert table[("11", "Pekerja Sosial Generalis")] == "0"
    for value in table.values():
        assert value in ("<5", "x") or not 0 < int(value) < 5
    lks = list(csv.reader(io.StringIO(client.get("/statistics/lks.csv").content.decode())))
    assert lks[0][2] == "peringkat" and ["32", "Jawa Barat", "A", "5"] in lks


def test_the_data_package_describes_both_files(client, issue):
    certify(issue, 5, province="32")
    package = client.get("/statistics/datapackage.json").json()
    assert package["licenses"][0]["name"] == "CC-BY-4.0"
    assert [r["name"] for r in package["resources"]] == ["workers", "lks"]
    fields = [f["name"] for f in package["resources"][0]["schema"]["fields"]]
    assert fields == ["kode_provinsi", "nama_provinsi", "skema", "jumlah"]
    assert package["resources"][0]["path"].endswith("/statistics/workers.csv")
    assert package["temporal"]["start"] == package["created"][:10]
    assert client.get("/statistics/other.csv").status_code == 404


def test_figures_are_computed_once_then_served_from_the_cache(client, issue, django_assert_max_num_queries):
    certify(issue, 6, province="32")
    with django_assert_max_num_queries(8):
        client.get("/statistics/")
    with django_assert_max_num_queries(2):  # session-less visitor: the figures come from the cache
        assert client.get("/statistics/").status_code == 200
        assert client.get("/statistics/workers.csv").status_code == 200


def test_no_personal_data_is_on_the_page(client, issue):
    certify(issue, 6, province="32", holder_name="Siti Rahmawati")
    html = client.get("/statistics/").content.decode()
    assert "Siti Rahmawati" not in html and Credential.objects.first().number not in html
