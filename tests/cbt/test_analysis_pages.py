"""Item analysis on real rows: the query layer over submitted attempts (one session, across sessions), the
pages (item writers and LSP admins only), their queries, the charts and the exports."""

import csv
import io
from datetime import timedelta

import openpyxl
import pytest
from django.utils import timezone

from certification.cbt import analysis, analysis_data, bank, services
from certification.cbt.models import Attempt, Item, ItemVersion
from portal.accounts.roles import Role
from tests.auth import Client
from tests.exams.helpers import secretariat_of

from .helpers import item_writer, make_bank, make_blueprint, seated, started_session
from .test_analysis_math import CHOICES

pytestmark = pytest.mark.django_db


def prepared_bank():
    """Four items (1 knowledge, 1 values, 2 skills: the blueprint's 30/30/40 of 4), every key A; the
    first stem looks like a formula (the exports must not let a spreadsheet run it)."""
    versions = make_bank(counts={"knowledge": 1, "values": 1, "skills": 2})
    ItemVersion.objects.filter(pk__in=[v.pk for v in versions]).update(key=0)
    ItemVersion.objects.filter(pk=versions[0].pk).update(stem="=1+1 apa yang dilakukan pekerja sosial?")
    make_blueprint(items=4)
    return sorted(v.pk for v in versions)


def sit(make_user, rows, *, unsubmitted=0):
    """A started session whose candidates answer `rows` (per candidate the original choice for each of the
    four versions, in id order; None: left unanswered) through the services and submit; `unsubmitted`
    more candidates start and answer everything right but do not submit."""
    session, staff = started_session(make_user)
    bookings = seated(make_user, session, len(rows) + unsubmitted, check_in_by=staff)
    for booking, row in zip(bookings, list(rows) + [[0, 0, 0, 0]] * unsubmitted):
        user = booking.application.applicant
        started = services.start_attempt(user, booking, None)
        ids = sorted(q.version_id for q in started.attempt.items.all())
        for seq, q in enumerate(started.attempt.items.order_by("position"), start=1):
            choice = row[ids.index(q.version_id)]
            if choice is not None:
                services.save_answer(user, started.attempt.pk, started.token, {
                    "key": f"answer-{booking.pk}-{seq}", "item": q.position, "choice": q.order.index(choice), "flagged": False, "seq": seq,
                })
        if row is not None and booking in bookings[: len(rows)]:
            services.submit(user, started.attempt)
    return session, staff


def writer_client(make_user):
    client = Client()
    client.force_login(item_writer(make_user))
    return client


def test_the_query_layer_reads_the_hand_computed_example_from_the_database(make_user, django_assert_num_queries):
    ids = prepared_bank()
    session, _staff = sit(make_user, CHOICES, unsubmitted=1)
    attempts = analysis_data.submitted(session=session)
    with django_assert_num_queries(2):
        matrix = analysis_data.matrix(attempts, visible_items=Item.objects.all())
    assert len(matrix.responses) == 5  # the sixth candidate has not submitted
    report = matrix.report()
    assert [analysis.rounded(report.items[v].p) for v in ids] == [0.8, 0.6, 0.6, 0.4]
    assert [analysis.rounded(report.items[v].r_pb) for v in ids] == [0.375, 0.3273, 0.3273, -0.3727]
    assert [report.items[v].option_counts for v in ids] == [(4, 1, 0, 0), (3, 0, 1, 0), (3, 1, 0, 1), (2, 2, 1, 0)]
    assert report.items[ids[1]].omitted == 1
    assert analysis.rounded(report.main_group.kr20) == 0.2051 and report.main_group.same_form
    label = matrix.labels[ids[0]]
    assert (label.domain, label.number, label.key_letter, label.option_count) == ("knowledge", 1, "A", 4)


def test_across_sessions_by_scheme_and_period(make_user):
    prepared_bank()
    first, _staff = sit(make_user, CHOICES[:3])
    second, _staff = sit(make_user, CHOICES[3:])
    scheme = first.scheme
    both = analysis_data.matrix(analysis_data.submitted(scheme=scheme), visible_items=Item.objects.all())
    assert len(both.responses) == 5
    assert len(analysis_data.matrix(analysis_data.submitted(session=second), visible_items=Item.objects.all()).responses) == 2
    today = timezone.localdate(first.starts_at)
    assert len(analysis_data.submitted(scheme=scheme, since=today, until=today)) == 5
    assert len(analysis_data.submitted(scheme=scheme, since=today + timedelta(days=1))) == 0
    assert len(analysis_data.submitted(scheme=scheme, until=today - timedelta(days=1))) == 0
    # Items the user may not see: a form holding one drops out whole.
    assert analysis_data.matrix(analysis_data.submitted(scheme=scheme), visible_items=Item.objects.none()).responses == {}


def test_only_item_writers_and_lsp_admins_see_the_pages(make_user):
    prepared_bank()
    session, staff = sit(make_user, CHOICES)
    item = Item.objects.order_by("pk").first()
    other_candidate = make_user(Role.APPLICANT)
    urls = [f"/cbt/analysis/?session={session.pk}", f"/cbt/analysis/export.csv?session={session.pk}",
            f"/cbt/analysis/export.xlsx?session={session.pk}", f"/cbt/items/{item.pk}/"]
    candidate = Attempt.objects.filter(booking__session=session).first().booking.application.applicant
    refused = {
        "candidate": candidate, "other candidate": other_candidate, "assessor": make_user(Role.ASSESSOR),
        "secretariat of the session": staff, "secretariat of another office": secretariat_of(make_user, code="III"),
        "BALKS admin": make_user(Role.BALKS_ADMIN),
    }
    for who, user in refused.items():
        client = Client()
        client.force_login(user)
        for url in urls:
            assert client.get(url).status_code == 404, (who, url)
    anonymous = Client()
    assert all(anonymous.get(url).status_code == 302 for url in urls)
    for user in (item_writer(make_user), make_user(Role.LSP_ADMIN)):
        client = Client()
        client.force_login(user)
        assert [client.get(url).status_code for url in urls] == [200, 200, 200, 200]
    # The proctor page links the session's analysis for an LSP admin, not for the secretariat.
    link = f'href="/cbt/analysis/?session={session.pk}"'
    secretariat = Client()
    secretariat.force_login(staff)
    assert link not in secretariat.get(f"/cbt/sessions/{session.pk}/proctor/").content.decode()
    admin = Client()
    admin.force_login(make_user(Role.LSP_ADMIN))
    assert link in admin.get(f"/cbt/sessions/{session.pk}/proctor/").content.decode()


def test_the_page_shows_the_figures_flags_and_charts_in_bounded_queries(make_user, django_assert_max_num_queries):
    ids = prepared_bank()
    session, _staff = sit(make_user, CHOICES + CHOICES)  # ten candidates: flags are raised
    client = writer_client(make_user)
    client.get("/cbt/analysis/")  # warm the session and permissions caches
    with django_assert_max_num_queries(12):
        html = client.get(f"/cbt/analysis/?session={session.pk}").content.decode()
    assert 'data-testid="analysis-candidates">10<' in html
    assert 'data-testid="analysis-kr20">0,2051<' in html
    assert 'data-testid="analysis-flagged">4 / 4<' in html
    rows = html.split('data-testid="analysis-row"')[1:]
    assert [int(r.split('data-version="')[1].split('"')[0]) for r in rows] == [ids[3], ids[1], ids[2], ids[0]]
    assert "<td>-0,3727</td>" in rows[0] and "negatif" in rows[0].lower()
    assert "<td>0,4000</td>" in rows[0]
    svg = html[html.index('<svg class="cbt-chart"'):html.index("</svg>") + 6]
    assert svg.count("<circle") == 4 and svg.count('class="cbt-point is-flagged"') == 4
    assert "<title" in svg and "<desc" in svg
    assert " style=" not in html
    assert "<script>" not in html
    # 10 more candidates in another session: the same number of queries.
    sit(make_user, CHOICES + CHOICES)
    with django_assert_max_num_queries(12):
        assert client.get(f"/cbt/analysis/?scheme={session.scheme_id}").status_code == 200


def test_bad_filters_get_a_clear_message(make_user):
    client = writer_client(make_user)
    for query, message in [
        ("", "Pilih skema atau sesi ujian"),
        ("?session=abc", "Sesi ujian"),
        ("?scheme=99999999999999999999999", "Skema"),
        ("?scheme=1&since=2026-05-02&until=2026-05-01", "sebelum"),
        ("?scheme=1&since=02/31/2026", "Sesi dari"),
    ]:
        response = client.get(f"/cbt/analysis/{query}")
        assert response.status_code == 200 and message in response.content.decode(), query
    assert client.get("/cbt/analysis/export.csv?session=abc").status_code == 400


def test_exports(make_user):
    ids = prepared_bank()
    session, _staff = sit(make_user, CHOICES)
    client = writer_client(make_user)
    response = client.get(f"/cbt/analysis/export.csv?session={session.pk}")
    assert response["Cache-Control"] == "no-store, private" and response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    table = list(csv.reader(io.StringIO(text)))
    assert table[0][:10] == ["Butir", "Versi", "Skema", "Domain", "Unit", "Soal (awal)", "Peserta (n)", "Tingkat kesulitan p",
                             "Daya beda r_pb (terkoreksi)", "Kunci"]
    by_item = {int(row[0]): row for row in table[1:]}
    items = dict(ItemVersion.objects.filter(pk__in=ids).values_list("pk", "item_id"))
    first = by_item[items[ids[0]]]
    assert first[5].startswith("'=1+1")  # a formula is not run
    assert first[6:10] == ["5", "0.8", "0.375", "A"]
    assert by_item[items[ids[3]]][6:16] == ["5", "0.4", "-0.3727", "A", "0.4", "0.4", "0.2", "0.0", "", "0.0"]
    assert by_item[items[ids[1]]][15] == "0.2"  # omitted
    response = client.get(f"/cbt/analysis/export.xlsx?session={session.pk}")
    assert response["Cache-Control"] == "no-store, private"
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    sheet = book["Butir"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[2][:3] == ("Butir", "Versi", "Skema")
    xlsx_first = next(r for r in rows[3:] if r[0] == items[ids[0]])
    assert xlsx_first[5].startswith("'=1+1") and xlsx_first[7] == 0.8 and xlsx_first[8] == 0.375
    reliability = list(book["Reliabilitas"].iter_rows(values_only=True))
    assert reliability[0][:2] == ("Peserta", 5) and reliability[1][:2] == ("Rerata skor (%)", 60)
    assert reliability[5] == (4, 5, "ya", 2.4, 1.0198, 0.2051)


def test_the_item_page_shows_each_versions_figures(make_user, django_assert_max_num_queries):
    ids = prepared_bank()
    sit(make_user, CHOICES)
    version = ItemVersion.objects.get(pk=ids[3])
    client = writer_client(make_user)
    client.get(f"/cbt/items/{version.item_id}/")
    # A new version after the tests: it has no figures yet; the old one keeps its own.
    bank.edit_item(item_writer(make_user), version.item, {
        "unit": None, "domain": "skills", "difficulty": "medium", "stem": "Soal baru", "options": ["a", "b", "c", "d"],
        "key": 1, "rationale": "", "image": None,
    })
    with django_assert_max_num_queries(12):
        html = client.get(f"/cbt/items/{version.item_id}/").content.decode()
    blocks = html.split('data-testid="version-stats"')[1:]
    assert len(blocks) == 2
    # Version 1 first (the page's order), then version 2.
    assert 'data-testid="stat-n">5<' in blocks[0] and 'data-testid="stat-p">0,4000<' in blocks[0]
    assert 'data-testid="stat-r">-0,3727<' in blocks[0]
    assert 'class="cbt-obar is-key"' in blocks[0]
    assert "Belum ada di tes yang diserahkan." in blocks[1] and "stat-n" not in blocks[1]


def test_random_forms_from_a_larger_bank(make_user):
    """A bank larger than the blueprint: each candidate their own draw; every item is counted over those who
    had it, and the page says that KR-20 is taken over the candidates' own items."""
    make_bank(counts={"knowledge": 4, "values": 4, "skills": 6})
    make_blueprint(items=4)
    session, _staff = sit(make_user, [[0, 0, 0, 0]] * 6)  # each answers option A: right where A is the key
    matrix = analysis_data.matrix(analysis_data.submitted(session=session), visible_items=Item.objects.all())
    report = matrix.report()
    held = sum(stats.n for stats in report.items.values())
    assert held == 24 and report.candidates == 6 and report.main_group.length == 4
    for version_id, stats in report.items.items():
        expected = stats.n if matrix.versions[version_id].key == 0 else 0
        assert stats.correct == expected and stats.option_counts[0] == stats.n
    client = writer_client(make_user)
    html = client.get(f"/cbt/analysis/?session={session.pk}").content.decode()
    # Six identical draws of 1 of 4, 1 of 4 and 2 of 6 items have a chance of (1/240)⁵: the forms differ.
    assert not report.main_group.same_form
    assert "Para peserta mendapat butir yang berbeda" in html


def test_an_empty_report_exports_its_headers(make_user):
    client = writer_client(make_user)
    scheme = Item._meta.get_field("scheme").related_model.objects.get(code="ps-generalis")
    html = client.get(f"/cbt/analysis/?scheme={scheme.pk}").content.decode()
    assert "Tidak ada tes yang diserahkan yang sesuai dengan saringan ini." in html
    response = client.get(f"/cbt/analysis/export.csv?scheme={scheme.pk}")
    lines = b"".join(response.streaming_content).decode("utf-8-sig").splitlines()
    assert len(lines) == 1 and lines[0].startswith("Butir,Versi,Skema")
    book = openpyxl.load_workbook(io.BytesIO(b"".join(client.get(f"/cbt/analysis/export.xlsx?scheme={scheme.pk}").streaming_content)))
    assert list(book["Reliabilitas"].iter_rows(values_only=True))[0][:2] == ("Peserta", 0)
