"""Demo data: the instrument, and LKS in each state of the accreditation.

- the demo operator (lks_operator@demo.test) has "LKSA Harapan Bangsa" with a self-assessment in
  progress and "LKSA Kasih Ibu Pertiwi", accredited B with its certificate;
- other operators' LKS: one submitted (Regional II's desk review), one accepted and waiting for a
  visitation (its foundation is one the demo assessor declared a conflict with), one with a visitation
  scheduled for the demo assessor, one visited and waiting for the plenary.

Idempotent: an LKS that exists is left as it is.
"""

from datetime import date, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from portal.accounts.roles import Role
from portal.core.demo import DEMO_DOMAIN, ensure_user
from portal.documents.services import store_upload
from portal.regions.models import Province
from portal.workflow.engine import perform

from . import reference, services
from .choices import AccreditationStatus, StaffRole
from .models import Institution, InstitutionOperator, InstitutionService, Staff

# name, legal entity, province, regency, address, services, leader, capacity, beneficiaries, target state,
# operator slug (None: the demo operator), scores (pattern repeated over the indicators)
LKS = [
    ("LKSA Harapan Bangsa", "Yayasan Harapan Bangsa Bandung", "32", "Kota Bandung",
     "Jl. Terusan Jakarta No. 45, Antapani", ["children"], "Drs. Agus Setiawan", 60, 48,
     AccreditationStatus.DRAFT, None, [3]),
    ("LKSA Kasih Ibu Pertiwi", "Yayasan Kasih Ibu Pertiwi", "36", "Kota Tangerang",
     "Jl. Daan Mogot No. 12, Tangerang", ["children", "youth"], "Hj. Siti Aminah, S.Sos.", 45, 40,
     AccreditationStatus.CERTIFIED, None, [3, 3, 4, 3, 3, 4, 3]),
    ("LKSLU Sejahtera Abadi", "Yayasan Sejahtera Abadi", "32", "Kota Bogor",
     "Jl. Pajajaran No. 88, Bogor Tengah", ["elderly"], "Ir. Bambang Hermawan", 40, 35, AccreditationStatus.SUBMITTED,
     "operator.sejahtera", [3, 2, 3, 3]),
    ("LKSA Sayap Ibu", "Yayasan Sayap Ibu Jakarta", "31", "Jakarta Selatan",
     "Jl. Barito II No. 55, Kebayoran Baru", ["children", "disability"], "Dra. Retno Wulandari", 70, 62,
     AccreditationStatus.DESK_ACCEPTED, "operator.sayapibu", [4, 3, 3, 4]),
    ("LKS Rehabilitasi Sosial Rumah Damai", "Perkumpulan Rumah Damai Indonesia", "32", "Kota Depok",
     "Jl. Margonda Raya No. 210, Beji", ["rehabilitation"], "dr. Yusuf Mansur Hidayat", 50, 44,
     AccreditationStatus.VISITATION_SCHEDULED, "operator.rumahdamai", [3, 3, 2, 3]),
    ("LKS Bina Daksa Mandiri", "Yayasan Bina Daksa Mandiri", "33", "Kota Semarang",
     "Jl. Setiabudi No. 17, Banyumanik", ["disability"], "Sri Hartati, M.Kesos.", 55, 50, AccreditationStatus.VISITED,
     "operator.binadaksa", [4, 4, 3, 4, 4, 3]),
]

STAFF = [
    ("Rina Marlina, S.Tr.Sos.", "Pekerja sosial", StaffRole.SOCIAL_WORKER, True),
    ("Dedi Kurniawan, S.Sos.", "Pekerja sosial", StaffRole.SOCIAL_WORKER, True),
    ("Yuni Astuti", "Pengasuh", StaffRole.WELFARE_WORKER, False),
    ("Andi Pratama", "Bendahara", StaffRole.MANAGEMENT, False),
    ("Slamet Riyadi", "Juru masak", StaffRole.SUPPORT, False),
]


def _pdf(name, title):
    from registry.demo import demo_pdf

    return SimpleUploadedFile(name, demo_pdf(title), content_type="application/pdf")


def _photo(name, seed):
    from registry.demo import demo_photo

    return SimpleUploadedFile(name, demo_photo(seed), content_type="image/jpeg")


def _operator(slug, users, password):
    if slug is None:
        return users[Role.LKS_OPERATOR]
    name = slug.split(".", 1)[1].capitalize()
    return ensure_user(
        f"{slug}@{DEMO_DOMAIN}", full_name=f"Operator {name}", role=Role.LKS_OPERATOR, password=password
    )


def _institution(spec, operator):
    name, entity, province, regency, address, fields, leader, capacity, beneficiaries = spec[:9]
    today = timezone.localdate()
    store = lambda filename, title: store_upload(operator, _pdf(filename, title), kind=services.DOC_LEGAL)  # noqa: E731
    institution = Institution.objects.create(
        name=name, legal_entity_name=entity, legal_form="perkumpulan" if entity.startswith("Perkumpulan") else "yayasan",
        province=Province.objects.get(code=province), regency=regency, address=address, postal_code="40115",
        phone="0227201234", email=f"info@{name.split()[-1].lower()}.example.id", leader_name=leader,
        leader_position="Ketua", capacity=capacity, beneficiaries=beneficiaries,
        deed_number="12", deed_date=date(2008, 3, 14), deed_document=store("akta.pdf", f"Akta Notaris {entity}"),
        decree_number="AHU-0012345.AH.01.04.Tahun 2009", decree_date=date(2009, 1, 20),
        decree_document=store("sk-kemenkumham.pdf", f"SK Kemenkumham {entity}"),
        registration_number=f"460/{today.year - 2}/LKS", registration_date=date(today.year - 2, 5, 2),
        registration_document=store("tanda-daftar.pdf", f"Tanda Daftar {name}"),
        licence_number=f"503/IZOP/{today.year - 2}", licence_date=date(today.year - 2, 6, 10),
        licence_document=store("izin-operasional.pdf", f"Izin Operasional {name}"),
        npwp="012345678901000", npwp_document=store("npwp.pdf", f"NPWP {entity}"), created_by=operator,
    )
    InstitutionOperator.objects.create(institution=institution, user=operator, added_by=operator)
    InstitutionService.objects.bulk_create([InstitutionService(institution=institution, field=f) for f in fields])
    for full_name, position, role, education in STAFF:
        Staff.objects.create(
            institution=institution, full_name=full_name, position=position, role=role,
            social_work_education=education,
        )
    services.refresh_staff_totals(institution)
    return institution


def _fill(accreditation, operator, pattern, *, upto=None):
    from .models import Indicator

    specs = [i for s in accreditation.snapshot["standards"] for i in s["indicators"]]
    indicators = {i.pk: i for i in Indicator.objects.filter(pk__in=[s["id"] for s in specs])}
    for index, spec in enumerate(specs[:upto]):
        indicator = indicators[spec["id"]]
        if spec["allows_na"] and index % 2:
            services.save_answer(operator, accreditation, indicator, not_applicable=True,
                                 explanation="Tidak menyelenggarakan layanan ini.")
            continue
        services.save_answer(
            operator, accreditation, indicator, score=pattern[index % len(pattern)],
            explanation="Sudah dilaksanakan dan terdokumentasi; bukti terlampir.",
        )
        if indicator.needs_evidence:
            services.add_evidence(operator, accreditation, indicator, _pdf(f"bukti-{spec['code']}.pdf", f"Bukti {spec['code']}"))


def _recommend(accreditation, operator):
    institution = accreditation.institution
    services.save_recommendation(
        operator, accreditation, number=f"460/{accreditation.pk:03d}/Dinsos", date=timezone.localdate() - timedelta(days=20),
        issuer=f"Dinas Sosial {institution.regency}",
        upload=_pdf("rekomendasi-dinsos.pdf", f"Rekomendasi Dinas Sosial {institution.regency}"),
    )


def _desk_accept(accreditation, reviewer):
    services.accept_all(reviewer, accreditation)
    perform(accreditation, "accept_for_visitation", reviewer, note="Berkas lengkap.")


def _visit(accreditation, reviewer, team, pattern, *, finish):
    from .models import Indicator, Visitation

    services.schedule_visitation(
        reviewer, accreditation, date=timezone.localdate() + timedelta(days=0 if finish else 14),
        start_time="09:00", duration_hours=6, notes="Mohon siapkan dokumen asli dan daftar penerima manfaat.",
        assessors=team, lead=team[0],
    )
    if not finish:
        return
    visitation = Visitation.objects.get(accreditation=accreditation)
    specs = [i for s in accreditation.snapshot["standards"] for i in s["indicators"]]
    indicators = {i.pk: i for i in Indicator.objects.filter(pk__in=[s["id"] for s in specs])}
    for offset, assessor in enumerate(team):
        for index, spec in enumerate(specs):
            score = pattern[(index + (offset if index % 5 == 0 else 0)) % len(pattern)]
            if spec["allows_na"] and index % 2:
                services.save_visit_score(assessor.user, visitation, indicators[spec["id"]], not_applicable=True)
            else:
                services.save_visit_score(assessor.user, visitation, indicators[spec["id"]], score=score,
                                          note="Sesuai dokumen dan observasi lapangan.")
        services.submit_scores(assessor.user, visitation)
    team_rows = services.reconciliation_rows(visitation)[1]
    decisions = {}
    for _standard, rows in team_rows:
        for row in rows:
            given = [g for _m, g in row["given"]]
            first = given[0]
            decisions[row["indicator"].pk] = (first.score, first.not_applicable, "")
    services.reconcile(team[0].user, visitation, decisions)
    perform(accreditation, "complete_visitation", team[0].user)


def seed_demo(users, options, log):
    from registry.models import AssessorProfile

    reference.load()
    password = options.get("password")
    secretariat, balks = users[Role.SECRETARIAT], users[Role.BALKS_ADMIN]
    assessors = {a.user.email.split("@")[0]: a for a in AssessorProfile.objects.select_related("user")}
    demo_assessor = assessors.get(Role.ASSESSOR.value)
    created = 0
    for spec in LKS:
        name, target, slug, pattern = spec[0], spec[9], spec[10], spec[11]
        if Institution.objects.filter(name=name).exists():
            continue
        operator = _operator(slug, users, password)
        institution = _institution(spec, operator)
        accreditation = services.start_accreditation(operator, institution)
        created += 1
        if target == AccreditationStatus.DRAFT:
            _fill(accreditation, operator, pattern, upto=12)
            continue
        _fill(accreditation, operator, pattern)
        _recommend(accreditation, operator)
        perform(accreditation, "submit", operator)
        reviewer = balks if institution.province.regional_office.code != "II" else secretariat
        if target == AccreditationStatus.SUBMITTED:
            continue
        _desk_accept(accreditation, reviewer)
        if target == AccreditationStatus.DESK_ACCEPTED:
            continue
        if demo_assessor is None:
            log("accreditation: no demo assessor; stopping the demo LKS at the desk review.")
            continue
        partner = assessors.get("asesor03") if institution.province.code == "33" else assessors.get("asesor02")
        team = [demo_assessor, partner] if partner else [demo_assessor]
        if len(team) < 2:
            continue
        finish = target in (AccreditationStatus.VISITED, AccreditationStatus.CERTIFIED)
        _visit(accreditation, reviewer, team, pattern, finish=finish)
        if target == AccreditationStatus.CERTIFIED:
            accreditation.refresh_from_db()
            services.decide(balks, accreditation, accreditation.suggested_grade)
            perform(accreditation, "certify", balks)
    log(f"accreditation: instrument v1; {created} demo LKS created ({Institution.objects.count()} in all).")
