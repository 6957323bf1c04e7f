"""Builders for certification tests: a worker with a registry profile, rounds, complete applications."""

from datetime import date, timedelta
from io import BytesIO

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from certification import services
from certification.models import Round, Scheme
from portal.regions.models import Province
from registry.models import Education, Employment, Training, WorkerProfile

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
ESSAY = (
    "Dalam praktik sehari-hari saya menerapkan asesmen yang berpusat pada klien, melibatkan keluarga dan "
    "komunitas, mendokumentasikan setiap langkah, serta merujuk ke layanan lain bila diperlukan. "
) * 3


def png():
    from PIL import Image

    buffer = BytesIO()
    Image.new("RGB", (60, 80), "navy").save(buffer, "PNG")
    return buffer.getvalue()


def upload_for(requirement, name=None):
    if requirement.images_only:
        return SimpleUploadedFile(name or "foto.png", png(), content_type="image/png")
    return SimpleUploadedFile(name or f"{requirement.kind}.pdf", PDF, content_type="application/pdf")


def make_worker(
    make_user,
    *,
    province="32",
    level="S1",
    social_work=True,
    years=3,
    hours_per_week=40,
    training_hours=0,
    age=35,
    employer="Dinas Sosial Kota Bandung",
    **user_kwargs,
):
    user = make_user("applicant", **user_kwargs)
    today = timezone.localdate()
    profile = WorkerProfile.objects.create(
        user=user,
        full_name=user.full_name,
        birth_place="Bandung",
        birth_date=date(today.year - age, 1, 15),
        gender="F",
        phone="081234567890",
        province=Province.objects.get(code=province),
        regency="Kota Bandung",
        address="Jl. Merdeka No. 1",
    )
    if level:
        Education.objects.create(
            profile=profile, level=level, institution="Politeknik Kesejahteraan Sosial Bandung",
            study_programme="Pekerjaan Sosial" if social_work else "Manajemen", graduation_year=today.year - years - 1,
            social_work=social_work,
        )
    if years:
        Employment.objects.create(
            profile=profile, employer=employer, position="Pekerja sosial", role_type="sakti_peksos",
            start_date=today - timedelta(days=int(365.25 * years) + 2), hours_per_week=hours_per_week,
        )
    if training_hours:
        Training.objects.create(
            profile=profile, title="Pelatihan dasar pekerjaan sosial", organiser="BBPPKS Bandung",
            hours=training_hours, year=today.year - 1,
        )
    from registry.services import refresh_totals

    refresh_totals(profile)
    return user


def open_round(scheme_code="ps-generalis", *, offices=(), days_open=30, **kwargs):
    now = timezone.now()
    round_ = Round.objects.create(
        scheme=Scheme.objects.get(code=scheme_code),
        name=kwargs.pop("name", f"Gelombang uji {scheme_code}"),
        opens_at=kwargs.pop("opens_at", now - timedelta(days=1)),
        closes_at=kwargs.pop("closes_at", now + timedelta(days=days_open)),
        **kwargs,
    )
    if offices:
        from portal.regions.models import RegionalOffice

        round_.regional_offices.set(RegionalOffice.objects.filter(code__in=offices))
    return round_


def standard_route(round_):
    return round_.scheme.routes.get(kind="standard")


def fill_application(user, application, *, skip_documents=(), skip_essays=0):
    services.save_funding(user, application, "self")
    for requirement in application.route.required_documents.filter(required=True):
        if requirement.kind not in skip_documents:
            services.attach_document(user, application, requirement, upload_for(requirement))
    prompts = list(application.route.essay_prompts.all())
    for prompt in prompts[: len(prompts) - skip_essays]:
        services.save_essay(user, application, prompt, ESSAY)
    application.refresh_from_db()
    return application


def submitted_application(make_user, **worker_kwargs):
    from portal.workflow.engine import perform

    user = make_worker(make_user, **worker_kwargs)
    round_ = open_round()
    application = services.start_application(user, round_, standard_route(round_))
    fill_application(user, application)
    perform(application, "submit", user)
    application.refresh_from_db()
    return application
