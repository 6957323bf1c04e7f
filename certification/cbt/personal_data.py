"""The computer-based test's part of the data-subject export (UU 27/2022): for each of the person's
tests the session, when it started and ended and why, the scores once the LSP released them ("not
released yet" before), and per question the option they chose (its text) and whether they flagged it.

Not exported: the items' stems, keys and rationales, nor which answers were right. The item bank is
confidential and reused from session to session; an export that named the keys would hand the bank to
the next candidates (docs/cbt.md, "Personal data"). The result per domain and per unit says how the
person did."""

from django.db.models import Prefetch
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.privacy.exporters import Section, iso

from . import results, services
from .models import Attempt, AttemptItem


def _attempts(user):
    return Attempt.objects.of_candidate(user)


def _result(attempt, per_unit):
    if not services.result_visible(attempt):
        return _("not released yet")
    scores = services.attempt_scores(attempt)
    return {
        "correct_answers": attempt.correct,
        "score_knowledge": _number(scores["knowledge"]), "score_values": _number(scores["values"]),
        "score_skills": _number(scores["skills"]), "test_total": _number(attempt.total),
        "pass_mark": _number(attempt.pass_mark), "released_at": iso(attempt.released_at),
        "units": [{"unit": f"{r.code} {r.title}", "unit_result": r.text} for r in per_unit.get(attempt.pk, [])],
    }


def _number(value):
    return None if value is None else str(value)


def export(user):
    questions = Prefetch("items", queryset=AttemptItem.objects.select_related("version").only(
        "attempt_id", "position", "choice", "flagged", "answered_at", "version__options",
    ).order_by("position"))
    attempts = list(_attempts(user).select_related(
        "booking__application", "booking__session__scheme", "booking__session__province"
    ).prefetch_related(questions).order_by("started_at"))
    per_unit = results.unit_results_of([a for a in attempts if services.result_visible(a)])
    tests = []
    for attempt in attempts:
        tests.append({
            "application": attempt.booking.application.reference,
            "session": attempt.booking.session.display_title,
            "started_at": iso(attempt.started_at),
            "deadline": iso(attempt.deadline),
            "test_submitted_at": iso(attempt.submitted_at),
            "submit_reason": attempt.get_submit_reason_display() if attempt.submit_reason else None,
            "result": _result(attempt, per_unit),
            "questions": [
                {"question_number": q.position,
                 "your_answer": None if q.choice is None else q.version.options[q.choice],
                 "answered_at": iso(q.answered_at), "flagged": q.flagged}
                for q in attempt.items.all()
            ],
        })
    return {"cbt_tests": tests}


SECTIONS = [
    Section(
        key="cbt", title=gettext_lazy("Computer-based tests"), export=export, order=44,
        records=lambda user: [_attempts(user)], owner="booking__application__applicant",
        actions={
            "cbt.start": gettext_lazy("Started your computer-based test"),
            "cbt.submit": gettext_lazy("Submitted your computer-based test"),
            "cbt.device_refused": gettext_lazy("Refused your test on a second device"),
            "cbt.device_allowed": gettext_lazy("Allowed your test to move to another device"),
            "cbt.device_moved": gettext_lazy("Moved your test to another device"),
        },
        labels={
            "cbt_tests": gettext_lazy("computer-based tests"), "application": gettext_lazy("application"),
            "session": gettext_lazy("session"), "started_at": gettext_lazy("started"),
            "deadline": gettext_lazy("time ends"), "test_submitted_at": gettext_lazy("test submitted"),
            "submit_reason": gettext_lazy("how the test ended"), "result": gettext_lazy("result"),
            "correct_answers": gettext_lazy("correct answers"), "score_knowledge": gettext_lazy("knowledge score"),
            "score_values": gettext_lazy("values score"), "score_skills": gettext_lazy("skills score"),
            "test_total": gettext_lazy("total of the test"), "pass_mark": gettext_lazy("pass mark of the test"),
            "released_at": gettext_lazy("released"), "units": gettext_lazy("per unit of competency"),
            "unit": gettext_lazy("unit of competency"), "unit_result": gettext_lazy("result of the unit"),
            "questions": gettext_lazy("questions"), "question_number": gettext_lazy("question number"),
            "your_answer": gettext_lazy("your answer"), "answered_at": gettext_lazy("answered"),
            "flagged": gettext_lazy("flagged for review"),
        },
    ),
]
