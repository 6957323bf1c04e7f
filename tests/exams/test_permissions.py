"""Who may see and do what: region scoping (404), candidates' own bookings only, roles."""


import pytest

from certification.exams import services
from certification.exams.models import ExamBooking
from portal.accounts.roles import Role

from .helpers import candidate, later_today, make_assessor, make_session, secretariat_of

pytestmark = pytest.mark.django_db


def staff_urls(session, booking):
    return [
        f"/secretariat/exams/{session.pk}/",
        f"/secretariat/exams/{session.pk}/edit/",
        f"/secretariat/exams/{session.pk}/components/",
        f"/secretariat/exams/{session.pk}/assessors/",
        f"/secretariat/exams/{session.pk}/allocate/",
        f"/secretariat/exams/{session.pk}/check-in/",
        f"/secretariat/exams/{session.pk}/attendance-list/",
        f"/secretariat/exams/{session.pk}/plenary/",
        f"/exams/bookings/{booking.pk}/card.pdf",
    ]


def staff_posts(session, booking):
    return [
        (f"/secretariat/exams/{session.pk}/check-in/", {"code": booking.code}),
        (f"/secretariat/exams/{session.pk}/close-attendance/", {}),
        (f"/secretariat/exams/{session.pk}/allocate/", {"applications": [booking.application_id]}),
        (f"/secretariat/exams/{session.pk}/edit/", {"capacity": 1}),
        (f"/secretariat/exams/bookings/{booking.pk}/cancel/", {"reason": "x"}),
        (f"/secretariat/exams/bookings/{booking.pk}/assessor/", {"assessor": ""}),
    ]


def test_a_secretariat_of_another_region_cannot_manage_the_session(client, make_user):
    session = make_session(capacity=3, starts_in=later_today(hours=2), cutoff=0)
    application = candidate(make_user)
    booking = services.book_seat(application.applicant, application, session)
    client.force_login(secretariat_of(make_user, "V"))
    for url in staff_urls(session, booking):
        assert client.get(url).status_code == 404, url
    for url, data in staff_posts(session, booking):
        assert client.post(url, data).status_code == 404, url
    booking.refresh_from_db()
    assert (booking.status, booking.attendance) == ("confirmed", "")
    assert session.display_title not in client.get("/secretariat/exams/").content.decode()
    # The session's own secretariat reaches every page.
    client.force_login(secretariat_of(make_user, "II"))
    for url in staff_urls(session, booking):
        expected = 404 if "plenary" in url else 200  # the plenary is the LSP admin's
        assert client.get(url).status_code == expected, url


def test_candidates_see_only_their_own_bookings(client, make_user):
    session = make_session(capacity=3)
    application = candidate(make_user)
    booking = services.book_seat(application.applicant, application, session)
    other = candidate(make_user)
    client.force_login(other.applicant)
    for url in (
        f"/exams/bookings/{booking.pk}/",
        f"/exams/bookings/{booking.pk}/card.pdf",
        f"/exams/bookings/{booking.pk}/calendar.ics",
        f"/exams/applications/{application.pk}/sessions/",
        f"/secretariat/exams/{session.pk}/",
        f"/secretariat/exams/",
    ):
        assert client.get(url).status_code == 404, url
    assert client.post(f"/exams/bookings/{booking.pk}/cancel/").status_code == 404
    # Booking for someone else's application is refused.
    assert client.post(f"/exams/sessions/{session.pk}/book/", {"application": application.pk}).status_code == 404
    booking.refresh_from_db()
    assert booking.status == "confirmed"


def test_a_candidate_without_assessed_proceed_cannot_book_in_the_browser(client, make_user):
    session = make_session(capacity=3)
    application = candidate(make_user, status="in_assessment")
    client.force_login(application.applicant)
    response = client.post(f"/exams/sessions/{session.pk}/book/", {"application": application.pk}, follow=True)
    assert response.status_code == 200
    assert "Hanya peserta yang direkomendasikan mengikuti uji kompetensi yang dapat memesannya" in response.content.decode()
    assert not ExamBooking.objects.exists()
    page = client.get(f"/exams/applications/{application.pk}/sessions/").content.decode()
    assert "Hanya peserta yang direkomendasikan" in page


def test_assessors_reach_only_their_sessions_and_never_staff_pages(client, make_user):
    session = make_session(capacity=3, starts_in=later_today(), cutoff=0)
    other = make_session(capacity=3, starts_in=later_today(), cutoff=0)
    staff = secretariat_of(make_user)
    assessor = make_assessor(make_user)
    services.set_assessors(staff, session, [assessor])
    client.force_login(assessor.user)
    assert client.get(f"/secretariat/exams/{session.pk}/scoring/").status_code == 200
    assert client.get(f"/secretariat/exams/{other.pk}/scoring/").status_code == 404
    assert client.get(f"/secretariat/exams/{session.pk}/").status_code == 404
    assert client.get(f"/secretariat/exams/{session.pk}/check-in/").status_code == 404
    listing = client.get("/secretariat/exams/").content.decode()
    assert f"/secretariat/exams/{session.pk}/scoring/" in listing and f"/secretariat/exams/{other.pk}/scoring/" not in listing


def test_only_lsp_admins_open_the_plenary_and_round_rules(client, make_user):
    session = make_session(capacity=3)
    application = candidate(make_user)
    for role in (Role.SECRETARIAT, Role.BALKS_ADMIN, Role.APPLICANT):
        user = secretariat_of(make_user) if role == Role.SECRETARIAT else make_user(role)
        client.force_login(user)
        assert client.get(f"/secretariat/exams/{session.pk}/plenary/").status_code == 404
        assert client.get(f"/secretariat/exams/rounds/{application.round_id}/rules/").status_code == 404
    client.force_login(make_user(Role.LSP_ADMIN))
    assert client.get(f"/secretariat/exams/{session.pk}/plenary/").status_code == 200
    response = client.post(f"/secretariat/exams/rounds/{application.round_id}/rules/",
                           {"max_attempts": 3, "allow_other_regions": "on", "rebook_after_no_show": "on"})
    assert response.status_code == 302
    from certification.exams.models import ExamPolicy

    policy = ExamPolicy.objects.get(round=application.round)
    assert (policy.max_attempts, policy.allow_other_regions, policy.rebook_after_not_yet_competent) == (3, True, False)


def test_the_photo_is_visible_to_the_session_staff_only(client, make_user):
    session = make_session(capacity=3)
    application = candidate(make_user, province="36")  # Banten, also Regional II
    services.book_seat(application.applicant, application, session)
    photo = application.documents.get(requirement__kind="photo").document
    client.force_login(secretariat_of(make_user, "II"))
    assert client.get(f"/documents/{photo.pk}/").status_code == 200
    client.force_login(secretariat_of(make_user, "IV"))
    assert client.get(f"/documents/{photo.pk}/").status_code == 404


def test_a_booking_in_another_region_opens_only_the_photo_and_the_card_to_that_region(client, make_user):
    """The office running the session sees who comes to the door (photo, admission card); the candidate's
    CV, diploma, transcript, letters, registry papers and own library stay with their own office."""
    from certification.exams.models import ExamPolicy
    from certification.models import ApplicationDocument
    from portal.documents.services import store_upload
    from registry.models import Education, WorkerProfile
    from tests.certification.helpers import upload_for

    application = candidate(make_user)  # Jawa Barat: Regional II
    ExamPolicy.objects.create(round=application.round, allow_other_regions=True)
    booking = services.book_seat(application.applicant, application, make_session(office="III", province="34"))
    applicant = application.applicant
    items = {item.requirement.kind: item for item in application.documents.select_related("requirement", "document")}
    assert sorted(items) == ["cv", "ijazah", "photo", "recommendation", "transcript", "work_letter"]
    profile = WorkerProfile.objects.get(user=applicant)
    profile.photo = store_upload(applicant, upload_for(items["photo"].requirement, "profil.png"), kind="registry.photo", images_only=True)
    profile.save(update_fields=["photo"])
    diploma = store_upload(applicant, upload_for(items["ijazah"].requirement), kind="registry.diploma")
    Education.objects.filter(profile=profile).update(diploma=diploma)
    library = store_upload(applicant, upload_for(items["cv"].requirement, "KTP.pdf"), kind="personal")

    client.force_login(secretariat_of(make_user, "III"))
    assert client.get(f"/documents/{items['photo'].document.pk}/?inline=1").status_code == 200
    assert client.get(f"/exams/bookings/{booking.pk}/card.pdf").status_code == 200
    for kind in ("cv", "ijazah", "transcript", "work_letter", "recommendation"):
        assert client.get(f"/documents/{items[kind].document.pk}/").status_code == 404, kind
    for document in (profile.photo, diploma, library):  # not the check-in photo while the portfolio has one
        assert client.get(f"/documents/{document.pk}/").status_code == 404, document.kind

    # Without a portfolio photo, the card and check-in show the profile's: that one opens instead.
    ApplicationDocument.objects.filter(pk=items["photo"].pk).delete()
    assert client.get(f"/documents/{profile.photo_id}/?inline=1").status_code == 200
    assert client.get(f"/documents/{items['photo'].document.pk}/").status_code == 404

    # A cancelled booking opens nothing.
    ExamBooking.objects.filter(pk=booking.pk).update(status="cancelled")
    assert client.get(f"/documents/{profile.photo_id}/?inline=1").status_code == 404

    # The candidate's own office still sees the whole file.
    client.force_login(secretariat_of(make_user, "II"))
    for kind in ("cv", "ijazah", "transcript", "work_letter", "recommendation"):
        assert client.get(f"/documents/{items[kind].document.pk}/").status_code == 200, kind
