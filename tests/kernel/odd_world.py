"""One of everything, for the odd-input walker: users of every role, each with something to look at
and forms to post. Built through the apps' services (what the views call), as the app tests do."""

from dataclasses import dataclass, field
from datetime import timedelta

from django.utils import timezone

from portal.accounts.roles import Role
from portal.regions.models import RegionalOffice
from registry.models import AssessorProfile
from tests.assessment.helpers import license_assessor


@dataclass
class World:
    users: dict = field(default_factory=dict)  # role -> [users]
    objects: dict = field(default_factory=dict)
    #: role -> [(method, url, {field: valid value})]: what no page links to (JSON, the phone's
    #: autosave with its device time, an API).
    extra: dict = field(default_factory=dict)
    #: role -> [url]: where the walk starts besides the home page (pages of one state among many
    #: of the same shape, so the walk's limit per shape does not skip them).
    start: dict = field(default_factory=dict)


def _assessor(make_user, **kwargs):
    user = make_user(Role.ASSESSOR, **kwargs)
    profile = AssessorProfile.objects.create(
        user=user, institution="Universitas Padjadjaran", regional_office=RegionalOffice.objects.get(code="II"),
        expertise=["child_protection", "institutions"], declarations_confirmed_at=timezone.now(),
    )
    license_assessor(profile)
    return user, profile


def build(make_user):
    from accreditation import reference as accreditation_reference
    from accreditation import services as accreditation_services
    from certification import reference as certification_reference
    from certification import services as certification_services
    from certification.assessment import reference as rubrics
    from certification.assessment import services as assessment_services
    from certification.assessment.models import Reconciliation
    from certification.exams import services as exam_services
    from certification.models import Application
    from portal.workflow.engine import perform
    from tests.accreditation import helpers as acc
    from tests.certification.helpers import (
        fill_application,
        make_worker,
        open_round,
        standard_route,
    )
    from tests.exams.helpers import agreed, later_today, make_session, make_tuk, scores_for
    from tests.registry.helpers import make_credential

    certification_reference.load()
    rubrics.load()
    accreditation_reference.load()
    world = World()
    secretariat = make_user(Role.SECRETARIAT, regional_office=RegionalOffice.objects.get(code="II"))
    from registry.models import ConflictDeclaration
    lsp_admin = make_user(Role.LSP_ADMIN)
    balks_admin = make_user(Role.BALKS_ADMIN)

    # An applicant with a draft (every wizard step has a form) and a certificate.
    applicant = make_worker(make_user)
    round_ = open_round()
    draft = certification_services.start_application(applicant, round_, standard_route(round_))
    certification_services.save_funding(applicant, draft, "self")
    make_credential(applicant, number="PS-2024-000123", holder_name=applicant.full_name)
    second_round = open_round(name="Gelombang kedua")  # nobody applied yet: the pre-check's start form

    # A submitted application the secretariat checks; an eligible one two assessors score.
    def submitted():
        user = make_worker(make_user)
        application = certification_services.start_application(user, round_, standard_route(round_))
        fill_application(user, application)
        perform(application, "submit", user)
        application.refresh_from_db()
        return application

    to_check = submitted()
    assessor, assessor_profile = _assessor(make_user)
    ConflictDeclaration.objects.create(assessor=assessor_profile, kind="person", name="Nama Saudara Jauh", reason="Keluarga")
    second, _second_profile = _assessor(make_user)
    scored = submitted()
    Application.objects.filter(pk=scored.pk).update(status="eligible")
    scored.refresh_from_db()
    mine, theirs = assessment_services.assign(secretariat, scored, [assessor, second])
    assessment_services.declare(assessor, mine, conflict=False)
    # The other assessor submitted (the secretariat may reopen it).
    assessment_services.declare(second, theirs, conflict=False)
    criteria = list(theirs.rubric.criteria.all())
    assessment_services.save_scores(second, theirs, {c.pk: (theirs.rubric.scale_max, False, "") for c in criteria})
    assessment_services.submit(second, theirs, recommendation="proceed")
    # One still to declare.
    undeclared_app = submitted()
    Application.objects.filter(pk=undeclared_app.pk).update(status="eligible")
    undeclared_app.refresh_from_db()
    assessment_services.assign(secretariat, undeclared_app, [assessor])
    # One waiting for assessors (the round's bulk assignment).
    to_assign = submitted()
    Application.objects.filter(pk=to_assign.pk).update(status="eligible")
    # One in reconciliation, for the LSP admin.
    disputed = submitted()
    Application.objects.filter(pk=disputed.pk).update(status="in_assessment")
    Reconciliation.objects.create(application=disputed, reason="the recommendations differ")

    # An exam session: the candidate's booking (checked in, scored by the assessor).
    candidate_app = submitted()
    Application.objects.filter(pk=candidate_app.pk).update(status="assessed_proceed")
    candidate_app.refresh_from_db()
    # Later today, so that check-in (open on the session's day) works whatever the hour the tests run.
    session = make_session(capacity=5, starts_in=later_today(), cutoff=0, is_published=True)
    # Its test site (TUK), verified, for the register's pages.
    session.tuk = make_tuk(verifier=secretariat)
    session.save(update_fields=["tuk"])
    exam_services.set_assessors(secretariat, session, [assessor_profile])
    booking = exam_services.book_seat(candidate_app.applicant, candidate_app, session)
    agreed(booking)
    exam_services.check_in(secretariat, session, booking.code)
    booking.refresh_from_db()
    exam_services.save_scores(assessor, booking, scores_for(booking, {"portfolio": 80}))
    # A seat not taken yet (staff may cancel it), and a candidate who still has to choose a session.
    seated_app = submitted()
    Application.objects.filter(pk=seated_app.pk).update(status="assessed_proceed")
    seated_app.refresh_from_db()
    exam_services.book_seat(secretariat, seated_app, session)
    chooser = submitted()
    Application.objects.filter(pk=chooser.pk).update(status="assessed_proceed")
    chooser.refresh_from_db()

    # The computer-based test: a bank and a blueprint of the scheme, a session that has started with a
    # checked-in candidate whose test is open (the walk's browser is another device: refused, as it should be).
    from certification.cbt import services as cbt
    from tests.cbt.helpers import make_bank, make_blueprint
    from tests.exams.helpers import start_now

    make_bank()
    make_blueprint(items=10)
    cbt_session = make_session(capacity=3, starts_in=later_today(), cutoff=0, is_published=True)
    cbt_app = submitted()
    Application.objects.filter(pk=cbt_app.pk).update(status="assessed_proceed")
    cbt_app.refresh_from_db()
    cbt_booking = exam_services.book_seat(cbt_app.applicant, cbt_app, cbt_session)
    start_now(cbt_session)
    agreed(cbt_booking)
    exam_services.check_in(secretariat, cbt_session, cbt_booking.code)
    cbt_booking.refresh_from_db()
    cbt_attempt = cbt.start_attempt(cbt_app.applicant, cbt_booking, None).attempt

    # Accreditation: an operator's draft, one for the desk review, a visitation the assessor leads,
    # one visited for the BALKS plenary.
    operator = make_user(Role.LKS_OPERATOR)
    acc_draft = acc.draft(make_user, operator)
    institution = acc_draft.institution
    first = acc.indicators(acc_draft)[0]
    accreditation_services.save_answer(operator, acc_draft, first, score=3, explanation="Penjelasan")
    accreditation_services.add_evidence(operator, acc_draft, first, acc.pdf())
    accreditation_services.add_staff(operator, institution, full_name="Siti Aminah", position="Pekerja sosial", role="social_worker")
    accreditation_services.add_operator(operator, institution, make_user(Role.LKS_OPERATOR).email)
    acc.make_institution(operator, name="LKSA Tanpa Akreditasi")
    for_desk = acc.submitted(make_user, name="LKSA Harapan Bangsa")
    accepted, _reviewer = acc.accepted(make_user, name="LKSA Tunas Bangsa")
    team_mate = acc.make_assessor(make_user, institution="Universitas Indonesia")
    visitation = accreditation_services.schedule_visitation(
        secretariat, accepted, date=timezone.localdate() + timedelta(days=7), start_time="09:00",
        duration_hours=6, notes="", assessors=[assessor_profile, team_mate], lead=assessor_profile,
    )
    visited, _visitation, _team = acc.visited(make_user, name="LKSA Cahaya")
    decided, _visitation, _team = acc.visited(make_user, name="LKSA Bina Insani")
    accreditation_services.decide(balks_admin, decided, decided.suggested_grade)
    to_schedule, _reviewer = acc.accepted(make_user, name="LKSA Mentari")
    # An accreditation certificate from the old register, attached to the operator's LKS (BALKS admins detach it).
    from portal.imports import kinds as import_kinds
    from portal.imports import services as imports
    from tests.imports.helpers import LKS_HEADER, csv_bytes, lks_rows

    old_lks = lks_rows(1)
    imports.apply(import_kinds.get("lks"), csv_bytes(LKS_HEADER, old_lks), "lks.csv", actor=balks_admin)
    accreditation_services.attach_imported(operator, institution, number=old_lks[0][5], registration_number=old_lks[0][0])

    # Complaints: one about the applicant's certificate, triaged (every action's form), one about an LKS.
    from portal.complaints import services as complaint_services
    from portal.credentials.models import Credential
    from tests.complaints.helpers import file as file_complaint

    worker_complaint, _code = file_complaint("worker", credential=Credential.objects.get(number="PS-2024-000123"))
    complaint_services.triage(worker_complaint, lsp_admin, category="fraud", handler=lsp_admin)
    lks_complaint, _code = file_complaint("lks", subject_name="LKSA Cahaya")

    # Appeals: a Belum Kompeten candidate who may appeal (the form), one appeal waiting for its panel (the
    # LSP admin's panel form), one with the panel (the assessor's decision form).
    from portal.appeals import services as appeals
    from tests.appeals.helpers import appeal_answers, failed_candidate

    may_appeal = failed_candidate(make_user).application
    waiting = failed_candidate(make_user).application
    waiting_appeal = appeals.file_appeal(waiting.applicant, waiting, **appeal_answers())
    appeals.add_member(waiting_appeal, lsp_admin, _assessor(make_user, full_name="Dra. Wening Astuti")[0])
    reviewed = failed_candidate(make_user).application
    reviewed_appeal = appeals.file_appeal(reviewed.applicant, reviewed, **appeal_answers())
    appeals.add_member(reviewed_appeal, lsp_admin, assessor)
    appeals.form_panel(reviewed_appeal, lsp_admin)

    # Units of competency (FR.APL.02): the scheme of the applicant's draft published with units (the
    # draft takes that version, and its self-assessment step, when it is opened), and a draft version of
    # another scheme for the LSP admin to look at, publish or discard.
    from certification.competency import services as competency
    from certification.competency import spreadsheet
    from certification.competency.models import SchemeKind
    from certification.models import Scheme
    from tests.competency.helpers import units_spec

    # Decisions per unit (FR.AK.02): candidates of that version seated and scored in sessions of their own
    # (built while the version is a draft, so that their drafts are not pinned to it before submission):
    # one FR.AK.02 to fill in, one submitted (its report and review), one declared Belum Kompeten with a BK
    # unit (its re-sit) who also gives feedback.
    from certification.exams import services as unit_exams
    from tests.unitdecisions.helpers import close, decide_units, sitting, units_version

    units = units_version(lsp_admin)
    ak_open = sitting(make_user, admin=lsp_admin, version=units)
    ak_done = sitting(make_user, admin=lsp_admin, version=units, session=ak_open.session, staff=ak_open.staff,
                      assessor=ak_open.assessor)
    decide_units(ak_done, ["K", "BK"])
    resit_sit = sitting(make_user, admin=lsp_admin, version=units)
    close(resit_sit)
    decide_units(resit_sit, ["K", "BK"])
    unit_exams.hold_plenary(lsp_admin, resit_sit.session, [unit_exams.Decision(resit_sit.booking, "not_yet_competent")])
    competency.publish(lsp_admin, units)
    unit_draft = competency.create_draft(
        lsp_admin, Scheme.objects.get(code="tks"), spreadsheet.Parsed(rows=[(2, {})], units=units_spec("M.87SOS00.010.1")),
        kind=SchemeKind.OKUPASI, scheme_number="SKM-TKS-01",
    )

    # A register import checked and waiting to be confirmed (its page and its confirm form), for the LSP admin.
    from django.core.files.uploadedfile import SimpleUploadedFile

    from portal.imports import kinds as import_kinds
    from portal.imports import services as imports
    from tests.imports.helpers import WORKER_HEADER, csv_bytes, worker_rows

    import_job = imports.upload(
        import_kinds.get("workers"), SimpleUploadedFile("register.csv", csv_bytes(WORKER_HEADER, worker_rows(2))),
        actor=lsp_admin,
    )
    imports.check_job(import_job.pk)

    # A person's request about their data, for the data protection officer.
    from portal.privacy import services as privacy

    dpo = make_user(Role.DPO)
    privacy.submit_request(applicant, "correction", "Tanggal lahir saya salah: 14 Mei 1990.")
    # A breach with a person on its list, for the officer's register.
    from portal.privacy import breach_services

    breach = breach_services.record_breach(dpo, {
        "title": "Laptop staf hilang", "description": "Laptop berisi ekspor pencarian hilang di kereta.",
        "categories": ["identity"], "subjects_description": "Pekerja sosial dalam ekspor.", "occurred_from": None,
        "occurred_until": None, "discovered_at": timezone.now() - timedelta(hours=5), "discovery": "Laporan staf.",
        "measures": "Kata sandi diganti.",
    })
    breach_services.add_person(dpo, breach, applicant)

    world.users = {
        "anonymous": [None],
        "dpo": [dpo],
        "applicant": [applicant, candidate_app.applicant, chooser.applicant, seated_app.applicant,
                      may_appeal.applicant, reviewed.applicant, ak_open.application.applicant, resit_sit.application.applicant,
                      cbt_app.applicant],
        "assessor": [assessor, ak_open.assessor.user],
        "secretariat": [secretariat],
        "lsp_admin": [lsp_admin],
        "balks_admin": [balks_admin],
        "lks_operator": [operator, for_desk.institution.operators.get()],
    }
    world.objects = {
        "draft": draft, "to_check": to_check, "scored": scored, "assignment": mine, "disputed": disputed,
        "session": session, "booking": booking, "acc_draft": acc_draft, "for_desk": for_desk,
        "visitation": visitation, "visited": visited, "round": round_, "decided": decided,
        "to_schedule": to_schedule,
    }
    indicator = acc.indicators(accepted)[0]
    world.extra = {
        "anonymous": [("get", "/api/v1/keys/", {}), ("get", "/api/v1/credentials/PS-2024-000123/", {}),
                      ("get", "/verify/PS-2024-000123/", {})],
        "assessor": [("post", f"/visitations/{visitation.pk}/score/{indicator.pk}/",
                      {"score": "3", "note": "Catatan", "at": "1700000000000"})],
        "lks_operator": [("post", f"/accreditation/{acc_draft.pk}/answer/{first.pk}/",
                          {f"i{first.pk}-score": "3", f"i{first.pk}-explanation": "Penjelasan", "full": "1"})],
        "secretariat": [("post", f"/secretariat/assessment/assignments/{theirs.pk}/reopen/", {"reason": "Salah hitung"})],
        "applicant": [("post", f"/cbt/attempts/{cbt_attempt.pk}/answer/", {"key": "odd-input-key-1", "item": "1", "choice": "0", "seq": "1"})],
    }
    world.start = {
        "applicant": [f"/rounds/{second_round.pk}/check/", f"/applications/{draft.pk}/self-assessment/",
                      f"/appeals/new/certification/{may_appeal.pk}/",
                      f"/applications/{ak_open.application.pk}/assessment-feedback/",
                      f"/applications/{resit_sit.application.pk}/resit/",
                      "/cbt/", f"/cbt/attempts/{cbt_attempt.pk}/",
                      f"/cbt/attempts/{cbt_attempt.pk}/state.json", f"/cbt/attempts/{cbt_attempt.pk}/submit/"],
        "assessor": [f"/appeals/{reviewed_appeal.pk}/", f"/assessment/units/{ak_open.booking.pk}/",
                     f"/assessment/units/{ak_done.booking.pk}/report/", f"/assessment/units/{ak_done.booking.pk}/review/"],
        "lks_operator": [f"/accreditation/{acc_draft.pk}/standard/1/"],
        "secretariat": [f"/accreditation/{to_schedule.pk}/visitation/", f"/secretariat/assessment/applications/{scored.pk}/",
                        "/dashboards/", f"/cbt/sessions/{cbt_session.pk}/proctor/"],
        "lsp_admin": [f"/secretariat/exams/{session.pk}/plenary/", f"/secretariat/exams/rounds/{round_.pk}/rules/",
                      f"/assessment/reconciliation/{disputed.pk}/", f"/complaints/manage/{worker_complaint.pk}/",
                      f"/schemes/units/versions/{unit_draft.pk}/", f"/appeals/{waiting_appeal.pk}/",
                      "/cbt/items/", "/cbt/blueprints/", f"/cbt/sessions/{cbt_session.pk}/proctor/",
                      f"/cbt/analysis/?scheme={cbt_session.scheme_id}",
                      f"/imports/jobs/{import_job.pk}/"],
        "balks_admin": [f"/accreditation/{decided.pk}/", f"/accreditation/{visited.pk}/decision/",
                        f"/complaints/manage/{lks_complaint.pk}/", f"/lks/{institution.pk}/"],
        "anonymous": ["/complaints/filed/"],
        "dpo": [f"/privacy/breaches/{breach.pk}/", "/privacy/access-log/", "/privacy/breaches/new/"],
    }
    # The staff dashboards' summary rows, so that their pages and downloads read figures of this world.
    from portal.statistics import summaries

    summaries.rebuild_all()
    return world
