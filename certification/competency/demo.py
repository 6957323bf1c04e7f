"""Demo data: a few ILLUSTRATIVE units of competency for the social-work schemes (marked illustrative in
every page that shows them: they are examples written for the demonstration, not the official SKKNI),
published as version 1; and the self-assessment of the demo applications submitted before the units
existed. Idempotent."""

from django.db import transaction
from django.utils import timezone

from certification.choices import ApplicationStatus
from certification.models import Application, Scheme

from . import services
from .models import (
    Answer,
    Element,
    ElementAnswer,
    SchemeKind,
    SchemeVersion,
    SelfAssessment,
)


def _unit(code, title, *elements):
    return {
        "code": code,
        "title": title,
        "elements": [
            {"number": n, "title": element_title, "criteria": [(f"{n}.{i}", text) for i, text in enumerate(criteria, start=1)]}
            for n, (element_title, criteria) in enumerate(elements, start=1)
        ],
    }


ASSESSMENT_UNIT = _unit(
    "M.87SOS00.001.1", "Melakukan asesmen kebutuhan klien",
    ("Menyiapkan asesmen", ["Data awal klien dikumpulkan dari sumber yang sah", "Persetujuan klien untuk asesmen diperoleh"]),
    ("Melaksanakan asesmen", ["Kebutuhan dan kekuatan klien diidentifikasi bersama klien", "Hasil asesmen dicatat sesuai format lembaga"]),
)
PLAN_UNIT = _unit(
    "M.87SOS00.002.1", "Menyusun rencana intervensi",
    ("Merumuskan tujuan intervensi", ["Tujuan dirumuskan bersama klien berdasarkan hasil asesmen", "Tujuan dapat diukur dan berjangka waktu"]),
    ("Menetapkan kegiatan dan sumber", ["Kegiatan dipilih sesuai tujuan dan kemampuan klien", "Sumber dan rujukan layanan diidentifikasi"]),
)
ETHICS_UNIT = _unit(
    "M.87SOS00.003.1", "Menerapkan kode etik pekerja sosial",
    ("Menjaga kerahasiaan klien", ["Informasi klien disimpan dan dibagikan sesuai ketentuan", "Persetujuan klien diperoleh sebelum informasi dibagikan"]),
    ("Mengelola dilema etis", ["Dilema etis dikenali dan didiskusikan dengan supervisor", "Keputusan etis didokumentasikan dengan alasannya"]),
)
CASE_UNIT = _unit(
    "M.87SOS00.010.1", "Melakukan supervisi kasus",
    ("Menyiapkan supervisi", ["Kasus yang disupervisi dipilih bersama pekerja sosial", "Tujuan supervisi disepakati"]),
    ("Melaksanakan supervisi", ["Umpan balik diberikan berdasarkan catatan kasus", "Rencana tindak lanjut disepakati dan dicatat"]),
)
OUTREACH_UNIT = _unit(
    "M.87SOS00.020.1", "Melakukan penjangkauan sosial",
    ("Mengidentifikasi sasaran", ["Warga yang membutuhkan layanan didata bersama aparat setempat", "Data sasaran diverifikasi di lapangan"]),
    ("Menghubungkan dengan layanan", ["Sasaran dirujuk ke layanan yang sesuai", "Hasil rujukan dipantau dan dilaporkan"]),
)

#: scheme code -> (kind, KKNI level, units)
CONTENT = {
    "ps-asisten": (SchemeKind.KKNI, 5, [ASSESSMENT_UNIT, ETHICS_UNIT]),
    "ps-generalis": (SchemeKind.KKNI, 6, [ASSESSMENT_UNIT, PLAN_UNIT, ETHICS_UNIT]),
    "ps-spesialis": (SchemeKind.KKNI, 8, [ASSESSMENT_UNIT, CASE_UNIT]),
    "tks": (SchemeKind.OKUPASI, None, [OUTREACH_UNIT, ETHICS_UNIT]),
}


def seed_versions(admin, log):
    made = 0
    for code, (kind, level, units) in CONTENT.items():
        scheme = Scheme.objects.filter(code=code).first()
        if scheme is None or SchemeVersion.objects.filter(scheme=scheme).exists():
            continue
        with transaction.atomic():
            version = SchemeVersion.objects.create(
                scheme=scheme, kind=kind, kkni_level=level, scheme_number=f"CONTOH/{scheme.credential_code}/2026",
                illustrative=True, source_name="demo", created_by=admin,
                number=1, published_at=timezone.now(), published_by=admin,
            )
            services.store_units(version, units)
        made += 1
    if made:
        log(f"competency: illustrative units published for {made} scheme(s).")


def seed_answers(log):
    """The demo applications submitted before the units existed get a complete self-assessment (every
    element Kompeten, the CV as evidence): the review and scoring pages show one."""
    made = 0
    applications = (
        Application.objects.filter(applicant__email__endswith="@demo.test", self_assessment__isnull=True)
        .exclude(status__in=[ApplicationStatus.DRAFT, ApplicationStatus.WITHDRAWN])
        .select_related("round")
    )
    for application in applications:
        version = SchemeVersion.objects.current_for(application.round.scheme_id)
        if version is None:
            continue
        evidence = application.documents.order_by("requirement__order").first()
        with transaction.atomic():
            sa = SelfAssessment.objects.create(application=application, version=version)
            for element in Element.objects.filter(unit__version=version):
                answer = ElementAnswer.objects.create(self_assessment=sa, element=element, answer=Answer.COMPETENT)
                if evidence is not None:
                    answer.evidence.add(evidence)
        made += 1
    if made:
        log(f"competency: self-assessments for {made} demo application(s).")


def seed(users, options, log):
    seed_versions(users.get("lsp_admin"), log)
    seed_answers(log)
