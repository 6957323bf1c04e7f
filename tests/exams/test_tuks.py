"""Test sites (TUK): an exam in person takes place at a TUK whose last verification passed and holds
on the session's day — the session form says why not beside the field, the service refuses too; the
register is scoped (the secretariat its provinces, LSP admins all), bad input stays with its errors."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.formats import date_format

from certification.exams import services
from certification.exams.models import ExamSession, Tuk, TukVerification
from certification.models import Scheme
from portal.accounts.roles import Role
from portal.audit.models import AuditEvent
from portal.regions.models import Province, RegionalOffice

from .helpers import make_session, make_tuk, secretariat_of
from .test_views import local, session_data

pytestmark = pytest.mark.django_db


def new_session(tuk, *, starts_in=timedelta(days=14), kind="exam", mode="in_person"):
    starts = timezone.now() + starts_in
    return ExamSession(
        regional_office=RegionalOffice.objects.get(code="II"), kind=kind, mode=mode, scheme=Scheme.objects.get(code="ps-generalis"),
        province=tuk.province if tuk else Province.objects.get(code="32"), tuk=tuk, starts_at=starts,
        ends_at=starts + timedelta(hours=6), capacity=20,
    )


@pytest.mark.parametrize(
    "case, reason",
    [
        ("unverified", "belum diverifikasi oleh LSP"),
        ("failed", "menyatakan tidak memenuhi persyaratan"),
        ("expired", "verifikasinya kedaluwarsa"),
        ("lapses before the session", "sebelum sesi"),
    ],
)
def test_a_tuk_without_a_valid_verification_cannot_host_a_session_form_and_service(client, make_user, case, reason):
    staff = secretariat_of(make_user)
    tuk = {
        "unverified": lambda: make_tuk(verified=False),
        "failed": lambda: make_tuk(result="failed"),
        "expired": lambda: make_tuk(verified_ago=timedelta(days=400), valid_for=timedelta(days=365)),
        "lapses before the session": lambda: make_tuk(verified_ago=timedelta(days=10), valid_for=timedelta(days=12)),
    }[case]()
    # The form: the reason beside the TUK field, what was typed kept, nothing saved.
    client.force_login(staff)
    response = client.post("/secretariat/exams/new/", session_data(tuk=tuk.pk, title="Uji Bandung Mei"))
    assert response.status_code == 200
    errors = response.context["form"].errors["tuk"]
    assert len(errors) == 1 and errors[0].startswith(f"{tuk.name} tidak dapat menjadi tempat uji: ") and reason in errors[0]
    assert 'value="Uji Bandung Mei"' in response.content.decode()
    # The service, called directly.
    with pytest.raises(services.ExamError, match=reason):
        services.save_session(staff, new_session(tuk))
    assert ExamSession.objects.count() == 0


def test_a_failed_verification_after_a_passed_one_decides(make_user):
    staff = secretariat_of(make_user)
    tuk = make_tuk()
    services.save_session(staff, new_session(tuk))  # passes
    services.record_verification(make_user(Role.LSP_ADMIN), tuk, verified_on=timezone.localdate(), result="failed",
                                 notes="Lab komputer rusak.")
    with pytest.raises(services.ExamError, match="tidak memenuhi persyaratan"):
        services.save_session(staff, new_session(tuk))
    assert ExamSession.objects.count() == 1
    assert [s.pk for s in services.sessions_at_risk(tuk)] == [ExamSession.objects.get().pk]


def test_a_session_at_a_valid_tuk_takes_its_venue_and_city(client, make_user):
    staff = secretariat_of(make_user)
    tuk = make_tuk(province="36", name="Dinas Sosial Provinsi Banten, Aula Utama")
    client.force_login(staff)
    response = client.post("/secretariat/exams/new/", session_data(tuk=tuk.pk, venue_name="", venue_address=""))
    assert response.status_code == 302
    session = ExamSession.objects.get()
    assert (session.tuk, session.venue_name, session.venue_address, session.city) == (
        tuk, tuk.name, tuk.address, "Serang"
    )
    event = AuditEvent.objects.get(action="exams.session_create")
    assert event.after["tuk"] == tuk.pk


def test_an_exam_in_person_needs_a_tuk_and_the_city_of_the_tuk(client, make_user):
    client.force_login(secretariat_of(make_user))
    response = client.post("/secretariat/exams/new/", session_data(province=Province.objects.get(code="32").pk))
    assert response.context["form"].errors["tuk"] == ["Uji tatap muka berlangsung di Tempat Uji Kompetensi (TUK): pilih salah satu."]
    tuk = make_tuk(province="36", name="Aula Serang")
    response = client.post("/secretariat/exams/new/", session_data(tuk=tuk.pk, province=Province.objects.get(code="32").pk))
    assert response.context["form"].errors["tuk"] == ["Aula Serang berada di Banten: pilih kota itu untuk sesi ini."]
    # A TUK of another regional office is not even a choice.
    far = make_tuk(province="73", name="BBPPKS Makassar")
    response = client.post("/secretariat/exams/new/", session_data(tuk=far.pk))
    assert "tuk" in response.context["form"].errors
    # Online sessions and briefings need no TUK.
    online = client.post("/secretariat/exams/new/", session_data(mode="online", meeting_url="https://meet.example.test/x",
                                                                 province=Province.objects.get(code="32").pk))
    briefing = client.post("/secretariat/exams/new/", session_data(kind="briefing", province=Province.objects.get(code="32").pk))
    assert (online.status_code, briefing.status_code) == (302, 302)
    assert list(ExamSession.objects.values_list("tuk", flat=True)) == [None, None]


def test_a_session_from_before_test_sites_keeps_its_typed_venue_until_its_place_changes(client, make_user):
    session = make_session()  # venue typed, no TUK: sessions saved before the register existed
    staff = secretariat_of(make_user)
    client.force_login(staff)
    data = session_data(province=session.province_id, starts_at=local(session.starts_at), ends_at=local(session.ends_at),
                        venue_name=session.venue_name, venue_address=session.venue_address, map_url=session.map_url,
                        instructions="Bawa pulpen.")
    assert client.post(f"/secretariat/exams/{session.pk}/edit/", data).status_code == 302
    unverified = make_tuk(verified=False, name="Aula Baru")
    response = client.post(f"/secretariat/exams/{session.pk}/edit/", {**data, "tuk": unverified.pk})
    assert "belum diverifikasi oleh LSP" in response.context["form"].errors["tuk"][0]
    session.refresh_from_db()
    assert (session.tuk_id, session.instructions) == (None, "Bawa pulpen.")


def test_the_service_guards_the_place_whoever_calls_it(make_user):
    staff = secretariat_of(make_user)
    tuk = make_tuk()
    with pytest.raises(PermissionDenied):
        services.save_session(secretariat_of(make_user, code="V"), new_session(tuk))
    with pytest.raises(services.ExamError, match="pilih salah satu"):
        services.save_session(staff, new_session(None))
    saved = services.save_session(staff, new_session(tuk))
    assert saved.components.count() == 5 and saved.venue_name == tuk.name


# --- the register ------------------------------------------------------------------------------------
def test_the_register_is_scoped_and_records_verifications(client, make_user, django_assert_max_num_queries):
    make_tuk(name="TUK Bandung")
    makassar = make_tuk(province="73", name="TUK Makassar", verified=False)
    staff = secretariat_of(make_user)
    admin = make_user(Role.LSP_ADMIN)
    client.force_login(staff)
    with django_assert_max_num_queries(12):
        page = client.get("/secretariat/exams/tuk/").content.decode()
    assert "TUK Bandung" in page and "TUK Makassar" not in page and "terverifikasi sampai" in page
    assert client.get(f"/secretariat/exams/tuk/{makassar.pk}/").status_code == 404
    assert client.get(f"/secretariat/exams/tuk/{makassar.pk}/edit/").status_code == 404
    client.force_login(admin)
    page = client.get("/secretariat/exams/tuk/").content.decode()
    assert "TUK Bandung" in page and "TUK Makassar" in page and "belum diverifikasi oleh LSP" in page
    for _ in range(5):
        make_tuk(name=f"TUK {_}", province="31")
    with django_assert_max_num_queries(12):
        client.get("/secretariat/exams/tuk/")
    until = timezone.localdate() + timedelta(days=700)
    response = client.post(f"/secretariat/exams/tuk/{makassar.pk}/", {
        "verified_on": timezone.localdate().isoformat(), "result": "passed", "valid_until": until.isoformat(),
        "notes": "Ruang dan komputer sesuai.",
    })
    assert response.status_code == 302
    verification = TukVerification.objects.get(tuk=makassar)
    assert (verification.verifier, verification.valid_until) == (admin, until)
    assert services.tuk_problem(makassar) is None
    assert AuditEvent.objects.filter(action="exams.tuk_verify", actor=admin).count() == 1


@pytest.mark.parametrize(
    "role, status",
    [("secretariat", 200), ("lsp_admin", 200), ("assessor", 404), ("applicant", 404), ("balks_admin", 404),
     ("lks_operator", 404), ("other secretariat", 404)],
)
def test_who_opens_the_register(client, make_user, role, status):
    tuk = make_tuk()
    user = secretariat_of(make_user) if role == "secretariat" else (
        secretariat_of(make_user, code="V") if role == "other secretariat" else make_user(role))
    client.force_login(user)
    detail = client.get(f"/secretariat/exams/tuk/{tuk.pk}/").status_code
    listing = client.get("/secretariat/exams/tuk/").status_code
    assert detail == status
    assert listing == (200 if role in ("secretariat", "lsp_admin", "other secretariat") else 404)


def test_bad_tuk_input_stays_with_its_errors(client, make_user):
    staff = secretariat_of(make_user)
    client.force_login(staff)
    response = client.post("/secretariat/exams/tuk/new/", {
        "name": "Aula Dinsos", "kind": "sewaktu", "province": Province.objects.get(code="73").pk,
        "address": "", "capacity": "0", "map_url": "ftp://x",
    })
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert set(errors) == {"province", "address", "capacity", "map_url"}
    assert errors["capacity"] == ["Paling sedikit satu peserta."]
    assert 'value="Aula Dinsos"' in response.content.decode()
    response = client.post("/secretariat/exams/tuk/new/", {
        "name": "Aula Dinsos", "kind": "sewaktu", "province": Province.objects.get(code="32").pk,
        "address": "Jl. Soekarno-Hatta 1", "capacity": "30", "facilities": "Aula",
    })
    tuk = Tuk.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/secretariat/exams/tuk/{tuk.pk}/"
    future = (timezone.localdate() + timedelta(days=1)).isoformat()
    response = client.post(f"/secretariat/exams/tuk/{tuk.pk}/", {"verified_on": future, "result": "passed", "valid_until": "",
                                                                  "notes": "catatan"})
    errors = response.context["form"].errors
    assert errors["verified_on"] == ["Tanggal verifikasi tidak boleh di masa depan."]
    assert errors["valid_until"] == ["Verifikasi yang memenuhi syarat memerlukan tanggal berlakunya."]
    assert "catatan" in response.content.decode()
    garbage = client.post(f"/secretariat/exams/tuk/{tuk.pk}/", {"verified_on": "kemarin", "result": "x", "valid_until": "??"})
    assert garbage.status_code == 200 and set(garbage.context["form"].errors) == {"verified_on", "result", "valid_until"}
    assert TukVerification.objects.count() == 0


# --- assessors of a session need a No. Reg. MET valid on its day for its scheme --------------------------
def test_session_assessors_need_a_registration_valid_on_the_session_day(client, make_user):
    from certification.exams.forms import AssessorsForm

    from .helpers import make_assessor

    session = make_session(starts_in=timedelta(days=20))
    staff = secretariat_of(make_user)
    ok = make_assessor(make_user, full_name="Asesor Berlaku")
    lapses = make_assessor(make_user, full_name="Asesor Habis Sebelum Uji")
    other = make_assessor(make_user, full_name="Asesor Skema Lain")
    until = timezone.localdate() + timedelta(days=5)
    lapses.licence.valid_until = until
    lapses.licence.save()
    other.licence.schemes.set(Scheme.objects.exclude(pk=session.scheme_id))
    form = AssessorsForm(session=session)
    assert list(form.fields["assessors"].queryset) == [ok]
    assert sorted((p.user.full_name, reason) for p, reason in form.left_out) == [
        ("Asesor Habis Sebelum Uji", f"No. Reg. MET kedaluwarsa {date_format(until, 'DATE_FORMAT')}"),
        ("Asesor Skema Lain", "tidak terdaftar untuk skema ini"),
    ]
    client.force_login(staff)
    page = client.get(f"/secretariat/exams/{session.pk}/assessors/").content.decode()
    assert "Asesor Skema Lain</span> <span class=\"text-body-secondary\">· tidak terdaftar untuk skema ini" in page
    response = client.post(f"/secretariat/exams/{session.pk}/assessors/", {"assessors": [lapses.pk]})
    assert response.status_code == 200 and "assessors" in response.context["form"].errors
    with pytest.raises(services.ExamError, match="Asesor Habis Sebelum Uji"):
        services.set_assessors(staff, session, [ok, lapses])
    assert list(session.assessors.all()) == []
    services.set_assessors(staff, session, [ok])
    assert list(session.assessors.all()) == [ok]
