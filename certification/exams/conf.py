"""Defaults of the exam stage. Each can be overridden by a Django setting of the same name; most are
also data on each session (`ExamSession`) or round (`ExamPolicy`), editable by staff."""

from decimal import Decimal

from django.conf import settings

DEFAULTS = {
    #: Hours before a session starts at which booking, cancellation and rebooking close (per session).
    "EXAM_CANCEL_CUTOFF_HOURS": 48,
    #: Total (0–100) from which the computed suggestion is *Kompeten* (per session).
    "EXAM_PASS_MARK": Decimal("70"),
    #: Each component's own minimum (0–100) for a *Kompeten* suggestion (per component).
    "EXAM_COMPONENT_MIN": Decimal("60"),
    #: Relative weight of each exam component in the total (per session; renormalised over the
    #: components that apply to a candidate's route).
    "EXAM_COMPONENT_WEIGHTS": {
        "portfolio": Decimal("20"),
        "cognitive": Decimal("40"),
        "practical": Decimal("40"),
        "interview": Decimal("20"),
        "practice_evidence": Decimal("20"),
    },
    #: Parts of the cognitive test and their weights (DOMAIN.md: knowledge 30, values 30, skills 40).
    "EXAM_COGNITIVE_PARTS": {"knowledge": Decimal("30"), "values": Decimal("30"), "skills": Decimal("40")},
    #: Reminders before a session, in days; each is sent once, to bookings made before it fell due.
    "EXAM_REMINDER_DAYS": (7, 1),
}


def get(name):
    return getattr(settings, name, DEFAULTS[name])
