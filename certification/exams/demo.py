"""Demo data of the exam stage (idempotent): candidates recommended for the exam in Regional II
(Jawa Barat, DKI Jakarta, Banten), three sessions of the demo secretariat with bookings, a full one
with a waitlist, and an online technical briefing."""

from datetime import date, datetime, time, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from portal.accounts.roles import Role
from portal.core.demo import DEMO_DOMAIN, ensure_user
from portal.regions.models import Province

CANDIDATES = [
    ("peserta01", "Ayu Lestari Wulandari", "32", "F"),
    ("peserta02", "Bambang Prasetyo", "32", "M"),
    ("peserta03", "Citra Dewi Anggraeni", "31", "F"),
    ("peserta04", "Dedi Kurniawan", "36", "M"),
    ("peserta05", "Eka Putri Maharani", "32", "F"),
    ("peserta06", "Fajar Nugroho", "31", "M"),
    ("peserta07", "Gita Permatasari", "32", "F"),
    ("peserta08", "Hadi Santoso", "36", "M"),
]


def _at(days, hour):
    day = timezone.localdate() + timedelta(days=days)
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def _candidate(slug, name, province_code, gender, password, round_, index):
    from certification.choices import ApplicationStatus
    from certification.models import Application
    from portal.documents.services import store_upload
    from registry.models import WorkerProfile

    user = ensure_user(f"{slug}@{DEMO_DOMAIN}", full_name=name, role=Role.APPLICANT, password=password)
    province = Province.objects.get(code=province_code)
    profile, _created = WorkerProfile.objects.get_or_create(
        user=user,
        defaults={
            "full_name": name, "gender": gender, "province": province, "birth_place": province.capital,
            "birth_date": date(1985 + index, 3, 10 + index), "phone": f"08123400{index:04d}", "regency": province.capital,
            "address": f"Jl. Melati No. {index + 3}, {province.capital}",
        },
    )
    if profile.photo is None:
        try:
            from registry.demo import demo_photo

            data = demo_photo(index + 20)
            profile.photo = store_upload(user, SimpleUploadedFile("foto.png", data, content_type="image/png"), kind="registry:photo", images_only=True)
            profile.save(update_fields=["photo"])
        except Exception:  # a demo without a photo still works: the card shows a placeholder
            pass
    application = Application.objects.filter(applicant=user, round=round_).first()
    if application is None:
        application = Application.objects.create(
            applicant=user, round=round_, route=round_.scheme.routes.get(kind="standard"),
            status=ApplicationStatus.ASSESSED_PROCEED, funding_source="dinsos", funding_note="Dinas Sosial Provinsi",
            province=province, regional_office=province.regional_office, submitted_at=timezone.now() - timedelta(days=40),
        )
    return application


TUKS = [
    # (province, name, kind, address, capacity, facilities)
    ("32", "BBPPKS Regional II Bandung, Gedung Diklat Lt. 2", "mandiri",
     "Jl. Raya Lembang No. 26, Lembang, Bandung Barat", 40,
     "Dua ruang kelas (40 kursi), laboratorium komputer 30 unit untuk ujian tertulis, ruang wawancara, ruang praktik."),
    ("36", "Dinas Sosial Provinsi Banten, Aula Utama", "sewaktu",
     "Jl. Syech Nawawi Al Bantani, Kawasan KP3B, Serang", 30,
     "Aula 60 kursi, ruang wawancara disiapkan untuk hari ujian; laptop dibawa panitia."),
    ("31", "Panti Sosial Asuhan Anak Putra Utama 1", "tempat_kerja",
     "Jl. Tebet Barat Dalam Raya No. 2, Jakarta Selatan", 15,
     "Ruang pertemuan, akses langsung ke layanan untuk observasi praktik."),
]


def seed_tuks(users, log):
    """A few test sites of Regional II, each verified by the LSP admin (idempotent)."""
    from .models import Tuk, TukVerification

    admin = users.get(Role.LSP_ADMIN)
    today = timezone.localdate()
    tuks = {}
    for province_code, name, kind, address, capacity, facilities in TUKS:
        province = Province.objects.get(code=province_code)
        tuk, _created = Tuk.objects.get_or_create(
            province=province, name=name,
            defaults={"kind": kind, "address": address, "capacity": capacity, "facilities": facilities,
                      "created_by": users.get(Role.SECRETARIAT)},
        )
        if admin is not None and not tuk.verifications.exists():
            TukVerification.objects.create(
                tuk=tuk, verified_on=today - timedelta(days=30), verifier=admin, result="passed",
                valid_until=today + timedelta(days=2 * 365), notes="Verifikasi TUK oleh LSP Kemensos (data demo).",
            )
        tuks[province_code] = tuk
    log(f"exams: {len(tuks)} verified test sites (TUK)")
    return tuks


def seed(users, options, log):
    from certification.models import Round
    from registry.models import AssessorProfile

    from . import services
    from .models import ExamBooking, ExamSession, SessionKind, SessionMode

    secretariat = users[Role.SECRETARIAT]
    office = secretariat.regional_office
    round_ = Round.objects.filter(scheme__code="ps-generalis", name__contains="Gelombang I ").order_by("pk").first()
    if round_ is None or office is None:
        log("exams: no demo round; skipped")
        return
    applications = [
        _candidate(slug, name, province, gender, options.get("password"), round_, index)
        for index, (slug, name, province, gender) in enumerate(CANDIDATES)
    ]
    jabar, banten, jakarta = (Province.objects.get(code=c) for c in ("32", "36", "31"))
    tuks = seed_tuks(users, log)
    specs = [
        dict(title="Uji Kompetensi Pekerja Sosial Generalis — Bandung", province=jabar, kind=SessionKind.EXAM, tuk=tuks["32"],
             venue_name="BBPPKS Regional II Bandung, Gedung Diklat Lt. 2",
             venue_address="Jl. Raya Lembang No. 26, Lembang, Bandung Barat",
             map_url="https://www.openstreetmap.org/search?query=BBPPKS%20Bandung",
             starts_at=_at(10, 8), ends_at=_at(10, 16), capacity=25),
        dict(title="Uji Kompetensi Pekerja Sosial Generalis — Serang", province=banten, kind=SessionKind.EXAM, tuk=tuks["36"],
             venue_name="Dinas Sosial Provinsi Banten, Aula Utama",
             venue_address="Jl. Syech Nawawi Al Bantani, Kawasan KP3B, Serang",
             map_url="https://www.openstreetmap.org/search?query=KP3B%20Serang",
             starts_at=_at(17, 8), ends_at=_at(17, 15), capacity=3),
        dict(title="Bimbingan Teknis Uji Kompetensi (daring)", province=jakarta, kind=SessionKind.BRIEFING,
             mode=SessionMode.ONLINE, meeting_url="https://meet.example.test/bimtek-regional-ii",
             starts_at=_at(5, 9), ends_at=_at(5, 12), capacity=100),
    ]
    sessions = []
    for spec in specs:
        session, created = ExamSession.objects.get_or_create(
            title=spec["title"], regional_office=office,
            defaults={**spec, "scheme": round_.scheme, "created_by": secretariat,
                      "instructions": "Datang 30 menit sebelum mulai. Bawa KTP asli dan kartu peserta (cetak atau di ponsel)."},
        )
        if created:
            services.create_default_components(session)
        elif spec.get("tuk") is not None and session.tuk_id is None:
            ExamSession.objects.filter(pk=session.pk).update(tuk=spec["tuk"])  # demo data from before test sites
        sessions.append(session)
    bandung, serang, briefing = sessions
    assessors = list(AssessorProfile.objects.filter(regional_office=office, is_active=True)[:2])
    if assessors and not bandung.assessors.exists():
        services.set_assessors(secretariat, bandung, assessors)
        services.set_assessors(secretariat, serang, assessors)

    def place(application, session, waitlist=False):
        if ExamBooking.objects.live().filter(application=application, kind=session.kind).exists():
            return
        try:
            services.book_seat(secretariat, application, session, waitlist=waitlist)
        except services.ExamError as error:
            log(f"exams: {application.applicant.email}: {error}")

    for application in applications[:4]:
        place(application, bandung)
    for application in applications[4:7]:
        place(application, serang)
    place(applications[7], serang, waitlist=True)
    for application in applications[:5]:
        place(application, briefing)
    seed_belum_kompeten(users, options, log, round_, tuks["32"], assessors)
    log(f"exams: {ExamSession.objects.filter(regional_office=office).count()} sessions in {office.code}, "
        f"{ExamBooking.objects.filter(session__regional_office=office).live().count()} live bookings")


#: The demo candidate the plenary declared Belum Kompeten five days ago: she may appeal (portal.appeals).
WEAK_SCORES = {"portfolio": 60, "knowledge": 50, "values": 55, "skills": 52, "practical": 58}


def seed_belum_kompeten(users, options, log, round_, tuk, assessors):
    """A past exam in Bandung with one candidate, scored and decided *Belum Kompeten* by the demo LSP admin,
    through the services (booked, checked in, scored, plenary); then moved five days back. Idempotent."""
    from decimal import Decimal

    from certification.choices import ApplicationStatus

    from . import services
    from .models import ExamBooking, ExamSession, SessionKind

    application = _candidate("peserta09", "Indah Sari Rahayu", "32", "F", options.get("password"), round_, 8)
    if application.status != ApplicationStatus.ASSESSED_PROCEED or not assessors:
        return
    secretariat, admin = users[Role.SECRETARIAT], users[Role.LSP_ADMIN]
    now = timezone.now()
    session = ExamSession.objects.create(
        title="Uji Kompetensi Pekerja Sosial Generalis — Bandung (gelombang lalu)", regional_office=secretariat.regional_office,
        province=tuk.province, kind=SessionKind.EXAM, tuk=tuk, scheme=round_.scheme, created_by=secretariat,
        venue_name=tuk.name, venue_address=tuk.address, starts_at=now + timedelta(minutes=5),
        ends_at=now + timedelta(hours=6), capacity=10, cancel_cutoff_hours=0,
    )
    services.create_default_components(session)
    services.set_assessors(secretariat, session, assessors[:1])
    booking = services.book_seat(secretariat, application, session)
    ExamSession.objects.filter(pk=session.pk).update(starts_at=now - timedelta(minutes=30))
    session.refresh_from_db()
    from .extensions import prepare_check_in

    prepare_check_in(booking)  # e.g. the assessment agreement (FR.AK.01), confirmed by candidate and assessor
    services.check_in(secretariat, session, booking.code)
    booking = ExamBooking.objects.get(pk=booking.pk)
    values = {}
    for component in services.applicable_components(list(session.components.prefetch_related("parts")), application):
        for part in component.parts.all():
            key = component.kind if part.kind == "score" else part.kind
            if key in WEAK_SCORES:
                values[part.pk] = Decimal(WEAK_SCORES[key])
    services.save_scores(assessors[0].user, booking, values)
    services.close_attendance(secretariat, session)
    booking.refresh_from_db()
    services.hold_plenary(admin, session, [services.Decision(
        booking, "not_yet_competent", feedback="Perdalam asesmen risiko dan dokumentasi kasus; ujian praktik belum memenuhi.",
    )])
    past = timedelta(days=5)
    ExamSession.objects.filter(pk=session.pk).update(
        starts_at=session.starts_at - past, ends_at=session.ends_at - past, plenary_at=now - past)
    ExamBooking.objects.filter(pk=booking.pk).update(decided_at=now - past)
    log(f"exams: {application.applicant.email} declared Belum Kompeten five days ago (may appeal)")
