"""The pages: forms re-display bad input with translated errors beside the field, the JSON check-in,
the candidate's journey, query counts that do not grow with the number of bookings."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from certification.exams import services
from certification.exams.models import ExamSession
from portal.accounts.roles import Role

from .helpers import (
    agreed,
    candidate,
    later_today,
    make_assessor,
    make_session,
    make_tuk,
    scores_for,
    secretariat_of,
    start_now,
)

pytestmark = pytest.mark.django_db


def local(dt):
    return timezone.localtime(dt).strftime("%Y-%m-%dT%H:%M")


def session_data(**overrides):
    starts = timezone.now() + timedelta(days=14)
    data = {
        "kind": "exam", "scheme": 2, "round": "", "title": "", "province": "", "mode": "in_person",
        "venue_name": "Gedung Sate", "venue_address": "Jl. Diponegoro No. 22", "map_url": "https://osm.org/x",
        "meeting_url": "", "starts_at": local(starts), "ends_at": local(starts + timedelta(hours=6)),
        "capacity": "25", "cancel_cutoff_hours": "48", "pass_mark": "70", "instructions": "Bawa KTP.", "is_published": "on",
    }
    data.update(overrides)
    return data


def test_creating_a_session_with_defaults(client, make_user):
    from certification.models import Scheme
    from portal.regions.models import Province

    staff = secretariat_of(make_user)
    client.force_login(staff)
    page = client.get("/secretariat/exams/new/").content.decode()
    assert "Bandung (Jawa Barat)" in page and "Serang (Banten)" in page and "Makassar" not in page
    scheme = Scheme.objects.get(code="ps-generalis")
    tuk = make_tuk(name="Gedung Sate")  # an exam in person takes place at a verified test site
    response = client.post("/secretariat/exams/new/", session_data(scheme=scheme.pk, province=Province.objects.get(code="32").pk,
                                                                   tuk=tuk.pk))
    session = ExamSession.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/secretariat/exams/{session.pk}/"
    assert (session.regional_office, session.city, session.capacity, session.created_by) == (staff.regional_office, "Bandung", 25, staff)
    assert session.components.count() == 5


def test_bad_session_input_is_redisplayed_with_errors(client, make_user):
    from certification.models import Scheme
    from portal.regions.models import Province

    client.force_login(secretariat_of(make_user))
    scheme = Scheme.objects.get(code="ps-generalis")
    makassar = Province.objects.get(code="73")  # Regional V: not this office's
    starts = timezone.now() - timedelta(days=1)
    data = session_data(
        scheme=scheme.pk, province=makassar.pk, mode="online", meeting_url="", venue_name="Aula Dinsos",
        starts_at=local(starts), ends_at=local(starts - timedelta(hours=1)), capacity="0", pass_mark="abc",
        map_url="ftp://x",
    )
    response = client.post("/secretariat/exams/new/", data)
    assert response.status_code == 200
    html = response.content.decode()
    for message in (
        "Pilih waktu yang akan datang.",
        "Sesi harus berakhir setelah dimulai.",
        "Sesi daring memerlukan tautan pertemuan.",
    ):
        assert message in html
    form = response.context["form"]
    assert set(form.errors) >= {"province", "starts_at", "ends_at", "meeting_url", "capacity", "pass_mark", "map_url"}
    assert 'value="Aula Dinsos"' in html  # what was typed stays
    assert ExamSession.objects.count() == 0
    garbage = client.post("/secretariat/exams/new/", {"starts_at": "kemarin", "capacity": "-5", "scheme": "x"})
    assert garbage.status_code == 200 and garbage.context["form"].errors


def test_capacity_cannot_drop_below_the_booked_seats(client, make_user):
    session = make_session(capacity=3)
    staff = secretariat_of(make_user)
    for _ in range(2):
        services.book_seat(staff, candidate(make_user), session)
    client.force_login(staff)
    data = session_data(province=session.province_id, capacity="1", starts_at=local(session.starts_at), ends_at=local(session.ends_at))
    response = client.post(f"/secretariat/exams/{session.pk}/edit/", data)
    assert response.status_code == 200
    assert "2 kursi sudah dipesan" in response.context["form"].errors["capacity"][0]


def test_the_candidate_journey_pages(client, make_user):
    session = make_session(capacity=1)
    application = candidate(make_user)
    client.force_login(application.applicant)
    mine = client.get("/exams/").content.decode()
    assert f"/exams/applications/{application.pk}/sessions/?kind=exam" in mine
    listing = client.get(f"/exams/applications/{application.pk}/sessions/?kind=exam").content.decode()
    assert session.display_title in listing and "Pesan kursi" in listing
    response = client.post(f"/exams/sessions/{session.pk}/book/", {"application": application.pk}, follow=True)
    booking = application.exam_bookings.get()
    assert response.redirect_chain[-1][0] == f"/exams/bookings/{booking.pk}/"
    page = response.content.decode()
    assert booking.display_code in page and "Unduh kartu peserta (PDF)" in page
    card = client.get(f"/exams/bookings/{booking.pk}/card.pdf")
    assert card.status_code == 200 and card["Content-Type"] == "application/pdf"
    assert b"".join(card.streaming_content).startswith(b"%PDF")
    calendar = client.get(f"/exams/bookings/{booking.pk}/calendar.ics")
    assert calendar["Content-Type"].startswith("text/calendar") and b"BEGIN:VCALENDAR" in calendar.content
    # A second candidate finds the session full and joins the waitlist from the page.
    other = candidate(make_user)
    client.force_login(other.applicant)
    full = client.post(f"/exams/sessions/{session.pk}/book/", {"application": other.pk}, follow=True).content.decode()
    assert "Sesi ini penuh" in full and "Masuk daftar tunggu" in full
    joined = client.post(f"/exams/sessions/{session.pk}/book/", {"application": other.pk, "waitlist": "1"}, follow=True).content.decode()
    assert "urutan 1 daftar tunggu" in joined
    # The first cancels; the second gets the seat.
    client.force_login(application.applicant)
    client.post(f"/exams/bookings/{booking.pk}/cancel/", {"reason": "Bentrok jadwal"})
    assert other.exam_bookings.get().status == "confirmed"


def test_json_check_in_for_the_scanner(client, make_user):
    session = make_session(capacity=2, starts_in=later_today(), cutoff=0)
    staff = secretariat_of(make_user)
    application = candidate(make_user)
    booking = services.book_seat(staff, application, session)
    client.force_login(staff)
    headers = {"HTTP_X_REQUESTED_WITH": "XMLHttpRequest", "HTTP_ACCEPT": "application/json"}
    url = f"/secretariat/exams/{session.pk}/check-in/"
    refused = client.post(url, {"code": booking.code}, **headers).json()  # no assessment agreement (FR.AK.01) yet
    assert refused["outcome"] == "refused" and "FR.AK.01" in refused["message"] and refused["counts"]["present"] == 0
    agreed(booking)
    first = client.post(url, {"code": booking.code}, **headers).json()
    assert first["outcome"] == "ok" and first["seat"] == 1 and first["counts"] == {"booked": 1, "present": 1, "absent": 0}
    assert first["photo"].startswith("/documents/")
    second = client.post(url, {"code": booking.display_code}, **headers).json()
    assert second["outcome"] == "already"
    empty = client.post(url, {"code": ""}, **headers)
    assert empty.status_code == 400 and empty.json()["outcome"] == "invalid"
    # Without JavaScript: the same, as a page.
    page = client.post(url, {"code": "nope-nope"})
    assert "Tidak ada kartu peserta dengan kode NOPENOPE" in page.content.decode()


def test_scoring_page_saves_partially_and_shows_errors(client, make_user):
    session = make_session(capacity=3, starts_in=later_today(), cutoff=0)
    staff = secretariat_of(make_user)
    assessor = make_assessor(make_user)
    services.set_assessors(staff, session, [assessor])
    application = candidate(make_user)
    booking = services.book_seat(staff, application, session)
    agreed(booking)
    services.check_in(staff, session, booking.code)
    client.force_login(assessor.user)
    url = f"/secretariat/exams/{session.pk}/scoring/{booking.pk}/"
    parts = scores_for(booking, {"portfolio": 1, "knowledge": 1, "values": 1, "skills": 1, "practical": 1})
    form = {f"part_{pk}": "" for pk in parts}
    portfolio = next(iter(parts))
    bad = client.post(url, {**form, f"part_{portfolio}": "120", "note": "catatan"})
    assert bad.status_code == 200
    assert "Nilai berkisar 0 sampai 100." in bad.content.decode()
    assert 'value="120"' in bad.content.decode()
    ok = client.post(url, {**form, f"part_{portfolio}": "88.5"})
    assert ok.status_code == 302
    booking.refresh_from_db()
    assert booking.scores.get(part_id=portfolio).value == Decimal("88.5") and not booking.scores_complete
    auto = client.post(url, {**form, f"part_{portfolio}": "90"}, HTTP_X_REQUESTED_WITH="XMLHttpRequest").json()
    assert auto == {"ok": True, "total": None, "complete": False}


def test_scoring_page_writes_weights_as_indonesian_writes_decimals(client, make_user):
    """Issue 20 item 3: a part's weight in its field label was "12.5" beside the legend's "12,50"."""
    session = make_session(capacity=3, starts_in=later_today(), cutoff=0)
    staff = secretariat_of(make_user)
    assessor = make_assessor(make_user)
    services.set_assessors(staff, session, [assessor])
    booking = services.book_seat(staff, candidate(make_user), session)
    agreed(booking)
    services.check_in(staff, session, booking.code)
    knowledge = session.components.get(kind="cognitive").parts.get(kind="knowledge")
    knowledge.weight = Decimal("12.50")
    knowledge.save(update_fields=["weight"])
    client.force_login(assessor.user)
    html = client.get(f"/secretariat/exams/{session.pk}/scoring/{booking.pk}/").content.decode()
    assert "Pengetahuan (bobot 12,50)" in html
    assert "12.5" not in html


def test_plenary_page_keeps_input_and_marks_rows(client, make_user):
    session = make_session(capacity=3, starts_in=later_today(), cutoff=0)
    staff = secretariat_of(make_user)
    assessor = make_assessor(make_user)
    services.set_assessors(staff, session, [assessor])
    booking = services.book_seat(staff, candidate(make_user), session)
    agreed(booking)
    services.check_in(staff, session, booking.code)
    booking.refresh_from_db()
    services.save_scores(assessor.user, booking, scores_for(booking, {"portfolio": 90, "knowledge": 90, "values": 90, "skills": 90, "practical": 90}))
    start_now(session)
    services.close_attendance(staff, session)
    client.force_login(make_user(Role.LSP_ADMIN))
    url = f"/secretariat/exams/{session.pk}/plenary/"
    page = client.get(url)
    assert page.context["form"].fields[f"result_{booking.pk}"].initial == "competent"
    response = client.post(url, {f"result_{booking.pk}": "not_yet_competent", f"feedback_{booking.pk}": "Umpan balik"})
    assert response.status_code == 200
    assert "Keputusan berbeda dari saran hasil hitungan" in response.content.decode()
    assert "Umpan balik" in response.content.decode()
    response = client.post(url, {f"result_{booking.pk}": "competent"})
    assert response.status_code == 302 and "/credentials/batches/" in response["Location"]


# ---- query counts --------------------------------------------------------------------------------
def populated(make_user, n):
    session = make_session(capacity=max(n, 1), starts_in=later_today(), cutoff=0)
    staff = secretariat_of(make_user)
    assessor = make_assessor(make_user)
    services.set_assessors(staff, session, [assessor])
    for _ in range(n):
        booking = services.book_seat(staff, candidate(make_user), session)
        agreed(booking)
        services.check_in(staff, session, booking.code)
        booking.refresh_from_db()
        services.save_scores(assessor.user, booking, scores_for(booking, {"portfolio": 80, "knowledge": 70}))
    return session, staff, assessor


def count_queries(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("which", ["session", "attendance", "scoring", "plenary", "list"])
def test_query_counts_do_not_grow_with_bookings(client, make_user, which):
    counts = []
    for n in (1, 6):
        session, staff, assessor = populated(make_user, n)
        if which == "scoring":
            user, url = assessor.user, f"/secretariat/exams/{session.pk}/scoring/"
        elif which == "plenary":
            user, url = make_user(Role.LSP_ADMIN), f"/secretariat/exams/{session.pk}/plenary/"
        elif which == "attendance":
            user, url = staff, f"/secretariat/exams/{session.pk}/attendance-list/"
        elif which == "list":
            user, url = staff, "/secretariat/exams/"
        else:
            user, url = staff, f"/secretariat/exams/{session.pk}/"
        client.force_login(user)
        count_queries(client, url)  # warm the per-process caches
        counts.append(count_queries(client, url))
    assert counts[0] == counts[1], counts


def test_candidate_page_query_count_is_flat(client, make_user):
    counts = []
    for n in (1, 3):
        application = candidate(make_user)
        for index in range(n):
            session = make_session(capacity=2, kind="briefing" if index % 2 else "exam", starts_in=timedelta(days=5 + index))
            if index == 0 or index % 2:
                services.book_seat(application.applicant, application, session)
        client.force_login(application.applicant)
        count_queries(client, "/exams/")
        counts.append(count_queries(client, "/exams/"))
    assert counts[0] == counts[1], counts


def test_candidates_are_told_when_the_session_moves(client, make_user):
    from portal.notifications.models import Notification

    session = make_session(capacity=1)
    staff = secretariat_of(make_user)
    seated, waiting = candidate(make_user), candidate(make_user)
    services.book_seat(seated.applicant, seated, session)
    services.join_waitlist(waiting.applicant, waiting, session)
    client.force_login(staff)
    data = session_data(province=session.province_id, capacity="1", venue_name="Gedung Sate, Aula Barat",
                        starts_at=local(session.starts_at), ends_at=local(session.ends_at))
    response = client.post(f"/secretariat/exams/{session.pk}/edit/", data, follow=True)
    assert "2 peserta telah diberi tahu tentang perubahan ini." in response.content.decode()
    for application in (seated, waiting):
        note = Notification.objects.get(recipient=application.applicant, template="exams/session_changed")
        assert "Gedung Sate, Aula Barat" in note.body
    # Only the instructions change: nobody is told.
    client.post(f"/secretariat/exams/{session.pk}/edit/", {**data, "instructions": "Bawa pulpen."})
    assert Notification.objects.filter(template="exams/session_changed").count() == 2


def test_garbage_in_urls_and_forms_is_a_404_not_a_500(client, make_user):
    session = make_session(capacity=2, starts_in=later_today(), cutoff=0)
    staff = secretariat_of(make_user)
    application = candidate(make_user)
    booking = services.book_seat(application.applicant, application, session)
    client.force_login(application.applicant)
    for data in ({"application": "abc"}, {"application": "-1"}, {}, {"application": application.pk, "move": "x"}):
        assert client.post(f"/exams/sessions/{session.pk}/book/", data).status_code == 404, data
    assert client.get(f"/exams/applications/{application.pk}/sessions/?move=zz").status_code == 404
    assert client.get(f"/exams/applications/{application.pk}/sessions/?kind=other").status_code == 404
    client.force_login(staff)
    assert client.post(f"/secretariat/exams/bookings/{booking.pk}/assessor/", {"assessor": "x"}).status_code == 404
    assert client.post(f"/secretariat/exams/bookings/{booking.pk}/cancel/", {"reason": ""}).status_code == 302
    booking.refresh_from_db()
    assert booking.status == "confirmed"


def test_components_assessors_and_allocation_forms(client, make_user):
    session = make_session(capacity=2)
    staff = secretariat_of(make_user)
    client.force_login(staff)
    cognitive = session.components.get(kind="cognitive")
    knowledge = cognitive.parts.get(kind="knowledge")
    data = {}
    for component in session.components.all():
        data[f"weight_{component.pk}"] = str(component.weight)
        data[f"min_{component.pk}"] = str(component.min_score)
        for part in component.parts.exclude(kind="score"):
            data[f"part_{part.pk}"] = str(part.weight)
    bad = client.post(f"/secretariat/exams/{session.pk}/components/", {**data, f"weight_{cognitive.pk}": "0", f"part_{knowledge.pk}": "x"})
    assert bad.status_code == 200
    assert set(bad.context["form"].errors) == {f"weight_{cognitive.pk}", f"part_{knowledge.pk}"}
    ok = client.post(f"/secretariat/exams/{session.pk}/components/", {**data, f"weight_{cognitive.pk}": "50", f"part_{knowledge.pk}": "35"})
    assert ok.status_code == 302
    knowledge.refresh_from_db(), cognitive.refresh_from_db()
    assert (cognitive.weight, knowledge.weight) == (Decimal(50), Decimal(35))

    a = make_assessor(make_user, institution="Universitas A")
    b = make_assessor(make_user, office="V", institution="Universitas B")
    page = client.get(f"/secretariat/exams/{session.pk}/assessors/").content.decode()
    assert page.index(a.user.get_full_name()) < page.index(b.user.get_full_name())  # this office's first
    assert client.post(f"/secretariat/exams/{session.pk}/assessors/", {"assessors": [a.pk, b.pk]}).status_code == 302
    assert set(session.assessors.all()) == {a, b}

    first, second, third = candidate(make_user), candidate(make_user), candidate(make_user)
    empty = client.post(f"/secretariat/exams/{session.pk}/allocate/", {})
    assert "Pilih paling sedikit satu peserta." in empty.content.decode()
    response = client.post(f"/secretariat/exams/{session.pk}/allocate/", {"applications": [first.pk, second.pk, third.pk]})
    assert response.status_code == 200
    html = response.content.decode()
    assert "1 peserta tidak mendapat kursi:" in html and "Sesi ini penuh" in html
    assert session.bookings.confirmed().count() == 2
    assert {b.assessor_id for b in session.bookings.confirmed()} <= {a.pk, b.pk}
