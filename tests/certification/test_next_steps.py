"""Ways forward (issue 20, item 9): a state that waits for someone's action offers it on the pages of
the application that person sees. Before, "Nyatakan memenuhi syarat" left the secretariat on the queue
with no link to assign the assessors, and the candidate recommended for the exam had none to a session."""

import re

import pytest

from certification import services
from certification.assessment import reference as rubrics
from certification.assessment import services as assessment
from certification.assessment.models import Reconciliation, RoundAssessment
from certification.exams import services as exams
from certification.models import Application
from portal.accounts.roles import Role
from tests.assessment.helpers import eligible_application, make_assessor, region_secretariat
from tests.exams.helpers import candidate, make_session

from .helpers import submitted_application

pytestmark = pytest.mark.django_db

_CARD = re.compile(r'<section class="card mb-3 next-steps".*?</section>', re.S)
_BUTTON = re.compile(r'<a class="btn [^"]*" href="([^"]+)">([^<]+)</a>')


def next_steps(html):
    """The (address, label) of each button in the page's "Langkah berikutnya" card."""
    cards = _CARD.findall(html)
    assert len(cards) <= 1
    return _BUTTON.findall(cards[0]) if cards else []


def test_declaring_eligible_offers_to_assign_the_assessors_and_the_review_page_keeps_offering_it(client, make_user):
    rubrics.load()
    application = submitted_application(make_user)
    secretariat = region_secretariat(make_user)
    services.accept_all(secretariat, application)
    client.force_login(secretariat)
    assign = f"/secretariat/assessment/applications/{application.pk}/"

    response = client.post(f"/secretariat/applications/{application.pk}/decide/", {"action": "declare_eligible"}, follow=True)

    assert response.redirect_chain == [("/secretariat/applications/", 302)]
    assert [str(m) for m in response.context["messages"]] == [
        "Selesai: Memenuhi syarat.",
        f'Berikutnya: <a href="{assign}" class="alert-link">Tugaskan asesor</a>',
    ]
    review = client.get(f"/secretariat/applications/{application.pk}/").content.decode()
    assert next_steps(review) == [(assign, "Tugaskan asesor")]
    assert "Portofolio ini menunggu asesornya." in review

    # Once its assessors are assigned, nothing waits for the secretariat.
    RoundAssessment.objects.update_or_create(round=application.round, defaults={"assessors_per_application": 1})
    assessment.assign(secretariat, Application.objects.get(pk=application.pk), [make_assessor(make_user)])
    assert next_steps(client.get(f"/secretariat/applications/{application.pk}/").content.decode()) == []


def test_the_lsp_admin_is_offered_the_reconciliation(client, make_user):
    rubrics.load()
    application = eligible_application(make_user)
    secretariat = region_secretariat(make_user)
    assessment.assign(secretariat, application, [make_assessor(make_user), make_assessor(make_user)])
    Reconciliation.objects.create(application=application, reason="Selisih total 25,00 poin")
    client.force_login(make_user(Role.LSP_ADMIN))
    page = client.get(f"/secretariat/applications/{application.pk}/").content.decode()
    assert next_steps(page) == [(f"/assessment/reconciliation/{application.pk}/", "Rekonsiliasi penilaian")]


def test_the_candidate_is_offered_a_session_then_the_booking_then_the_certificate(client, make_user):
    session = make_session(capacity=5)
    application = candidate(make_user)  # recommended for the exam
    client.force_login(application.applicant)
    status_page = f"/applications/{application.pk}/"

    assert next_steps(client.get(status_page).content.decode()) == [
        (f"/exams/applications/{application.pk}/sessions/?kind=exam", "Pilih sesi uji"),
    ]
    booking = exams.book_seat(application.applicant, application, session)
    assert next_steps(client.get(status_page).content.decode()) == [(f"/exams/bookings/{booking.pk}/", "Buka pemesanan saya")]
    Application.objects.filter(pk=application.pk).update(status="competent")
    booking.attendance = "present"
    booking.save(update_fields=["attendance"])
    assert next_steps(client.get(status_page).content.decode()) == [("/credentials/", "Buka sertifikat saya")]


def test_nothing_is_offered_to_whom_nothing_waits_for(client, make_user):
    application = submitted_application(make_user)
    client.force_login(application.applicant)
    assert next_steps(client.get(f"/applications/{application.pk}/").content.decode()) == []
    client.force_login(make_user(Role.LSP_ADMIN))
    assert next_steps(client.get(f"/secretariat/applications/{application.pk}/").content.decode()) == []
