"""Every e-mail the portal sends, rendered in Indonesian and in English, names the portal and has no
empty placeholder ("Halo dari !", "mendaftar akun di .", "Terima kasih telah menggunakan !").

Our messages (every `notifications/<name>_body.txt` of every template directory) are rendered through
`notify()`, the path they take in production: the workflow engine's with the context `perform()` gives
(`transition_message_context`) to the transition's own recipients, the others with the context their
call site passes (named beside each case). allauth's account e-mails are produced by the sign-up,
sign-in and password-reset pages themselves. A variable a template names but its context lacks renders
as a marker (the engine's `string_if_invalid`), so a missing value fails even where it would have
rendered as nothing. A new template without a case here fails the coverage test.
"""

import re
from datetime import timedelta
from pathlib import Path

import pytest
from allauth.account import app_settings as allauth_settings
from allauth.account.models import EmailAddress
from django.conf import settings
from django.template import engines
from django.urls import reverse
from django.utils import timezone, translation

from certification import services as certification_services
from certification.assessment.models import Assignment, Reconciliation
from certification.assessment.services import active_rubric
from certification.exams import services as exam_services
from portal.accounts.roles import Role
from portal.notifications.models import Notification
from portal.notifications.services import notify
from portal.workflow.engine import transition_message_context
from registry.models import AssessorProfile
from tests.accreditation import helpers as accreditation_helpers
from tests.assessment.helpers import license_assessor
from tests.certification.helpers import submitted_application
from tests.exams.helpers import candidate, make_session

pytestmark = pytest.mark.django_db

MARK = "«MISSING»"
LANGUAGES = ("id", "en")

#: what an empty or broken placeholder leaves in a plain-text e-mail
EMPTY_PLACEHOLDERS = [
    (re.compile(r"[^\S\n]+[.,!?;)]"), "a space before punctuation (an empty value before it)"),
    (re.compile(r"(?<![\s.!?])[^\S\n]{2,}\S"), "two spaces in a row (an empty value between them)"),
    (re.compile(r"\(\s*\)|“\s*”|\"\s*\""), "empty brackets or quotes"),
    (re.compile(r"(?<![.])\.\.(?![.])"), "a doubled full stop"),
    (re.compile(r":[^\S\n]+$|:\s*\Z", re.M), "a label with nothing after it (\"Catatan: \")"),
    (re.compile(r"&(?:amp|lt|gt|quot|#x27|#39);"), "HTML escaping in a plain-text e-mail"),
    (re.compile(r"\bNone\b"), "None"),
]


def problems_in(text):
    found = [what for pattern, what in EMPTY_PLACEHOLDERS if pattern.search(text)]
    if MARK in text:
        found.append("a variable missing from the context")
    return found


@pytest.fixture
def strict_templates(monkeypatch):
    """A variable missing from a template's context renders as MARK instead of nothing."""
    monkeypatch.setattr(engines["django"].engine, "string_if_invalid", MARK)


def our_templates():
    """Every notifications/<name>_body.txt in the template directories (the project's and the apps')."""
    roots = [Path(d) for d in settings.TEMPLATES[0]["DIRS"]]
    from django.apps import apps

    roots += [Path(config.path) / "templates" for config in apps.get_app_configs()]
    names = set()
    for root in roots:
        base = root / "notifications"
        for body in base.glob("**/*_body.txt"):
            names.add(str(body.relative_to(base)).removesuffix("_body.txt"))
    return names


# ---- a world with one of everything, made by the apps' own services ---------------------------------------
@pytest.fixture
def world(make_user, issue):
    from types import SimpleNamespace

    w = SimpleNamespace(make_user=make_user)
    # Certification: a submitted application; an item flagged with a note; returned for revision.
    w.application = submitted_application(make_user, full_name="Nur'aini Siregar")
    w.applicant = w.application.applicant
    w.secretariat = make_user(Role.SECRETARIAT, regional_office=w.application.regional_office, full_name="Dewi Lestari")
    w.item = w.application.documents.select_related("requirement").first()
    certification_services.review_item(w.secretariat, w.item, "needs_revision", "Pindaian buram & terpotong; unggah ulang.")
    # Assessment: an assessor with an assignment, a reconciliation.
    w.assessor = make_user(Role.ASSESSOR, full_name="Dr. Budi Santoso")
    w.assessor_profile = AssessorProfile.objects.create(
        user=w.assessor, institution="Universitas Padjadjaran", regional_office=w.application.regional_office
    )
    w.licence = license_assessor(w.assessor_profile, number="MET.000.012345 2024")
    w.assignment = Assignment.objects.create(
        application=w.application, assessor=w.assessor, rubric=active_rubric(w.application.round.scheme),
        assigned_by=w.secretariat, due_at=timezone.now() + timedelta(days=14),
    )
    w.reconciliation = Reconciliation.objects.create(application=w.application, reason="the recommendations differ")
    w.lsp_admin = make_user(Role.LSP_ADMIN, full_name="Rina Wulandari")
    # Exams: a candidate with a seat.
    w.exam_application = candidate(make_user, full_name="Agus Prasetyo")
    w.session = make_session(capacity=5)
    w.booking = exam_services.book_seat(w.exam_application.applicant, w.exam_application, w.session)
    # Accreditation: visited, decided (grade B) and certified, by the services.
    w.accreditation, w.visitation, w.team = accreditation_helpers.visited(make_user, name="LKSA Kasih & Peduli")
    w.balks_admin = make_user(Role.BALKS_ADMIN, full_name="Hendra Gunawan")
    w.institution = w.accreditation.institution
    w.operator = w.institution.operators.get()
    # Credentials: a worker's certificate.
    w.credential = issue(holder=w.applicant, holder_name=w.applicant.full_name)
    # Complaints: one about an assessor, from a visitor (tests/complaints/helpers.py files it as the form does).
    from tests.complaints.helpers import file as file_complaint

    w.complaint, w.complaint_code = file_complaint(contact_name="Nur'aini Siregar")
    from portal.privacy.models import DataRequest

    w.dpo = make_user(Role.DPO, full_name="Maya Putri")
    w.data_request = DataRequest.objects.create(
        person=w.applicant, kind="erasure", details="Hapus data saya.", status="done", response="Sudah dihapus.",
        outcome={"erased": ["Profil pekerja sosial Anda"], "kept": ["Sertifikat PS-GEN-2026-000001-M: register publik"]},
    )
    # Appeals: the exam candidate's appeal of a Belum Kompeten, with a panel of one.
    from portal.appeals.models import Appeal, PanelMember

    w.appeal = Appeal.objects.create(
        kind="certification", handler_role=Role.LSP_ADMIN, subject=w.exam_application,
        appellant=w.exam_application.applicant, decision_label="Belum Kompeten (rapat pleno setelah uji kompetensi)",
        decision_at=timezone.now(), subject_title=f"{w.exam_application.reference} · Pekerja Sosial & Generalis",
        process_explained=True, discussed_with_assessor=False, wants_help=False,
        reasons="Penguji tidak menilai studi kasus kedua saya.", due_at=timezone.now() + timedelta(days=30),
    )
    PanelMember.objects.create(appeal=w.appeal, member=w.assessor, is_chair=True, added_by=w.lsp_admin)
    from portal.privacy import breach_services

    w.breach = breach_services.record_breach(w.dpo, {
        "title": "Akun sekretariat dipakai orang lain", "description": "Kata sandi staf bocor.",
        "categories": ["identity", "contact"], "subjects_description": "Pekerja sosial Jawa Barat.",
        "occurred_from": timezone.now() - timedelta(days=2), "occurred_until": timezone.now() - timedelta(days=1),
        "discovered_at": timezone.now() - timedelta(hours=3), "discovery": "Laporan staf.",
        "measures": "Kata sandi diganti.",
    })
    return w


def _fresh(obj, **state):
    """The object as its own row (the engine renders after the move: in the transition's target state)."""
    fresh = type(obj)._default_manager.get(pk=obj.pk)
    for field, value in state.items():
        setattr(fresh, field, value)
    return fresh


# What the call sites give the engine (perform(..., note=, context=)) for each transition.
def _engine_extras(w, workflow, name):
    extras = {
        ("application", "return_for_revision"): ({}, "Satu dokumen perlu diperbaiki."),
        ("application", "declare_ineligible"): ({}, "Ijazah tidak sah."),
        ("application", "recommend_proceed"): ({}, ""),
        ("application", "cancel_exam_booking"): ({"booking": w.booking}, "Sakit."),
        ("application", "check_in"): ({"booking": w.booking}, ""),
        ("application", "mark_no_show"): ({"booking": w.booking}, ""),
        ("application", "declare_competent"): ({"booking": _fresh(w.booking, result="competent"), "feedback": ""}, ""),
        ("application", "declare_not_yet_competent"): (
            {"booking": w.booking, "feedback": "Perdalam asesmen risiko anak."}, "Nilai praktik di bawah batas."
        ),
        ("accreditation", "return_for_revision"): ({}, "Mohon lengkapi bukti."),
        ("accreditation", "schedule_visitation"): ({"visitation": w.visitation}, ""),
        ("accreditation", "decide"): ({"grade_label": "B (Good)"}, ""),
        ("credential", "suspend"): ({}, "Sedang diperiksa."),
        ("credential", "revoke"): ({}, "Dokumen palsu."),
        ("credential", "reinstate"): ({}, "Pemeriksaan selesai."),
        ("appeal", "uphold"): ({}, "Skor praktik sudah dinilai dengan rubrik yang benar."),
        ("appeal", "grant"): ({}, "Studi kasus kedua tidak dinilai & perlu diases ulang."),
    }
    return extras.get((workflow, name), ({}, ""))


def engine_messages(w):
    """(template, recipient, context, url) of every transition that notifies, as perform() sends it."""
    objects = {"application": w.application, "accreditation": w.accreditation, "credential": w.credential,
               "appeal": w.appeal}
    actors = {"application": w.secretariat, "accreditation": w.balks_admin, "credential": w.lsp_admin,
              "appeal": w.assessor}
    out = []
    for name, obj in objects.items():
        workflow = type(obj).workflow
        for t in workflow.transitions:
            if t.recipients is None:
                continue
            state = {workflow.field: t.target}
            if name == "accreditation" and t.name in ("decide", "certify"):
                state.update(grade="B", suggested_grade="B")
            moved = _fresh(obj, **state)
            if name == "application" and t.name in ("cancel_exam_booking", "check_in", "mark_no_show",
                                                      "declare_competent", "declare_not_yet_competent"):
                moved = _fresh(w.exam_application, **state)
            if name == "accreditation" and t.name == "certify":
                moved.credential = w.credential
            if name == "appeal" and t.name == "grant":
                moved.outcome, moved.units = "reassess", [{"code": "KSS.PS01.001.01", "label": "Melakukan asesmen awal"}]
            context, note = _engine_extras(w, name, t.name)
            message = transition_message_context(moved, t, actors[name], note=note, context=context)
            for recipient in t.recipients(moved):
                if recipient is not None:
                    out.append((t.template, recipient, message, moved.get_absolute_url(), f"{name}.{t.name}"))
    return out


def other_messages(w):
    """(template, recipient, context, url) as each call site outside the engine passes them."""
    a, b, s = w.application, w.booking, w.session
    return [
        # certification/assessment/services.py assign, declare, after_submission, reopen, remind_overdue
        ("assessment/assigned", w.assessor, {"assignment": w.assignment, "application": a}, w.assignment.get_absolute_url()),
        ("assessment/conflict", w.secretariat, {"assignment": w.assignment, "application": a}, f"/secretariat/assessment/{a.pk}/"),
        ("assessment/reconciliation", w.lsp_admin, {"application": a, "reconciliation": w.reconciliation},
         f"/assessment/reconciliation/{a.pk}/"),
        ("assessment/reopened", w.assessor, {"assignment": w.assignment, "application": a, "note": "Skor area 2 belum diisi."},
         w.assignment.get_absolute_url()),
        ("assessment/reminder", w.assessor, {"assignment": w.assignment, "application": a}, w.assignment.get_absolute_url()),
        ("assessment/late_summary", w.secretariat, {"assignments": [w.assignment]}, "/secretariat/assessment/"),
        # certification/exams/emails.py and services/booking.py, services/checkin.py
        ("exams/confirmation", b.application.applicant, {"booking": b, "session": s}, b.get_absolute_url()),
        ("exams/reminder", b.application.applicant, {"booking": b, "session": s, "days": 7}, b.get_absolute_url()),
        ("exams/promoted", b.application.applicant, {"booking": b, "session": s}, b.get_absolute_url()),
        ("exams/waitlisted", b.application.applicant, {"booking": b, "session": s, "position": 2}, b.get_absolute_url()),
        ("exams/session_changed", b.application.applicant, {"booking": b, "session": s}, b.get_absolute_url()),
        ("exams/waitlist_dropped", b.application.applicant,
         {"booking": b, "reason": "The session took place without a free seat."}, reverse("exams:mine")),
        ("exams/booking_cancelled", b.application.applicant, {"booking": b, "object": b.application, "note": "Sakit."},
         reverse("exams:mine")),
        # accreditation/services/institutions.py, visitation.py, decision.py
        ("accreditation/operator_added", w.operator, {"institution": w.institution, "actor": w.operator},
         w.institution.get_absolute_url()),
        ("accreditation/visitation_updated", w.operator,
         {"object": w.accreditation, "visitation": w.visitation, "actor": w.balks_admin}, w.visitation.get_absolute_url()),
        ("accreditation/renewal_reminder", w.operator,
         {"institution": w.institution, "accreditation": w.accreditation, "days_left": 90, "until": "1 Juni 2031"},
         w.institution.get_absolute_url()),
        # portal/credentials/services/ issue_credential, send_reminder
        ("credentials/issued", w.applicant, {"credential": w.credential, "kind_label": w.credential.get_kind_display()},
         reverse("credentials:mine")),
        ("credentials/reminder", w.applicant,
         {"credential": w.credential, "days_left": 90, "kind_label": w.credential.get_kind_display()}, reverse("credentials:mine")),
        # certification/assessment/licences.py remind_expiring
        ("assessment/licence_expiry", w.assessor, {"licence": w.licence, "days_left": 30, "stage": 30},
         reverse("registry:assessor_me")),
        # portal/complaints/services.py tell_complainant (received, response, decided), triage and reassign
        # (assigned: the engine's context, or reassign's), remind_overdue
        *complaint_messages(w),
        # portal/privacy/services.py submit_request, answer (an erasure: to the address the person had), remind_overdue
        ("privacy/request_received", w.applicant, {"object": w.data_request}, w.data_request.get_absolute_url()),
        ("privacy/request_for_officer", w.dpo, {"object": w.data_request}, f"/privacy/requests/{w.data_request.pk}/"),
        ("privacy/request_answered", w.applicant, {"object": w.data_request, "note": "Sudah dihapus."},
         w.data_request.get_absolute_url()),
        ("privacy/request_overdue", w.dpo, {"object": w.data_request}, f"/privacy/requests/{w.data_request.pk}/"),
        # portal/appeals/services.py file_appeal (received, new), remind_due; certification/exams/appeals.py apply
        ("appeals/received", w.appeal.appellant, {"appeal": w.appeal}, w.appeal.get_absolute_url()),
        ("appeals/new", w.lsp_admin, {"appeal": w.appeal}, w.appeal.get_absolute_url()),
        ("appeals/reminder", w.lsp_admin, {"appeal": w.appeal, "overdue": False}, w.appeal.get_absolute_url()),
        ("appeals/reminder", w.assessor, {"appeal": _fresh(w.appeal, status="in_review"), "overdue": True},
         w.appeal.get_absolute_url()),
        ("appeals/reassessment", w.assessor,
         {"appeal": _fresh(w.appeal, outcome="reassess", units=[{"code": "KSS.PS01.001.01", "label": "Melakukan asesmen awal"}]),
          "booking": w.booking}, f"/secretariat/exams/{w.session.pk}/scoring/{w.booking.pk}/"),
        # portal/privacy/breach_services.py send_notice, remind (before the deadline and overdue)
        ("privacy/breach_notice", w.applicant,
         {"breach": w.breach, "notice_id": w.breach.notice_id, "notice_en": w.breach.notice_en}, "/my-data/"),
        ("privacy/breach_reminder", w.dpo, {"breach": w.breach, "overdue": False}, w.breach.get_absolute_url()),
        ("privacy/breach_reminder", w.dpo, {"breach": w.breach, "overdue": True}, w.breach.get_absolute_url()),
        # registry/services.py create_assessor
        ("registry/assessor_created", w.assessor,
         {"reset_url": settings.SITE_URL + reverse("account_reset_password"), "profile": w.assessor_profile},
         reverse("registry:assessor_me")),
    ]


def complaint_messages(w):
    from portal.complaints.models import ComplaintResponse

    c, track = w.complaint, reverse("complaints:track")
    told = {"complaint": c, "name": c.contact_name, "track_url": track}
    return [
        ("complaints/received", w.applicant, {**told, "code": w.complaint_code}, track),
        ("complaints/response", w.applicant,
         {**told, "response": ComplaintResponse(complaint=c, text="Kami sedang memeriksa jadwal asesor & timnya.")}, track),
        ("complaints/decided", w.applicant,
         {**told, "decision": "Asesor diberi teguran tertulis.", "state_label": c.Status.RESOLVED.label}, track),
        ("complaints/assigned", w.lsp_admin, {"object": c, "actor": w.lsp_admin, "note": ""}, c.get_absolute_url()),
        ("complaints/overdue", w.lsp_admin, {"object": c, "stage": "triage", "days_late": 2}, c.get_absolute_url()),
        ("complaints/overdue", w.lsp_admin, {"object": c, "stage": "resolve", "days_late": 2}, c.get_absolute_url()),
    ]


def test_every_email_template_has_a_case(world):
    covered = {template for template, *_rest in engine_messages(world)} | {m[0] for m in other_messages(world)}
    assert covered == our_templates()


def test_our_emails_name_the_portal_and_leave_no_placeholder_empty(world, strict_templates):
    messages = [(*m, m[0]) for m in other_messages(world)] + engine_messages(world)
    problems = []
    for language in LANGUAGES:
        with translation.override(language):
            portal_name = str(settings.PORTAL_NAME)
        for template, recipient, context, url, case in messages:
            recipient.language = language
            notification = notify(recipient, template, context, url=url)
            text = f"{notification.subject}\n{notification.body}"
            found = problems_in(text)
            if not notification.subject.strip():
                found.append("an empty subject")
            if portal_name not in notification.body:
                found.append("the portal is not named")
            if re.search(rf"{re.escape(settings.SITE_URL)}$", notification.body, re.M):
                found.append("a link to the portal without its page (an empty url)")
            if found:
                problems.append((language, case, found, text))
    assert problems == []


def test_the_revision_emails_carry_the_secretariats_notes(world):
    """The applicant reads what to fix in the e-mail itself, item by item (issue 20, item 11)."""
    from portal.workflow.engine import perform

    perform(world.application, "return_for_revision", world.secretariat, note="Satu dokumen perlu diperbaiki.")
    body = Notification.objects.get(recipient=world.applicant, template="certification/application_revision").body
    assert f"- {world.item}: Pindaian buram & terpotong; unggah ulang.\n" in body
    assert "Yang perlu diperbaiki, beserta catatan sekretariat:\n" in body

    accreditation = accreditation_helpers.submitted(world.make_user, name="LKSA Harapan Bangsa")
    reviewer = accreditation_helpers.desk_reviewer(world.make_user, accreditation)
    from accreditation import services as accreditation_services

    items = list(accreditation.review_items.all()[:2])
    accreditation_services.review_item(reviewer, items[0], "needs_revision", "Unggah SK yang masih berlaku.")
    accreditation_services.review_item(reviewer, items[1], "needs_revision", "Bukti kegiatan 2024 belum ada.")
    perform(accreditation, "return_for_revision", reviewer, note="Mohon lengkapi bukti.")
    operator = accreditation.institution.operators.get()
    body = Notification.objects.get(recipient=operator, template="accreditation/revision").body
    assert (
        "Yang perlu diperbaiki, beserta catatan sekretariat:\n"
        f"- {items[0].label}: Unggah SK yang masih berlaku.\n"
        f"- {items[1].label}: Bukti kegiatan 2024 belum ada.\n"
    ) in body


# ---- allauth's account e-mails, from the pages that send them -----------------------------------------------
SIGNUP = {"full_name": "Siti Aminah", "role": "applicant", "password1": "Kuat-Sekali-2026", "password2": "Kuat-Sekali-2026"}


def test_allauth_sends_only_the_emails_checked_here():
    """Notification e-mails (password changed, e-mail added…) and sign-in or reset by code are off; turning
    one on must add it to the test below."""
    assert allauth_settings.EMAIL_NOTIFICATIONS is False
    assert allauth_settings.LOGIN_BY_CODE_ENABLED is False
    assert allauth_settings.PASSWORD_RESET_BY_CODE_ENABLED is False
    assert allauth_settings.EMAIL_VERIFICATION_BY_CODE_ENABLED is False


@pytest.mark.parametrize("language", LANGUAGES)
def test_account_emails_name_the_portal_and_leave_no_placeholder_empty(client, make_user, language, strict_templates):
    known = make_user(Role.APPLICANT, email=f"known-{language}@example.test", full_name="Siti Aminah")
    unverified = make_user(Role.APPLICANT, email=f"unverified-{language}@example.test", full_name="Rudi Hartono")
    EmailAddress.objects.filter(user=unverified).update(verified=False)
    flows = {
        "email_confirmation_signup": lambda: client.post("/accounts/signup/", {**SIGNUP, "email": f"new-{language}@example.test"}),
        "account_already_exists": lambda: client.post("/accounts/signup/", {**SIGNUP, "email": known.email}),
        "password_reset_key": lambda: client.post("/accounts/password/reset/", {"email": known.email}),
        "unknown_account": lambda: client.post("/accounts/password/reset/", {"email": f"nobody-{language}@example.test"}),
        "email_confirmation": lambda: client.post("/accounts/login/", {"login": unverified.email, "password": "Test-Password-2026"}),
    }
    with translation.override(language):
        portal_name = str(settings.PORTAL_NAME)
        prefix = f"[{settings.PORTAL_SHORT_NAME}] "
    problems = []
    for name, flow in flows.items():
        before = set(Notification.objects.values_list("pk", flat=True))
        client.logout()  # which also drops the cookies
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        response = flow()
        assert response.status_code == 302, name
        [notification] = Notification.objects.exclude(pk__in=before)
        text = f"{notification.subject}\n{notification.body}"
        found = problems_in(text)
        if portal_name not in notification.body:
            found.append("the portal is not named")
        if not notification.subject.startswith(prefix):
            found.append(f"the subject does not start with {prefix!r}")
        if found:
            problems.append((name, found, text))
    assert problems == []
