"""Synthetic workers in bulk, for load tests and the search benchmark (`seed_demo --workers N`).

Each synthetic worker is a real row set: an account (unusable password, `wNNNNNNN@synthetic.test`),
a profile with a valid NIK that matches its birth date and gender, one education, one job and, for
some, one training; the derived totals are computed by the same `totals.compute` the site uses.

PostgreSQL: rows go in with COPY (psycopg 3 `cursor.copy`), ids are reserved from the sequences up
front, the registry's secondary indexes are dropped during the load and rebuilt after it, then the
tables are analysed. A million workers take a few minutes. Other databases: `bulk_create` batches.

Synthetic NIKs use district codes 80–99, which the hand-made demo data never uses, so the two never
collide; among themselves they are unique for the first 5,999,400 synthetic workers.
"""

import datetime
import random
import time
from types import SimpleNamespace

from django.db import connection, transaction
from django.utils import timezone

from portal.accounts.models import User
from portal.accounts.roles import Role
from portal.regions.models import Province

from . import nik as nik_rules
from . import totals as totals_rules
from .choices import CertificationStatus, Gender, RoleType
from .models import Education, Employment, Training, WorkerProfile, normalize_name

DOMAIN = "synthetic.test"
BATCH = 5000

FIRST_F = (
    "Siti Nur Dewi Sri Rina Ayu Fitri Putri Wulan Indah Ratna Yuli Nurul Lestari Maya Dian Sari Eka Kartika Ani "
    "Ratih Novi Wahyuni Nining Lina Yanti Endang Sulastri Rahmawati Desi Anisa Intan Mega Rosa Maria Ni Luh "
    "Made Ketut Theresia Agustina Elisabeth Fransiska Yohana Hasanah Aminah Khadijah Fatimah Laila Zahra Nabila"
).split()
FIRST_M = (
    "Ahmad Muhammad Budi Agus Andi Rudi Hendra Dedi Eko Joko Bambang Wahyu Rizky Fajar Dimas Arief Yusuf Hadi "
    "Irfan Taufik Fauzi Hasan Ilham Rahmat Slamet Sutrisno Suharto Gede Wayan Nyoman Komang Yohanes Paulus "
    "Petrus Markus Stefanus Daniel Samuel Abdul Umar Ali Reza Doni Teguh Imam Syahrul Anwar Bayu Galih"
).split()
LAST = (
    "Saputra Pratama Wijaya Santoso Hidayat Nugroho Kurniawan Setiawan Lestari Rahmawati Siregar Nasution "
    "Harahap Lubis Simanjuntak Sitompul Hutapea Manurung Pohan Tanjung Sinaga Panjaitan Sembiring Ginting "
    "Tarigan Wibowo Susanto Hartono Suryadi Purnomo Utomo Gunawan Halim Permana Ramadhan Firmansyah Syahputra "
    "Daulay Matondang Nainggolan Pane Rangkuti Batubara Wenda Kogoya Tabuni Wonda Rumbiak Mandacan Latuconsina "
    "Pattimura Tuasikal Makatita Lumban Tobing Sihombing Pakpahan Rumondor Mamahit Sondakh Tumbelaka Lasut Paputungan "
    "Mokoginta Daeng Mappa Bachtiar Amiruddin Syamsuddin Lamba Pasaribu Marpaung Hutagalung Samosir"
).split()

# Rough populations (millions): busier provinces have more workers.
PROVINCE_WEIGHTS = {
    "11": 5.4, "12": 15.1, "13": 5.6, "14": 6.6, "15": 3.6, "16": 8.7, "17": 2.0, "18": 9.1, "19": 1.5, "21": 2.1,
    "31": 10.7, "32": 49.9, "33": 37.5, "34": 3.7, "35": 41.4, "36": 12.3, "51": 4.3, "52": 5.5, "53": 5.5,
    "61": 5.5, "62": 2.7, "63": 4.1, "64": 3.9, "65": 0.7, "71": 2.6, "72": 3.0, "73": 9.2, "74": 2.7, "75": 1.2,
    "76": 1.4, "81": 1.9, "82": 1.3, "91": 1.0, "92": 0.6, "93": 0.5, "94": 1.4, "95": 1.4, "96": 0.6,
}
EDUCATION_WEIGHTS = {"SMA": 10, "SMK": 15, "D3": 15, "D4": 5, "S1": 45, "S2": 9, "S3": 1}
ROLE_WEIGHTS = {
    RoleType.PKH: 30, RoleType.TKSK: 20, RoleType.LKS_STAFF: 20, RoleType.SAKTI_PEKSOS: 8,
    RoleType.ASN_COUNSELLOR: 7, RoleType.VOLUNTEER: 10, RoleType.OTHER: 5,
}
STATUS_WEIGHTS = {
    CertificationStatus.NONE: 70, CertificationStatus.IN_PROCESS: 10, CertificationStatus.CERTIFIED: 17,
    CertificationStatus.EXPIRED: 3,
}
SOCIAL_WORK_SCHOOLS = [
    ("Politeknik Kesejahteraan Sosial Bandung", "Pekerjaan Sosial"),
    ("Universitas Padjadjaran", "Kesejahteraan Sosial"),
    ("Universitas Indonesia", "Ilmu Kesejahteraan Sosial"),
    ("UIN Sunan Kalijaga Yogyakarta", "Ilmu Kesejahteraan Sosial"),
    ("Universitas Muhammadiyah Malang", "Kesejahteraan Sosial"),
    ("Universitas Sumatera Utara", "Kesejahteraan Sosial"),
    ("Universitas Hasanuddin", "Kesejahteraan Sosial"),
    ("SMK Negeri 2 Bandung", "Pekerjaan Sosial"),
]
OTHER_SCHOOLS = [
    ("Universitas Negeri Jakarta", "Pendidikan Luar Sekolah"),
    ("Universitas Airlangga", "Psikologi"),
    ("Universitas Diponegoro", "Sosiologi"),
    ("Universitas Terbuka", "Administrasi Negara"),
    ("SMA Negeri 1", "IPS"),
    ("Universitas Nusa Cendana", "Ilmu Pemerintahan"),
]
EMPLOYERS = {
    RoleType.PKH: "Kementerian Sosial RI (PKH) {capital}",
    RoleType.TKSK: "Dinas Sosial {capital}",
    RoleType.LKS_STAFF: "LKSA Yayasan Kasih Bunda {capital}",
    RoleType.SAKTI_PEKSOS: "Sentra Kementerian Sosial {capital}",
    RoleType.ASN_COUNSELLOR: "Dinas Sosial Provinsi {province}",
    RoleType.VOLUNTEER: "Taruna Siaga Bencana {capital}",
    RoleType.OTHER: "Yayasan Peduli Sesama {capital}",
}
POSITIONS = {
    RoleType.PKH: "Pendamping Sosial PKH",
    RoleType.TKSK: "Tenaga Kesejahteraan Sosial Kecamatan",
    RoleType.LKS_STAFF: "Pengasuh",
    RoleType.SAKTI_PEKSOS: "Pekerja Sosial",
    RoleType.ASN_COUNSELLOR: "Penyuluh Sosial",
    RoleType.VOLUNTEER: "Relawan",
    RoleType.OTHER: "Staf Program",
}
TRAININGS = [
    ("Pelatihan Dasar Pekerjaan Sosial", "BBPPKS", 120),
    ("Bimbingan Teknis Pendampingan PKH", "Kementerian Sosial RI", 40),
    ("Pelatihan Manajemen Kasus", "Politeknik Kesejahteraan Sosial Bandung", 60),
    ("Pelatihan Dukungan Psikososial", "Palang Merah Indonesia", 24),
]


def _weighted(rng, weights):
    keys = list(weights)
    return rng.choices(keys, weights=[weights[k] for k in keys])


def synthetic_nik(province_code, birth_date, female, index):
    """Regency 01–30 and district 80–99 cycle fastest (so every NIK prefix a person would type finds
    people), then the serial: unique for the first 30 × 20 × 9,999 = 5,999,400 indexes."""
    regency = index % 30 + 1
    district = 80 + (index // 30) % 20
    serial = (index // 600) % 9999 + 1
    return f"{province_code}{regency:02d}{district:02d}{nik_rules.encode_date_segment(birth_date, female)}{serial:04d}"


def generate(start_index, count, provinces, *, seed=2026, today=None):
    """Yield (user, profile, education, employment, training|None) dicts for synthetic workers."""
    today = today or datetime.date.today()
    rng = random.Random(seed + start_index)
    codes = [code for code in PROVINCE_WEIGHTS if code in provinces]
    province_pick = rng.choices(codes, weights=[PROVINCE_WEIGHTS[c] for c in codes], k=count)
    now = timezone.now()
    for offset in range(count):
        index = start_index + offset
        province = provinces[province_pick[offset]]
        female = rng.random() < 0.58
        first = rng.choice(FIRST_F if female else FIRST_M)
        second = rng.choice(FIRST_F if female else FIRST_M) if rng.random() < 0.35 else ""
        name = " ".join(part for part in (first, second, rng.choice(LAST)) if part)
        birth = datetime.date(rng.randint(1962, 2003), rng.randint(1, 12), rng.randint(1, 28))
        level = _weighted(rng, EDUCATION_WEIGHTS)[0]
        social_work = rng.random() < 0.35
        school, programme = rng.choice(SOCIAL_WORK_SCHOOLS if social_work else OTHER_SCHOOLS)
        grad_year = min(today.year, birth.year + {"SMA": 18, "SMK": 18, "D3": 21, "D4": 22, "S1": 22, "S2": 25, "S3": 30}[level] + rng.randint(0, 3))
        role = _weighted(rng, ROLE_WEIGHTS)[0]
        start = datetime.date(max(grad_year, birth.year + 18), rng.randint(1, 12), 1)
        if start > today:
            start = today - datetime.timedelta(days=rng.randint(30, 700))
        ended = rng.random() < 0.2
        end = min(today, start + datetime.timedelta(days=rng.randint(200, 3000))) if ended else None
        hours_per_week = rng.choice((20, 25, 30, 35, 40, 40, 40))
        education = SimpleNamespace(
            level=level, institution=school, study_programme=programme, graduation_year=grad_year,
            social_work=social_work,
        )
        employment = SimpleNamespace(
            employer=EMPLOYERS[role].format(capital=province.capital, province=province.name),
            position=POSITIONS[role], role_type=role, start_date=start, end_date=end,
            hours_per_week=hours_per_week, pk=None,
        )
        training = None
        if rng.random() < 0.4:
            title, organiser, hours = rng.choice(TRAININGS)
            training = SimpleNamespace(title=title, organiser=organiser, hours=hours, year=max(start.year, min(today.year, start.year + rng.randint(0, 5))))
        result = totals_rules.compute([education], [employment], [training] if training else [], today=today)
        created = now - datetime.timedelta(days=rng.randint(0, 3650), seconds=rng.randint(0, 86400))
        yield {
            "user": {"email": f"w{index:07d}@{DOMAIN}", "full_name": name, "date_joined": created},
            "profile": {
                "nik": synthetic_nik(province.code, birth, female, index),
                "full_name": name,
                "name_search": normalize_name(name),
                "birth_place": province.capital,
                "birth_date": birth,
                "gender": Gender.FEMALE if female else Gender.MALE,
                "phone": f"08{rng.randint(1100000000, 9899999999)}",
                "province_id": province.pk,
                "regency": province.capital,
                "address": f"Jl. Merdeka No. {rng.randint(1, 200)}",
                "highest_education": result.highest_education,
                "social_work_education": result.social_work_education,
                "role_type": result.role_type,
                "employer": result.employer,
                "practice_years": result.practice_years,
                "practice_hours": result.practice_hours,
                "training_hours": result.training_hours,
                "certification_status": _weighted(rng, STATUS_WEIGHTS)[0],
                "created_at": created,
            },
            "education": vars(education),
            "employment": {k: v for k, v in vars(employment).items() if k != "pk"},
            "training": vars(training) if training else None,
        }


def existing_count():
    return User.objects.filter(email__endswith="@" + DOMAIN).count()


def ensure_synthetic_workers(target, log=print, *, drop_indexes=None):
    """Bring the number of synthetic workers up to `target`. Returns how many were added.
    `drop_indexes` (PostgreSQL): rebuild the secondary indexes after the load instead of maintaining
    them row by row; by default only for loads of 50,000 rows or more."""
    have = existing_count()
    missing = target - have
    if missing <= 0:
        log(f"registry: {have} synthetic workers already present (asked for {target}).")
        return 0
    provinces = {p.code: p for p in Province.objects.all()}
    started = time.monotonic()
    log(f"registry: adding {missing} synthetic workers ({have} present)…")
    rows = generate(have + 1, missing, provinces)
    if connection.vendor == "postgresql":
        _copy_postgresql(rows, missing, log, drop_indexes=missing >= 50_000 if drop_indexes is None else drop_indexes)
    else:
        _bulk_create(rows, log)
    log(f"registry: {missing} synthetic workers added in {time.monotonic() - started:.0f} s.")
    return missing


# ---- PostgreSQL: COPY --------------------------------------------------------------------------
USER_COLUMNS = ("id", "password", "is_superuser", "email", "full_name", "role", "language", "is_active", "is_staff", "date_joined")
PROFILE_COLUMNS = (
    "id", "user_id", "nik", "full_name", "name_search", "birth_place", "birth_date", "gender", "phone", "province_id",
    "regency", "address", "str_number", "highest_education", "social_work_education", "role_type", "employer",
    "practice_years", "practice_hours", "training_hours", "certification_status", "created_at", "updated_at",
)
EDUCATION_COLUMNS = ("profile_id", "level", "institution", "study_programme", "graduation_year", "social_work")
EMPLOYMENT_COLUMNS = ("profile_id", "employer", "position", "role_type", "start_date", "end_date", "hours_per_week")
TRAINING_COLUMNS = ("profile_id", "title", "organiser", "hours", "year")
REGISTRY_TABLES = [m._meta.db_table for m in (WorkerProfile, Education, Employment, Training)]


def _reserve_ids(cursor, table, count):
    """Move the table's id sequence `count` ahead; return the first reserved id."""
    cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [table])
    sequence = cursor.fetchone()[0]
    cursor.execute(f"LOCK TABLE {connection.ops.quote_name(table)} IN SHARE ROW EXCLUSIVE MODE")
    cursor.execute(
        f"SELECT setval(%s, GREATEST((SELECT COALESCE(MAX(id), 0) FROM {connection.ops.quote_name(table)}), "
        f"(SELECT last_value FROM {sequence})) + %s)",
        [sequence, count],
    )
    return cursor.fetchone()[0] - count + 1


def _secondary_indexes(cursor, table):
    cursor.execute(
        """
        SELECT i.relname, pg_get_indexdef(i.oid)
        FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
        WHERE t.relname = %s AND NOT x.indisprimary AND NOT x.indisunique
        """,
        [table],
    )
    return cursor.fetchall()


def _copy_postgresql(rows, count, log, *, drop_indexes):
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
        first_user = _reserve_ids(cursor, User._meta.db_table, count)
        first_profile = _reserve_ids(cursor, WorkerProfile._meta.db_table, count)
        dropped = []
        if drop_indexes:
            for table in REGISTRY_TABLES:
                for name, definition in _secondary_indexes(cursor, table):
                    cursor.execute(f"DROP INDEX {connection.ops.quote_name(name)}")
                    dropped.append((name, definition))
            log(f"registry: dropped {len(dropped)} secondary indexes for the load")
        now = timezone.now()
        raw = cursor.cursor
        users, profiles, educations, employments, trainings = [], [], [], [], []

        def flush():
            for table, columns, batch in (
                (User._meta.db_table, USER_COLUMNS, users),
                (WorkerProfile._meta.db_table, PROFILE_COLUMNS, profiles),
                (Education._meta.db_table, EDUCATION_COLUMNS, educations),
                (Employment._meta.db_table, EMPLOYMENT_COLUMNS, employments),
                (Training._meta.db_table, TRAINING_COLUMNS, trainings),
            ):
                if batch:
                    with raw.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                        for row in batch:
                            copy.write_row(row)
                    batch.clear()

        for offset, worker in enumerate(rows):
            user_id, profile_id = first_user + offset, first_profile + offset
            u, p = worker["user"], worker["profile"]
            users.append((user_id, "!synthetic", False, u["email"], u["full_name"], Role.APPLICANT, "id", True, False, u["date_joined"]))
            profiles.append(
                (profile_id, user_id, p["nik"], p["full_name"], p["name_search"], p["birth_place"], p["birth_date"],
                 p["gender"], p["phone"], p["province_id"], p["regency"], p["address"], "", p["highest_education"],
                 p["social_work_education"], p["role_type"], p["employer"], p["practice_years"], p["practice_hours"],
                 p["training_hours"], p["certification_status"], p["created_at"], now)
            )
            e = worker["education"]
            educations.append((profile_id, e["level"], e["institution"], e["study_programme"], e["graduation_year"], e["social_work"]))
            j = worker["employment"]
            employments.append((profile_id, j["employer"], j["position"], j["role_type"], j["start_date"], j["end_date"], j["hours_per_week"]))
            if worker["training"]:
                t = worker["training"]
                trainings.append((profile_id, t["title"], t["organiser"], t["hours"], t["year"]))
            if len(users) >= BATCH:
                flush()
                if (offset + 1) % 100_000 == 0:
                    log(f"registry:   {offset + 1} rows copied")
        flush()
        for name, definition in dropped:
            started = time.monotonic()
            cursor.execute(definition)
            log(f"registry: rebuilt {name} in {time.monotonic() - started:.1f} s")
        for table in (User._meta.db_table, *REGISTRY_TABLES):
            cursor.execute(f"ANALYZE {connection.ops.quote_name(table)}")


# ---- other databases: bulk_create ---------------------------------------------------------------------
def _bulk_create(rows, log):
    batch = []

    def flush():
        users = User.objects.bulk_create(
            [User(password="!synthetic", role=Role.APPLICANT, language="id", **w["user"]) for w in batch]
        )
        if users[0].pk is None:  # backends that do not return ids
            emails = [u.email for u in users]
            users = list(User.objects.filter(email__in=emails).order_by("id"))
            users.sort(key=lambda u: emails.index(u.email))
        profiles = WorkerProfile.objects.bulk_create(
            [WorkerProfile(user=user, **w["profile"]) for user, w in zip(users, batch)]
        )
        if profiles[0].pk is None:
            by_user = dict(WorkerProfile.objects.filter(user__in=users).values_list("user_id", "id"))
            for profile in profiles:
                profile.pk = by_user[profile.user_id]
        Education.objects.bulk_create([Education(profile=p, **w["education"]) for p, w in zip(profiles, batch)])
        Employment.objects.bulk_create([Employment(profile=p, **w["employment"]) for p, w in zip(profiles, batch)])
        Training.objects.bulk_create([Training(profile=p, **w["training"]) for p, w in zip(profiles, batch) if w["training"]])
        batch.clear()

    with transaction.atomic():
        for worker in rows:
            batch.append(worker)
            if len(batch) >= 2000:
                flush()
        if batch:
            flush()

