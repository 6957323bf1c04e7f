"""Assessor licences (No. Reg. MET): an expired registration, or one without the application's scheme,
is never offered for assignment (suggestions, bulk assignment, manual assignment, the third assessor,
exam sessions), the pages say who was left out and why; reminders 90 and 30 days before expiry, each
once; the assignment letter (surat tugas)."""

import subprocess
from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from certification.assessment import licences, services
from certification.assessment.models import AssessorLicence, Assignment, LicenceReminder, Reconciliation
from certification.models import Scheme
from portal.accounts.roles import Role
from portal.audit.models import AuditEvent
from portal.notifications.models import Notification
from registry.models import AssessorProfile

from .helpers import eligible_application, license_assessor, make_assessor, region_secretariat

pytestmark = pytest.mark.django_db


def pdf_text(data):
    return subprocess.run(["pdftotext", "-layout", "-", "-"], input=data, capture_output=True, check=True).stdout.decode()


def set_licence(user, *, until=None, schemes=None, valid_from=None):
    licence = user.assessor_profile.licence
    if until is not None:
        licence.valid_until = until
    if valid_from is not None:
        licence.valid_from = valid_from
    licence.save()
    if schemes is not None:
        licence.schemes.set(schemes)
    return licence


def names(suggestions):
    return sorted(profile.user.full_name for profile, _load in suggestions)


def test_expired_unregistered_and_unlicensed_assessors_are_not_suggested_and_the_reason_is_given(make_user):
    application = eligible_application(make_user)
    today = timezone.localdate()
    ok = make_assessor(make_user, full_name="Asesor Berlaku")
    last_day = make_assessor(make_user, full_name="Asesor Hari Terakhir")
    expired = make_assessor(make_user, full_name="Asesor Kedaluwarsa")
    other_scheme = make_assessor(make_user, full_name="Asesor Skema Lain")
    not_yet = make_assessor(make_user, full_name="Asesor Belum Berlaku")
    make_assessor(make_user, full_name="Asesor Tanpa MET", licensed=False)
    set_licence(last_day, until=today)
    set_licence(expired, until=today - timedelta(days=1))
    set_licence(other_scheme, schemes=Scheme.objects.exclude(pk=application.round.scheme_id))
    set_licence(not_yet, valid_from=today + timedelta(days=3))
    suggestions, left_out = services.assessor_options(application)
    assert names(suggestions) == ["Asesor Berlaku", "Asesor Hari Terakhir"]
    assert sorted((p.user.full_name, reason) for p, reason in left_out) == [
        ("Asesor Belum Berlaku", f"No. Reg. MET hanya berlaku mulai {date_format(today + timedelta(days=3), 'DATE_FORMAT')}"),
        ("Asesor Kedaluwarsa", f"No. Reg. MET kedaluwarsa {date_format(today - timedelta(days=1), 'DATE_FORMAT')}"),
        ("Asesor Skema Lain", "tidak terdaftar untuk skema ini"),
        ("Asesor Tanpa MET", "belum ada No. Reg. MET"),
    ]
    assert names(services.suggest_assessors(application)) == ["Asesor Berlaku", "Asesor Hari Terakhir"]
    assert ok.pk


def test_no_assignment_path_takes_an_assessor_without_a_valid_registration(make_user):
    application = eligible_application(make_user)
    secretariat = region_secretariat(make_user)
    expired = make_assessor(make_user, full_name="Asesor Kedaluwarsa")
    other_scheme = make_assessor(make_user, full_name="Asesor Skema Lain")
    set_licence(expired, until=timezone.localdate() - timedelta(days=30))
    set_licence(other_scheme, schemes=[])
    for user, reason in ((expired, "kedaluwarsa"), (other_scheme, "tidak terdaftar untuk skema ini")):
        with pytest.raises(services.AssessmentError, match=reason):
            services.assign(secretariat, application, [user])
    assert application.assignments.count() == 0
    # Bulk assignment: only the two valid ones, never the others.
    first, second = make_assessor(make_user, full_name="Asesor Satu"), make_assessor(make_user, full_name="Asesor Dua")
    done, skipped = services.bulk_assign(secretariat, application.round)
    assert (done, skipped) == (1, [])
    assert set(application.assignments.values_list("assessor_id", flat=True)) == {first.pk, second.pk}
    # The third assessor of a reconciliation.
    Reconciliation.objects.create(application=application, reason="the recommendations differ")
    admin = make_user(Role.LSP_ADMIN)
    with pytest.raises(services.AssessmentError, match="kedaluwarsa"):
        services.assign_reconciler(admin, application, expired)
    assert not application.assignments.filter(role=Assignment.Role.RECONCILER).exists()


def test_the_manual_form_shows_who_was_left_out_and_refuses_a_forged_choice(client, make_user):
    application = eligible_application(make_user)
    secretariat = region_secretariat(make_user)
    make_assessor(make_user, full_name="Asesor Berlaku")
    expired = make_assessor(make_user, full_name="Asesor Kedaluwarsa")
    until = timezone.localdate() - timedelta(days=2)
    set_licence(expired, until=until)
    client.force_login(secretariat)
    url = f"/secretariat/assessment/applications/{application.pk}/"
    page = client.get(url).content.decode()
    assert f'value="{expired.pk}"' not in page and "Asesor Berlaku" in page
    assert f"Asesor Kedaluwarsa</span> <span class=\"text-body-secondary\">· No. Reg. MET kedaluwarsa {date_format(until, 'DATE_FORMAT')}" in page
    response = client.post(url, {"assessor": [expired.pk]})
    assert response.status_code == 200
    assert "Asesor Kedaluwarsa tidak dapat ditugaskan: No. Reg. MET kedaluwarsa" in response.content.decode()
    assert application.assignments.count() == 0


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.integers(-400, 400), st.integers(-400, 400), st.booleans()), min_size=1, max_size=4))
def test_property_suggested_exactly_when_valid_today_for_the_scheme(make_user, specs):
    """Whatever the dates and schemes: suggested ⇔ valid_from ≤ today ≤ valid_until and the scheme listed;
    everyone else is left out with a reason."""
    today = timezone.localdate()
    with transaction.atomic():
        application = eligible_application(make_user)
        expected = set()
        for start, length, registered in specs:
            valid_from = today + timedelta(days=start)
            valid_until = valid_from + timedelta(days=abs(length))
            user = make_assessor(make_user)
            set_licence(user, valid_from=valid_from, until=valid_until,
                        schemes=Scheme.objects.all() if registered else Scheme.objects.exclude(pk=application.round.scheme_id))
            if valid_from <= today <= valid_until and registered:
                expected.add(user.pk)
        suggestions, left_out = services.assessor_options(application, limit=10)
        assert {p.user_id for p, _load in suggestions} == expected
        assert {p.user_id for p, _reason in left_out} == {u for u in AssessorProfile.objects.values_list("user_id", flat=True)} - expected
        transaction.set_rollback(True)


def test_suggestions_with_licences_cost_a_constant_number_of_queries(make_user, django_assert_max_num_queries):
    application = eligible_application(make_user)
    for _ in range(3):
        make_assessor(make_user)
    with django_assert_max_num_queries(9):
        services.assessor_options(application)
    for _ in range(10):
        set_licence(make_assessor(make_user), until=timezone.localdate() - timedelta(days=1))
    with django_assert_max_num_queries(9):
        suggestions, left_out = services.assessor_options(application)
    assert (len(suggestions), len(left_out)) == (3, 10)


# --- reminders ---------------------------------------------------------------------------------------------
def test_the_expiry_reminder_goes_out_at_90_and_30_days_exactly_once_each(make_user):
    today = timezone.localdate()
    user = make_assessor(make_user, full_name="Dr. Budi Santoso")
    licence = set_licence(user, until=today + timedelta(days=100))
    make_assessor(make_user)  # valid for three years: never reminded here
    sent = []
    for day in range(0, 101):
        sent.append((day, licences.remind_expiring(today=today + timedelta(days=day))))
    assert [(day, n) for day, n in sent if n] == [(10, 1), (70, 1)]  # 90 and 30 days before
    reminders = list(LicenceReminder.objects.values_list("licence_id", "days", "valid_until"))
    assert reminders == [(licence.pk, 90, licence.valid_until), (licence.pk, 30, licence.valid_until)]
    notes = list(Notification.objects.filter(template="assessment/licence_expiry").order_by("pk"))
    assert [(n.recipient_id, n.subject) for n in notes] == [
        (user.pk, "No. Reg. MET Anda berakhir dalam 90 hari"),
        (user.pk, "No. Reg. MET Anda berakhir dalam 30 hari"),
    ]
    assert licence.met_number in notes[0].body
    # A renewal (a new expiry date) starts the reminders afresh.
    licence.valid_until = today + timedelta(days=200)
    licence.save()
    assert licences.remind_expiring(today=today + timedelta(days=110)) == 1
    assert licences.remind_expiring(today=today + timedelta(days=110)) == 0


def test_a_licence_first_seen_late_gets_the_most_urgent_reminder_only_in_the_assessors_language(make_user):
    today = timezone.localdate()
    user = make_assessor(make_user, language="en")
    set_licence(user, until=today + timedelta(days=25))
    assert licences.remind_expiring(today=today) == 1
    assert licences.remind_expiring(today=today) == 0
    note = Notification.objects.get(template="assessment/licence_expiry")
    assert note.subject == "Your No. Reg. MET expires in 25 days"
    assert list(LicenceReminder.objects.values_list("days", flat=True)) == [30]


def test_the_beat_task_is_scheduled_and_runs():
    from django.conf import settings as django_settings

    from certification.assessment.tasks import remind_expiring_licences

    entry = django_settings.CELERY_BEAT_SCHEDULE["assessment-remind-expiring-licences"]
    assert entry["task"] == "certification.assessment.tasks.remind_expiring_licences"
    assert remind_expiring_licences.delay().get() == 0


# --- the assignment letter ----------------------------------------------------------------------------------
def test_the_assignment_letter_names_the_assessor_and_the_scheme(client, make_user):
    application = eligible_application(make_user)
    secretariat = region_secretariat(make_user)
    assessor = make_assessor(make_user, full_name="Dr. Ahmad Fauzi")
    (assignment,) = services.assign(secretariat, application, [assessor])
    client.force_login(assessor)
    response = client.get(f"/assessment/{assignment.pk}/surat-tugas.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "no-store" in response["Cache-Control"]
    text = pdf_text(response.content)
    assert "SURAT TUGAS" in text and "Dr. Ahmad Fauzi" in text
    assert application.round.scheme.name in text and application.reference in text
    assert assessor.assessor_profile.licence.met_number in text
    assert application.applicant.get_full_name() not in text  # the reference only: blind rounds stay blind
    assert AuditEvent.objects.filter(action="assessment.letter_download", actor=assessor).count() == 1


@pytest.mark.parametrize(
    "who, status",
    [
        ("the assessor", 200), ("the application's secretariat", 200), ("an LSP admin", 200),
        ("another assessor", 404), ("another region's secretariat", 404), ("the applicant", 404),
        ("a BALKS admin", 404), ("an LKS operator", 404),
    ],
)
def test_only_the_assessor_the_secretariat_and_lsp_admins_download_the_letter(client, make_user, who, status):
    application = eligible_application(make_user)
    secretariat = region_secretariat(make_user)
    assessor = make_assessor(make_user)
    (assignment,) = services.assign(secretariat, application, [assessor])
    users = {
        "the assessor": lambda: assessor,
        "the application's secretariat": lambda: secretariat,
        "an LSP admin": lambda: make_user(Role.LSP_ADMIN),
        "another assessor": lambda: make_assessor(make_user),
        "another region's secretariat": lambda: region_secretariat(make_user, office="V"),
        "the applicant": lambda: application.applicant,
        "a BALKS admin": lambda: make_user(Role.BALKS_ADMIN),
        "an LKS operator": lambda: make_user(Role.LKS_OPERATOR),
    }
    client.force_login(users[who]())
    assert client.get(f"/assessment/{assignment.pk}/surat-tugas.pdf").status_code == status


def test_anonymous_visitors_are_sent_to_sign_in_for_the_letter(client, make_user):
    application = eligible_application(make_user)
    (assignment,) = services.assign(region_secretariat(make_user), application, [make_assessor(make_user)])
    response = client.get(f"/assessment/{assignment.pk}/surat-tugas.pdf")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_met_number_is_unique_and_the_dates_ordered(make_user):
    from django.db import IntegrityError

    user = make_assessor(make_user)
    other = make_assessor(make_user, licensed=False)
    with pytest.raises(IntegrityError), transaction.atomic():
        license_assessor(other.assessor_profile, number=user.assessor_profile.licence.met_number)
    with pytest.raises(IntegrityError), transaction.atomic():
        AssessorLicence.objects.create(
            assessor=other.assessor_profile, met_number="MET.X", valid_from=timezone.localdate(),
            valid_until=timezone.localdate() - timedelta(days=1),
        )
