"""Benchmark: the staff dashboards at 1,000,000 workers, 300,000 applications and 100,000 LKS.

    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/dashboards_bench .venv/bin/python benchmarks/dashboards.py

Own PostgreSQL database (created if missing). Seeds once, in bulk SQL (`INSERT … SELECT … FROM
generate_series`): the synthetic workers of `seed_demo --workers` (registry.bulk, COPY), then applications
of the first workers with their audited transitions (a random depth along submitted → eligible → portfolio
assessment → recommended → exam booked → attended → Kompeten / Belum Kompeten), assessor assignments, exam
sessions and bookings, certificates, and LKS with their services, accreditations, transitions and
visitations. Then it rebuilds the summary rows once (timed) and measures, per dashboard and filter, the page
through Django's test client (URL, middleware, queries, template) next to the same figures computed by naive
`GROUP BY`s on the live tables (the stage durations with a window over the audit trail), and prints p50/p95
and the ratio. It prints figures; it is not a test.
"""

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DATABASE_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/dashboards_bench")
os.environ.update({
    "DJANGO_SETTINGS_MODULE": "portal.settings", "DATABASE_URL": DATABASE_URL, "DJANGO_DEBUG": "0", "DB_POOL": "0",
    "REDIS_URL": os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/7"), "LOG_LEVEL": "WARNING",
})


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))]


def ensure_database():
    import psycopg

    server, name = DATABASE_URL.rsplit("/", 1)
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        if not admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            admin.execute(f'CREATE DATABASE "{name}"')


# --- bulk SQL ------------------------------------------------------------------------------------
def insert(model, values, source, params=()):
    """INSERT INTO model's table every concrete column: `values[column]` (SQL over `source`), else the field's
    plain default, NULL, now() for auto dates, or the empty value of its type."""
    from django.db import connection
    from django.db.models import NOT_PROVIDED, BooleanField, JSONField

    columns, exprs, args = [], [], []
    for field in model._meta.concrete_fields:
        if field.primary_key:
            continue
        columns.append(connection.ops.quote_name(field.column))
        if field.column in values:
            exprs.append(values[field.column])
        elif getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            exprs.append("now()")
        elif field.default is not NOT_PROVIDED and not callable(field.default):
            exprs.append("%s")
            args.append(field.get_db_prep_save(field.default, connection))
        elif field.null:
            exprs.append("NULL")
        elif isinstance(field, BooleanField):
            exprs.append("false")
        elif isinstance(field, JSONField):
            exprs.append("'{}'::jsonb")
        elif field.get_internal_type() in ("CharField", "TextField", "SlugField", "EmailField", "FileField"):
            exprs.append("''")
        else:
            exprs.append("0")
    table = connection.ops.quote_name(model._meta.db_table)
    sql = f"INSERT INTO {table} ({', '.join(columns)}) SELECT {', '.join(exprs)} FROM {source}"
    with connection.cursor() as cursor:
        cursor.execute(sql, [*args, *params])
        return cursor.rowcount


PATH = ["submitted", "eligible", "in_assessment", "assessed_proceed", "exam_booked", "exam_attended"]


def seed(applications, institutions, log=print):
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection, transaction
    from django.utils import timezone

    from accreditation.models import (
        Accreditation,
        Institution,
        InstitutionService,
        Visitation,
    )
    from accreditation.models.instrument import InstrumentVersion
    from certification.assessment.models import Assignment, Reconciliation, Rubric
    from certification.exams.models import ExamBooking, ExamSession
    from certification.models import Application, Round, Scheme
    from portal.accounts.models import User
    from portal.accounts.roles import Role
    from portal.audit.models import AuditEvent
    from portal.credentials.models import Credential
    from registry import bulk

    if Application.objects.filter(funding_note="bench").count() >= applications:
        log(f"  programmes already seeded ({applications:,} applications)")
        return
    started = time.monotonic()
    schemes = list(Scheme.objects.order_by("id"))
    now = timezone.now()
    rounds = []
    for scheme in schemes:
        for year in (2024, 2025, 2026):
            rounds.append(Round.objects.get_or_create(
                scheme=scheme, name=f"Bench {scheme.code} {year}",
                defaults={"opens_at": now.replace(year=year, month=1, day=1), "closes_at": now.replace(year=year, month=12, day=1)},
            )[0])
    round_ids = "ARRAY[" + ",".join(str(r.pk) for r in rounds) + "]"
    route_of = {s.pk: list(s.routes.order_by("id").values_list("id", flat=True)) for s in schemes}
    # One route per round (the first of its scheme's, in turn by application id through a lookup array).
    round_route = "ARRAY[" + ",".join(str(route_of[r.scheme_id][i % len(route_of[r.scheme_id])]) for i, r in enumerate(rounds)) + "]"
    assessors = []
    for i in range(200):
        user, _created = User.objects.get_or_create(
            email=f"bench-assessor-{i}@synthetic.test", defaults={"full_name": f"Asesor Bench {i}", "role": Role.ASSESSOR}
        )
        assessors.append(user.pk)
    creator = User.objects.get_or_create(email="bench-lks@synthetic.test", defaults={"full_name": "Operator Bench", "role": Role.LKS_OPERATOR})[0]
    staff = User.objects.get_or_create(email="bench-staff@synthetic.test", defaults={"full_name": "Sekretariat Bench", "role": Role.SECRETARIAT})[0]
    rubric = Rubric.objects.order_by("id").first()
    instrument = InstrumentVersion.objects.order_by("-id").first()
    funding = "ARRAY['self','employer','dinsos','donor']"
    with transaction.atomic(), connection.cursor() as cursor:
        # Applications of the first synthetic workers: depth (how far along PATH) and outcome from the id.
        workers = (
            "(SELECT u.id AS user_id, p.province_id, row_number() OVER (ORDER BY u.id) AS n FROM accounts_user u "
            f"JOIN registry_workerprofile p ON p.user_id = u.id WHERE u.email LIKE '%%@{bulk.DOMAIN}' ORDER BY u.id LIMIT %s) w "
            "JOIN regions_province pr ON pr.id = w.province_id"
        )
        status = (
            "(CASE WHEN w.n %% 8 = 0 THEN 'draft' WHEN w.n %% 8 = 7 THEN (CASE WHEN w.n %% 3 = 0 THEN 'not_yet_competent' "
            "ELSE 'competent' END) ELSE (ARRAY['submitted','eligible','in_assessment','assessed_proceed','exam_booked',"
            "'exam_attended'])[w.n %% 8] END)"
        )
        created = "(now() - ((w.n * 13) %% 720) * interval '1 day' - interval '300 days')"
        added = insert(Application, {
            "applicant_id": "w.user_id", "round_id": f"({round_ids})[1 + w.n %% {len(rounds)}]",
            "route_id": f"({round_route})[1 + w.n %% {len(rounds)}]", "status": status,
            "funding_source": f"({funding})[1 + w.n %% 4]", "funding_note": "'bench'", "province_id": "w.province_id",
            "regional_office_id": "pr.regional_office_id", "created_at": created, "updated_at": created,
            "submitted_at": f"(CASE WHEN w.n %% 8 = 0 THEN NULL ELSE {created} + interval '3 days' END)",
        }, workers, [applications])
        log(f"  {added:,} applications")
        # Their transitions: step s at created + s·(5 + id·31 mod 30) + (s·17 + id) mod 5 days (increasing).
        ct = ContentType.objects.get_for_model(Application).pk
        steps = (
            "(SELECT a.id, a.created_at, a.status, s.step, "
            "(CASE WHEN a.status IN ('competent','not_yet_competent') THEN 7 ELSE array_position("
            "ARRAY['submitted','eligible','in_assessment','assessed_proceed','exam_booked','exam_attended'], a.status::text) END) AS depth "
            "FROM certification_application a CROSS JOIN generate_series(1, 7) AS s(step) "
            "WHERE a.funding_note = 'bench' AND a.status <> 'draft') t WHERE t.step <= t.depth"
        )
        target = ("(CASE WHEN t.step = 7 THEN t.status ELSE (ARRAY['submitted','eligible','in_assessment',"
                  "'assessed_proceed','exam_booked','exam_attended'])[t.step] END)")
        source = "(CASE WHEN t.step = 1 THEN 'draft' ELSE (ARRAY['submitted','eligible','in_assessment','assessed_proceed','exam_booked','exam_attended'])[t.step - 1] END)"
        at = "(t.created_at + (t.step * (5 + (t.id * 31) %% 30) + (t.step * 17 + t.id) %% 5) * interval '1 day')"
        added = insert(AuditEvent, {
            "created_at": at, "action": "'application.bench'", "content_type_id": str(ct), "object_id": "t.id::text",
            "before": f"jsonb_build_object('status', {source})", "after": f"jsonb_build_object('status', {target})",
        }, steps)
        log(f"  {added:,} audited application transitions")
        # Two assessors per application past eligibility; every 6th needed a reconciliation.
        assessor_ids = "ARRAY[" + ",".join(map(str, assessors)) + "]"
        past = ("(SELECT a.id, a.created_at, a.status, k.k FROM certification_application a CROSS JOIN generate_series(0, 1) k(k) "
                "WHERE a.funding_note = 'bench' AND a.status IN ('in_assessment','assessed_proceed','exam_booked',"
                "'exam_attended','competent','not_yet_competent')) x")
        added = insert(Assignment, {
            "application_id": "x.id", "assessor_id": f"({assessor_ids})[1 + (x.id * 7 + x.k * 101) %% {len(assessors)}]",
            "rubric_id": str(rubric.pk), "status": "(CASE WHEN x.status = 'in_assessment' THEN 'assigned' ELSE 'submitted' END)",
            "assigned_at": "x.created_at + interval '20 days'", "due_at": "x.created_at + interval '34 days'",
            "submitted_at": "(CASE WHEN x.status = 'in_assessment' THEN NULL ELSE x.created_at + interval '30 days' END)",
        }, past)
        insert(Reconciliation, {"application_id": "a.id", "reason": "'bench'", "opened_at": "a.created_at + interval '31 days'"},
               "certification_application a WHERE a.funding_note = 'bench' AND a.status IN ('assessed_proceed',"
               "'exam_booked','exam_attended','competent','not_yet_competent') AND a.id %% 6 = 0")
        log(f"  {added:,} assessor assignments")
        # Exam sessions of 40 seats, as many per province as its candidates who got that far need; their bookings.
        added = insert(ExamSession, {
            "regional_office_id": "p.regional_office_id", "scheme_id": f"(ARRAY[{','.join(str(s.pk) for s in schemes)}])[1 + g %% {len(schemes)}]",
            "province_id": "p.id", "title": "'Bench'", "starts_at": "now() - (g %% 700) * interval '1 day'",
            "ends_at": "now() - (g %% 700) * interval '1 day' + interval '6 hours'", "capacity": "40",
        }, "(SELECT a.province_id, count(*) AS c FROM certification_application a WHERE a.funding_note = 'bench' AND "
           "a.status IN ('exam_booked','exam_attended','competent','not_yet_competent') GROUP BY 1) x "
           "JOIN regions_province p ON p.id = x.province_id CROSS JOIN LATERAL generate_series(1, ceil(x.c / 40.0)::int) g")
        log(f"  {added:,} exam sessions")
        booked = ("(SELECT a.id, a.status, a.province_id, row_number() OVER (PARTITION BY a.province_id ORDER BY a.id) AS r "
                  "FROM certification_application a WHERE a.funding_note = 'bench' AND a.status IN "
                  "('exam_booked','exam_attended','competent','not_yet_competent')) b "
                  "JOIN LATERAL (SELECT s.id FROM exams_examsession s WHERE s.province_id = b.province_id "
                  "AND s.title = 'Bench' ORDER BY s.id OFFSET (b.r - 1) / 40 LIMIT 1) s ON true")
        if ExamSession._meta.db_table != "exams_examsession":
            raise SystemExit("exam session table renamed: adjust the benchmark")
        added = insert(ExamBooking, {
            "session_id": "s.id", "application_id": "b.id", "kind": "'exam'",
            "status": "(CASE WHEN b.r %% 40 = 0 THEN 'waitlisted' ELSE 'confirmed' END)",
            "seat": "(CASE WHEN b.r %% 40 = 0 THEN NULL ELSE (b.r - 1) %% 40 + 1 END)", "code": "'BN' || b.id::text",
            "attendance": "(CASE WHEN b.status = 'exam_booked' OR b.r %% 40 = 0 THEN '' WHEN b.r %% 11 = 0 THEN 'absent' ELSE 'present' END)",
        }, booked)
        log(f"  {added:,} exam bookings")
        # Certificates: the Kompeten applications, and 150,000 more holders from the registry.
        scheme_codes = "ARRAY[" + ",".join(f"'{s.credential_code}'" for s in schemes) + "]"
        added = insert(Credential, {
            "number": "'BENCH-' || a.id::text", "lookup": "'BENCH' || a.id::text", "kind": "'worker'",
            "holder_id": "a.applicant_id", "holder_name": "'Bench'", "subject": "'Pekerja Sosial'",
            "subject_code": "sc.credential_code", "issuer": "'LSP Kemensos'", "province_id": "a.province_id",
            "issued_on": "(now() - (a.id %% 1700) * interval '1 day')::date",
            "valid_until": "(now() - (a.id %% 1700) * interval '1 day' + interval '5 years')::date",
            "status": "'valid'", "source": "'bench:app:' || a.id::text",
        }, "certification_application a JOIN certification_round r ON r.id = a.round_id JOIN certification_scheme sc "
           "ON sc.id = r.scheme_id WHERE a.funding_note = 'bench' AND a.status = 'competent'")
        added += insert(Credential, {
            "number": "'BENCH-W' || w.user_id::text", "lookup": "'BENCHW' || w.user_id::text", "kind": "'worker'",
            "holder_id": "w.user_id", "holder_name": "'Bench'", "subject": "'Pekerja Sosial'",
            "subject_code": f"({scheme_codes})[1 + w.n %% {len(schemes)}]", "issuer": "'LSP Kemensos'",
            "province_id": "w.province_id", "issued_on": "(now() - (w.n %% 1800) * interval '1 day')::date",
            "valid_until": "(now() - (w.n %% 1800) * interval '1 day' + interval '5 years')::date",
            "status": "'valid'", "source": "'bench:worker:' || w.user_id::text",
        }, f"(SELECT u.id AS user_id, p.province_id, row_number() OVER (ORDER BY u.id) AS n FROM accounts_user u "
           f"JOIN registry_workerprofile p ON p.user_id = u.id WHERE u.email LIKE '%%@{bulk.DOMAIN}' "
           "ORDER BY u.id OFFSET %s LIMIT 150000) w", [applications])
        log(f"  {added:,} worker certificates")
        # LKS, each with one or two service fields, an accreditation at a depth along its workflow, its
        # transitions and, past the desk review, a visitation.
        grades = "ARRAY['A','B','C','']"
        added = insert(Institution, {
            "name": "'LKS Bench ' || g", "legal_entity_name": "'Yayasan Bench ' || g", "legal_form": "'yayasan'",
            "province_id": "(SELECT id FROM regions_province ORDER BY id OFFSET g %% 38 LIMIT 1)",
            "regency": "'Kota'", "address": "'Jl. Bench'", "phone": "'0800'", "leader_name": "'Ketua'",
            "capacity": "50", "beneficiaries": "40", "deed_number": "'1'", "deed_date": "'2015-01-01'",
            "registration_number": "'1'", "registration_date": "'2015-01-01'", "licence_number": "'1'",
            "licence_date": "'2015-01-01'", "npwp": "'0'", "grade": f"({grades})[1 + g %% 4]",
            "accredited_until": "(CASE WHEN g %% 4 = 3 THEN NULL ELSE (now() + (g %% 900) * interval '1 day')::date END)",
            "created_by_id": str(creator.pk),
        }, "generate_series(1, %s) g", [institutions])
        log(f"  {added:,} LKS")
        fields = "ARRAY['children','elderly','disability','rehabilitation','women','youth','other']"
        insert(InstitutionService, {"institution_id": "i.id", "field": f"({fields})[1 + (i.id + k) %% 7]"},
               "accreditation_institution i CROSS JOIN generate_series(0, 1) k WHERE i.name LIKE 'LKS Bench %%' AND (k = 0 OR i.id %% 3 = 0)")
        states = "ARRAY['draft','submitted','revision_requested','desk_accepted','visitation_scheduled','visited','decided','certified']"
        added = insert(Accreditation, {
            "institution_id": "i.id", "instrument_id": str(instrument.pk), "status": f"({states})[1 + i.id %% 8]",
            "province_id": "i.province_id", "regional_office_id": "p.regional_office_id", "created_by_id": str(creator.pk),
            "created_at": "now() - (i.id %% 700) * interval '1 day' - interval '200 days'",
        }, "accreditation_institution i JOIN regions_province p ON p.id = i.province_id WHERE i.name LIKE 'LKS Bench %%'")
        ct = ContentType.objects.get_for_model(Accreditation).pk
        insert(AuditEvent, {
            "created_at": "a.created_at + (s * (4 + a.id %% 20)) * interval '1 day'", "action": "'accreditation.bench'",
            "content_type_id": str(ct), "object_id": "a.id::text",
            "before": f"jsonb_build_object('status', ({states})[s])", "after": f"jsonb_build_object('status', ({states})[s + 1])",
        }, "accreditation_accreditation a CROSS JOIN generate_series(1, 7) s "
           f"WHERE a.created_by_id = {creator.pk} AND s < array_position({states}, a.status::text)")
        insert(Visitation, {
            "accreditation_id": "a.id", "date": "(a.created_at + interval '60 days')::date", "scheduled_by_id": str(staff.pk),
        }, f"accreditation_accreditation a WHERE a.created_by_id = {creator.pk} AND a.status IN "
           "('visitation_scheduled','visited','decided','certified')")
        cursor.execute("UPDATE accreditation_accreditation SET visited_at = created_at + interval '60 days' "
                       f"WHERE created_by_id = {creator.pk} AND status IN ('visited','decided','certified')")
        log(f"  {added:,} accreditations with their transitions and visitations")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    log(f"  seeded in {time.monotonic() - started:.0f} s")


# --- naive GROUP BYs on the live tables ----------------------------------------------------------
NAIVE = {
    "certification": [
        "SELECT status, count(*) FROM certification_application a {where} GROUP BY status",
        # Days per stage from the audit trail: each transition's stay, then percentile_disc per stage.
        "WITH e AS (SELECT a.id, x.created_at, x.after->>'status' AS stage, lead(x.created_at, 1, now()) OVER "
        "(PARTITION BY x.object_id ORDER BY x.created_at) AS left_at FROM audit_auditevent x JOIN certification_application a "
        "ON x.object_id = a.id::text {where_and} x.content_type_id = {app_ct}) SELECT stage, "
        "percentile_disc(0.5) WITHIN GROUP (ORDER BY extract(day FROM left_at - created_at)), percentile_disc(0.9) "
        "WITHIN GROUP (ORDER BY extract(day FROM left_at - created_at)), count(*) FROM e GROUP BY stage",
        "SELECT a.status, r.scheme_id, ro.kind, p.social_work_education, a.province_id, count(*) FROM certification_application a "
        "JOIN certification_round r ON r.id = a.round_id JOIN certification_route ro ON ro.id = a.route_id JOIN "
        "registry_workerprofile p ON p.user_id = a.applicant_id {where_and} a.status IN ('competent','not_yet_competent') "
        "GROUP BY 1, 2, 3, 4, 5",
        "SELECT c.province_id, count(*), count(*) FILTER (WHERE valid_until <= now() + interval '182 days'), count(*) FILTER "
        "(WHERE valid_until <= now() + interval '365 days') FROM credentials_credential c {cred_where} kind = 'worker' "
        "AND status = 'valid' AND valid_until >= now() GROUP BY 1",
        "SELECT s.province_id, count(DISTINCT s.id), sum(DISTINCT s.capacity), count(b.id) FILTER (WHERE b.status = 'confirmed'), "
        "count(b.id) FILTER (WHERE b.attendance = 'present'), count(b.id) FILTER (WHERE b.attendance = 'absent'), count(b.id) "
        "FILTER (WHERE b.status = 'waitlisted') FROM exams_examsession s LEFT JOIN exams_exambooking b "
        "ON b.session_id = s.id {session_where} GROUP BY 1",
        "SELECT x.assessor_id, x.status, x.due_at < now(), count(*) FROM assessment_assignment x JOIN "
        "certification_application a ON a.id = x.application_id {where} GROUP BY 1, 2, 3",
    ],
    "accreditation": [
        "SELECT i.grade, s.field, i.province_id, count(*) FROM accreditation_institution i LEFT JOIN "
        "accreditation_institutionservice s ON s.institution_id = i.id {lks_where} GROUP BY 1, 2, 3",
        "SELECT status, count(*) FROM accreditation_accreditation a {where} GROUP BY status",
        "WITH e AS (SELECT x.created_at, x.after->>'status' AS stage, lead(x.created_at, 1, now()) OVER (PARTITION BY x.object_id "
        "ORDER BY x.created_at) AS left_at FROM audit_auditevent x JOIN accreditation_accreditation a ON x.object_id = a.id::text "
        "{where_and} x.content_type_id = {acc_ct}) SELECT stage, percentile_disc(0.5) WITHIN GROUP (ORDER BY "
        "extract(day FROM left_at - created_at)), percentile_disc(0.9) WITHIN GROUP (ORDER BY extract(day FROM left_at - created_at)) "
        "FROM e GROUP BY stage",
        "SELECT a.province_id, a.visited_at IS NOT NULL, v.date < now(), count(*) FROM accreditation_visitation v JOIN "
        "accreditation_accreditation a ON a.id = v.accreditation_id {where} GROUP BY 1, 2, 3",
    ],
}


def naive_sql(key, province_id, tables):
    from django.contrib.contenttypes.models import ContentType

    from accreditation.models import Accreditation
    from certification.models import Application

    where = f"WHERE a.province_id = {province_id}" if province_id else ""
    values = {
        "where": where, "where_and": f"{where} AND" if where else "WHERE",
        "cred_where": f"WHERE c.province_id = {province_id} AND" if province_id else "WHERE",
        "session_where": f"WHERE s.province_id = {province_id}" if province_id else "",
        "lks_where": f"WHERE i.province_id = {province_id}" if province_id else "",
        "app_ct": ContentType.objects.get_for_model(Application).pk, "acc_ct": ContentType.objects.get_for_model(Accreditation).pk,
    }
    return [sql.format(**values) for sql in NAIVE[key]]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workers", type=int, default=1_000_000)
    parser.add_argument("--applications", type=int, default=300_000)
    parser.add_argument("--lks", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=20, help="timed requests per case and side (default 20)")
    parser.add_argument("--rebuild", action="store_true", help="rebuild the summaries even when they exist")
    parser.add_argument("--naive-runs", type=int, default=5, help="timed naive computations per case (default 5)")
    args = parser.parse_args()
    ensure_database()

    import django

    django.setup()
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
    from django.core.management import call_command
    from django.db import connection

    from accreditation import reference as accreditation_reference
    from certification import reference as certification_reference
    from certification.assessment import reference as rubrics
    from portal.accounts.models import User
    from portal.accounts.roles import Role
    from portal.regions.models import Province, RegionalOffice
    from portal.statistics import summaries
    from portal.statistics.models import Figure
    from registry import bulk
    from tests.auth import Client

    call_command("migrate", verbosity=0)
    certification_reference.load()
    rubrics.load()
    accreditation_reference.load()
    print(f"workers: {bulk.ensure_synthetic_workers(args.workers, log=print):,} added")
    seed(args.applications, args.lks)
    from portal.statistics.models import FigureRun

    started = time.monotonic()
    if args.rebuild or FigureRun.objects.filter(seconds__gt=0).count() < len(summaries.registered()):
        runs = summaries.rebuild_all()
    else:
        runs = list(FigureRun.objects.order_by("dashboard"))
        print("summaries kept from the last run (--rebuild to rebuild them); last rebuild:")
    print(f"summary rebuild: {time.monotonic() - started:.1f} s, " + ", ".join(
        f"{run.dashboard} {run.rows:,} rows in {run.seconds:.1f} s" for run in runs))
    print(f"summary rows in all: {Figure.objects.count():,}")

    def staff(role, email, **extra):
        user, created = User.objects.get_or_create(email=email, defaults={"full_name": email, "role": role, **extra})
        if created:
            TOTP.activate(user, generate_totp_secret())
        client = Client()
        client.force_login(user)
        return client

    lsp = staff(Role.LSP_ADMIN, "bench-lsp@synthetic.test")
    balks = staff(Role.BALKS_ADMIN, "bench-balks@synthetic.test")
    secretariat = staff(Role.SECRETARIAT, "bench-sekr@synthetic.test", regional_office=RegionalOffice.objects.get(code="II"))
    west_java = Province.objects.get(code="32")
    cases = [
        ("certification", "LSP admin, national", lsp, "", None),
        ("certification", "LSP admin, Jawa Barat", lsp, "?province=32", west_java.pk),
        ("certification", "LSP admin, scheme + funding", lsp, "?scheme=ps-generalis&funding=dinsos", None),
        ("certification", "LSP admin, 2025", lsp, "?start=2025-01&end=2025-12", None),
        ("certification", "secretariat II", secretariat, "", None),
        ("accreditation", "BALKS admin, national", balks, "", None),
        ("accreditation", "BALKS admin, Jawa Barat", balks, "?province=32", west_java.pk),
        ("accreditation", "secretariat II", secretariat, "", None),
    ]
    print(f"\n{'dashboard':<14} {'case':<28} {'page p50':>9} {'page p95':>9} {'naive p50':>10} {'naive p95':>10} {'ratio p95':>10}")
    for key, label, client, query, province_id in cases:
        url = f"/dashboards/{key}/{query}"
        for _ in range(3):
            assert client.get(url).status_code == 200, url
        page = []
        for _ in range(args.runs):
            began = time.perf_counter()
            response = client.get(url)
            page.append((time.perf_counter() - began) * 1000)
            assert response.status_code == 200
        naive = []
        statements = naive_sql(key, province_id, None)
        for _ in range(args.naive_runs):
            began = time.perf_counter()
            with connection.cursor() as cursor:
                for sql in statements:
                    cursor.execute(sql)
                    cursor.fetchall()
            naive.append((time.perf_counter() - began) * 1000)
        print(f"{key:<14} {label:<28} {percentile(page, .5):>7.0f}ms {percentile(page, .95):>7.0f}ms "
              f"{percentile(naive, .5):>8.0f}ms {percentile(naive, .95):>8.0f}ms {percentile(naive, .95) / percentile(page, .95):>9.1f}×")
    print("\n(naive: the same aggregates by GROUP BY on the live tables, without rendering; the secretariat's naive "
          "figures are the national ones)")


if __name__ == "__main__":
    main()
