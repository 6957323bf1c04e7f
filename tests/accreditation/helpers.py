"""Builders for accreditation tests: an LKS, a filled self-assessment, a scheduled, visited, decided
and certified accreditation, all through the app's services (what the views call)."""

from datetime import date, timedelta
from io import BytesIO

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from accreditation import services
from accreditation.models import Indicator, Institution, InstitutionOperator, InstitutionService, Visitation
from portal.documents.services import store_upload
from portal.regions.models import Province, RegionalOffice
from portal.workflow.engine import perform
from registry.models import AssessorProfile, ConflictDeclaration

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def pdf(name="dokumen.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def png_bytes():
    from PIL import Image

    buffer = BytesIO()
    Image.new("RGB", (40, 30), "teal").save(buffer, "PNG")
    return buffer.getvalue()


def png(name="foto.png"):
    return SimpleUploadedFile(name, png_bytes(), content_type="image/png")


def make_institution(operator, *, name="LKSA Pelita Hati", province="32", legal_entity_name="Yayasan Pelita Hati",
                     fields=("children",), beneficiaries=40, **overrides):
    doc = lambda title: store_upload(operator, pdf(f"{title}.pdf"), kind=services.DOC_LEGAL)  # noqa: E731
    data = dict(
        name=name, legal_entity_name=legal_entity_name, legal_form="yayasan",
        province=Province.objects.get(code=province), regency="Kota Bandung", address="Jl. Merdeka No. 10",
        postal_code="40115", phone="0227201234", leader_name="Drs. Agus Salim", leader_position="Ketua",
        capacity=50, beneficiaries=beneficiaries,
        deed_number="12", deed_date=date(2010, 1, 5), deed_document=doc("akta"),
        decree_number="AHU-0012345.AH.01.04.Tahun 2010", decree_date=date(2010, 3, 1), decree_document=doc("sk"),
        registration_number="460/12/LKS", registration_date=date(2015, 5, 2), registration_document=doc("tanda-daftar"),
        licence_number="503/IZOP/2015", licence_date=date(2015, 6, 1), licence_document=doc("izin"),
        npwp="012345678901000", npwp_document=doc("npwp"), created_by=operator,
    )
    data.update(overrides)
    institution = Institution.objects.create(**data)
    InstitutionOperator.objects.create(institution=institution, user=operator, added_by=operator)
    InstitutionService.objects.bulk_create([InstitutionService(institution=institution, field=f) for f in fields])
    return institution


def specs(accreditation):
    return [i for s in accreditation.snapshot["standards"] for i in s["indicators"]]


def indicators(accreditation):
    rows = {i.pk: i for i in Indicator.objects.filter(pk__in=[s["id"] for s in specs(accreditation)])}
    return [rows[s["id"]] for s in specs(accreditation)]


def fill(accreditation, operator, score=3, *, not_applicable=(), skip=(), evidence=True):
    """Score every indicator (`score` an int or a function of the indicator code), with evidence."""
    for spec, indicator in zip(specs(accreditation), indicators(accreditation)):
        code = spec["code"]
        if code in skip:
            continue
        if code in not_applicable:
            services.save_answer(operator, accreditation, indicator, not_applicable=True)
            continue
        value = score(code) if callable(score) else score
        services.save_answer(operator, accreditation, indicator, score=value, explanation=f"Penjelasan {code}")
        if evidence and indicator.needs_evidence:
            services.add_evidence(operator, accreditation, indicator, pdf(f"bukti-{code}.pdf"))
    accreditation.refresh_from_db()
    return accreditation


def recommend(accreditation, operator):
    return services.save_recommendation(
        operator, accreditation, number="460/77/Dinsos", date=timezone.localdate() - timedelta(days=3),
        issuer="Dinas Sosial Kota Bandung", upload=pdf("rekomendasi.pdf"),
    )


def draft(make_user, operator=None, **institution_kwargs):
    operator = operator or make_user("lks_operator")
    institution = make_institution(operator, **institution_kwargs)
    return services.start_accreditation(operator, institution)


def submitted(make_user, operator=None, score=3, **institution_kwargs):
    accreditation = draft(make_user, operator, **institution_kwargs)
    operator = accreditation.institution.operators.get()
    fill(accreditation, operator, score)
    recommend(accreditation, operator)
    perform(accreditation, "submit", operator)
    accreditation.refresh_from_db()
    return accreditation


def desk_reviewer(make_user, accreditation):
    return make_user("secretariat", regional_office=accreditation.regional_office)


def accepted(make_user, **kwargs):
    accreditation = submitted(make_user, **kwargs)
    reviewer = desk_reviewer(make_user, accreditation)
    services.accept_all(reviewer, accreditation)
    perform(accreditation, "accept_for_visitation", reviewer)
    accreditation.refresh_from_db()
    return accreditation, reviewer


def make_assessor(make_user, *, office="II", institution="Universitas Padjadjaran", declarations=(), **user_kwargs):
    user = make_user("assessor", **user_kwargs)
    profile = AssessorProfile.objects.create(
        user=user, institution=institution, regional_office=RegionalOffice.objects.get(code=office),
        expertise=["institutions"], declarations_confirmed_at=timezone.now(),
    )
    for kind, name, email in declarations:
        ConflictDeclaration.objects.create(assessor=profile, kind=kind, name=name, email=email, reason="keluarga")
    return profile


def scheduled(make_user, *, team_size=2, **kwargs):
    accreditation, reviewer = accepted(make_user, **kwargs)
    team = [make_assessor(make_user, institution=f"Universitas {i}") for i in range(team_size)]
    visitation = services.schedule_visitation(
        reviewer, accreditation, date=timezone.localdate() + timedelta(days=7), start_time="09:00",
        duration_hours=6, notes="", assessors=team, lead=team[0],
    )
    accreditation.refresh_from_db()
    return accreditation, visitation, team


def score_all(visitation, assessor, score=3, *, not_applicable=()):
    accreditation = visitation.accreditation
    for spec, indicator in zip(specs(accreditation), indicators(accreditation)):
        if spec["code"] in not_applicable:
            services.save_visit_score(assessor.user, visitation, indicator, not_applicable=True)
        else:
            value = score(spec["code"]) if callable(score) else score
            services.save_visit_score(assessor.user, visitation, indicator, score=value)
    services.submit_scores(assessor.user, visitation)


def visited(make_user, score=3, *, not_applicable=(), **kwargs):
    accreditation, visitation, team = scheduled(make_user, **kwargs)
    for assessor in team:
        score_all(visitation, assessor, score, not_applicable=not_applicable)
    decisions = {
        i.pk: (None, True, "") if s["code"] in not_applicable else ((score(s["code"]) if callable(score) else score), False, "")
        for s, i in zip(specs(accreditation), indicators(accreditation))
    }
    services.reconcile(team[0].user, visitation, decisions)
    perform(accreditation, "complete_visitation", team[0].user)
    accreditation.refresh_from_db()
    return accreditation, Visitation.objects.get(pk=visitation.pk), team
