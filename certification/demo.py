"""Demo data for certification: rounds, and applications of the registry's demo workers in
several states so each role's queue shows something. Idempotent."""

from datetime import timedelta
from io import BytesIO

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from portal.accounts.models import User
from portal.accounts.roles import Role
from portal.workflow.engine import TransitionError, perform

from . import eligibility, services
from .models import Application, ReviewStatus, Round, Scheme

PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)
ESSAY = (
    "Dalam praktik sehari-hari saya memulai dengan asesmen kebutuhan klien bersama keluarga, menyusun rencana "
    "intervensi yang disepakati, merujuk ke layanan lain bila diperlukan, serta mendokumentasikan setiap langkah "
    "sesuai kode etik pekerja sosial. Saya juga memantau hasil layanan secara berkala bersama pendamping lain. "
)


def _photo():
    from PIL import Image

    buffer = BytesIO()
    Image.new("RGB", (120, 160), (11, 79, 138)).save(buffer, "PNG")
    return buffer.getvalue()


def _upload(requirement):
    if requirement.images_only:
        return SimpleUploadedFile("pas-foto.png", _photo(), content_type="image/png")
    return SimpleUploadedFile(f"{requirement.kind}.pdf", PDF, content_type="application/pdf")


def seed_rounds(now):
    year = now.year
    rounds = {}
    for scheme in Scheme.objects.filter(is_active=True):
        rounds[scheme.code], _ = Round.objects.get_or_create(
            scheme=scheme,
            name=f"{scheme.name} — Gelombang I {year}",
            defaults={
                "opens_at": now - timedelta(days=10),
                "closes_at": now + timedelta(days=45),
                "quota": 400,
                "description": "Gelombang sertifikasi nasional. Uji kompetensi di ibu kota provinsi masing-masing.",
            },
        )
    from portal.regions.models import RegionalOffice

    upcoming, created = Round.objects.get_or_create(
        scheme=Scheme.objects.get(code="ps-generalis"),
        name=f"Pekerja Sosial Generalis — Gelombang II {year + 1}",
        defaults={
            "opens_at": now + timedelta(days=60),
            "closes_at": now + timedelta(days=100),
            "quota": 250,
            "description": "Gelombang regional untuk Sumatra dan Jawa bagian barat.",
        },
    )
    if created:
        upcoming.regional_offices.set(RegionalOffice.objects.filter(code__in=["I", "II"]))
    return rounds


def _fill(user, application):
    services.save_funding(user, application, "dinsos", "Dinas Sosial Provinsi")
    for requirement in application.route.required_documents.filter(required=True):
        services.attach_document(user, application, requirement, _upload(requirement))
    for prompt in application.route.essay_prompts.all():
        services.save_essay(user, application, prompt, ESSAY)


# The states the demo applications end in, in the order workers are taken.
TARGETS = ["submitted", "submitted", "revision_requested", "eligible", "submitted", "eligible", "submitted"]


def seed_applications(users, rounds, log):
    from registry.models import WorkerProfile

    lsp_admin = users.get("lsp_admin")
    workers = (
        WorkerProfile.objects.filter(user__email__endswith="@demo.test", user__role=Role.APPLICANT, certification_status="none")
        .exclude(user=users.get("applicant"))
        .select_related("user", "province__regional_office")
        .order_by("user__email")
    )
    made = 0
    for profile in workers:
        if made >= len(TARGETS):
            break
        user = profile.user
        if Application.objects.filter(applicant=user).exists():
            made += 1
            continue
        facts = services.eligibility_facts(user)
        round_, route = None, None
        for code in ("ps-generalis", "ps-asisten", "tks", "ps-spesialis"):
            candidate = rounds.get(code)
            if candidate is None or services.region_problem(candidate, facts):
                continue
            route = next((r for r in candidate.scheme.routes.filter(is_active=True) if not eligibility.check(r, facts)), None)
            if route is not None:
                round_ = candidate
                break
        if round_ is None:
            continue
        target = TARGETS[made]
        staff = (
            User.objects.filter(role=Role.SECRETARIAT, regional_office=profile.province.regional_office).first() or lsp_admin
        )
        try:
            with transaction.atomic():
                application = services.start_application(user, round_, route)
                _fill(user, application)
                perform(application, "submit", user)
                if target in ("revision_requested", "eligible") and staff is not None:
                    items = services.items(application)
                    for item in items[1:]:
                        services.review_item(staff, item, ReviewStatus.ACCEPTED)
                    if target == "revision_requested":
                        services.review_item(staff, items[0], ReviewStatus.NEEDS_REVISION, "Pindaian CV terpotong; unggah ulang halaman lengkap.")
                        perform(application, "return_for_revision", staff, note="Mohon perbaiki CV.")
                    else:
                        services.review_item(staff, items[0], ReviewStatus.ACCEPTED)
                        perform(application, "declare_eligible", staff)
        except (services.ApplicationError, TransitionError) as error:
            log(f"certification: demo application for {user.email} skipped: {error}")
            continue
        made += 1
    log(f"certification: {Application.objects.count()} applications in the demo.")


def seed(users, options, log):
    now = timezone.now()
    rounds = seed_rounds(now)
    seed_applications(users, rounds, log)
