"""The assessor's FR.AK.02 / FR.AK.05 / FR.AK.06 pages, the candidate's FR.AK.03 and re-sit pages, and the
printed forms' contexts (`certification.extensions.RecordForm`). Thin: a form, a service call, a message."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from certification.competency.models import SelfAssessment
from certification.exams.models import ExamBooking
from certification.models import Application
from certification.rules import is_owner

from . import rules, services, standard
from .forms import DecisionsForm, FeedbackForm, ReportForm, ResitForm, ReviewForm
from .models import AssessorReport, CandidateFeedback, ProcessReview


def _posted(request):
    return request.POST if request.method == "POST" else None


def _saved(request, form, save, message, *, field=None):
    """`save()` of a valid posted form: what it returned (or True) with `message` shown; None with the
    UnitDecisionError on the form (beside `field`, or above it)."""
    try:
        saved = save()
    except services.UnitDecisionError as error:
        form.add_error(field, str(error))
        return None
    messages.success(request, message)
    return saved or True


def _assessed_booking(request, pk):
    """A booking the user records FR.AK.02 for (the assessor it is assigned to), with units; else 404."""
    booking = get_object_or_404(
        ExamBooking.objects.select_related(
            "session", "session__scheme", "session__province", "assessor", "assessor__user",
            "application", "application__applicant", "application__round__scheme", "application__route",
        ),
        pk=pk,
    )
    if not rules.may_record(request.user, booking):
        raise Http404
    units = services.units_of(booking.application)
    if not units:
        raise Http404
    return booking, units


def _submitted_record(request, pk):
    """(booking, units, its submitted FR.AK.02) for FR.AK.05 and FR.AK.06; else 404."""
    booking, units = _assessed_booking(request, pk)
    record = services.record_of(booking)
    if record is None or record.submitted_at is None:
        raise Http404
    return booking, units, record


# --- FR.AK.02: the assessor ----------------------------------------------------------------------------------
@login_required
def record(request, pk):
    booking, units = _assessed_booking(request, pk)
    record = services.record_of(booking)
    decisions = services.decisions_of(record)
    editable = services.editable(record, booking)
    form = DecisionsForm(
        _posted(request), units=units, decisions=decisions, inputs=services.score_inputs(booking, units), disabled=not editable
    )
    submit = "submit" in request.POST
    if request.method == "POST" and editable and form.is_valid() and _saved(
        request, form, lambda: services.save_decisions(request.user, booking, form.values(), submit=submit, request=request),
        _("FR.AK.02 submitted.") if submit else _("Saved."),
    ):
        return redirect("unitdecisions:record", pk=booking.pk)
    result = services.recommend(units, decisions)
    return render(request, "unitdecisions/record.html", {
        "booking": booking, "application": booking.application, "record": record, "form": form, "editable": editable,
        "recommendation": result, "units": units,
    })


@login_required
def report(request, pk):
    booking, units, record = _submitted_record(request, pk)
    decisions = services.decisions_of(record)
    result = services.recommend(units, decisions)
    not_yet = [u for u in units if u.code in result.not_yet_units]
    existing = AssessorReport.objects.filter(record=record).first()
    disabled = bool(existing and existing.confirmed_at)
    form = ReportForm(_posted(request), not_yet_units=not_yet, report=existing, disabled=disabled)
    if request.method == "POST" and not disabled and form.is_valid():
        confirm = "confirm" in request.POST
        if _saved(
            request, form, lambda: services.save_report(
                request.user, booking, notes=form.cleaned_data["notes"], gaps=form.gaps(), confirm=confirm, request=request
            ),
            _("FR.AK.05 confirmed.") if confirm else _("Saved."),
        ):
            return redirect("unitdecisions:report", pk=booking.pk)
        for unit, name in form.gap_fields:
            if not form.gaps().get(unit.code):
                form.add_error(name, _("Describe the gaps of this unit."))
    return render(request, "unitdecisions/report.html", {
        "booking": booking, "application": booking.application, "record": record, "report": existing, "form": form,
        "recommendation": result, "disabled": disabled,
    })


@login_required
def review(request, pk):
    booking, _units, record = _submitted_record(request, pk)
    existing = ProcessReview.objects.filter(record=record).first()
    disabled = bool(existing and existing.submitted_at)
    form = ReviewForm(_posted(request), review=existing, disabled=disabled)
    if request.method == "POST" and not disabled and form.is_valid() and _saved(
        request, form, lambda: services.save_review(
            request.user, booking, principles=form.principles(), dimensions=form.cleaned_data["dimensions"],
            recommendations=form.cleaned_data["recommendations"], request=request,
        ),
        _("FR.AK.06 submitted."),
    ):
        return redirect("unitdecisions:review", pk=booking.pk)
    return render(request, "unitdecisions/review.html", {
        "booking": booking, "application": booking.application, "record": record, "review": existing, "form": form,
        "disabled": disabled, "principles": standard.PRINCIPLES,
    })


# --- FR.AK.03 and the re-sit: the candidate ----------------------------------------------------------------
def _own_application(request, pk):
    application = get_object_or_404(
        Application.objects.select_related("applicant", "round", "round__scheme", "route", "regional_office"), pk=pk
    )
    if not is_owner(request.user, application):
        raise Http404
    return application


@login_required
def feedback(request, pk):
    application = _own_application(request, pk)
    booking = services.exam_booking(application)
    if booking is None or not services.units_of(application) or not rules.may_give_feedback(request.user, booking):
        raise Http404
    given = CandidateFeedback.objects.filter(booking=booking).first()
    form = FeedbackForm(_posted(request))
    if request.method == "POST" and given is None and form.is_valid() and _saved(
        request, form, lambda: services.give_feedback(
            request.user, booking, answers=form.answers(), comments=form.comments(),
            other=form.cleaned_data["other"], request=request,
        ),
        _("Thank you: your feedback (FR.AK.03) is recorded."),
    ):
        return redirect("unitdecisions:feedback", pk=application.pk)
    labels = dict(standard.FEEDBACK_QUESTIONS)
    answered = [(labels[k], v, given.comments.get(k, "")) for k, v in given.answers.items() if k in labels] if given else []
    return render(request, "unitdecisions/feedback.html", {
        "application": application, "booking": booking, "given": given, "answered": answered, "form": form,
    })


@login_required
def resit(request, pk):
    application = _own_application(request, pk)
    offer = services.resit_offer(application)
    if offer is None:
        raise Http404
    _record, bk_units = offer
    started = services.existing_resit(application)
    rounds = services.resit_rounds(application)
    form = ResitForm(_posted(request), rounds=rounds)
    new = request.method == "POST" and started is None and form.is_valid() and _saved(
        request, form, lambda: services.start_resit(request.user, application, form.cleaned_data["round"], request=request),
        _("Your re-sit application is started: its self-assessment covers only the units to re-sit."), field="round",
    )
    if new:
        return redirect("certification:application_step", pk=new.pk, step="self-assessment")
    return render(request, "unitdecisions/resit.html", {
        "application": application, "units": bk_units, "rounds": rounds, "form": form, "started": started,
    })


# --- the printed forms (certification.extensions.RecordForm) ---------------------------------------------------
def _version(application):
    sa = SelfAssessment.objects.filter(application_id=application.pk).select_related("version").first()
    return sa.version if sa else None


def _record_base(application, user, *, candidate=True):
    booking = services.exam_booking(application)
    if booking is None or not rules.may_read_record(user, booking, candidate=candidate):
        return None, None
    record = services.record_of(booking)
    if record is None or record.submitted_at is None:
        return booking, None
    return booking, record


def _assessor_context(booking, record):
    profile = booking.assessor
    licence = getattr(profile, "licence", None) if profile is not None else None
    return {
        "assessor_name": record.assessor.get_full_name() if record else "",
        "met_number": licence.met_number if licence else "",
        "session": booking.session,
    }


def ak02_context(application, user):
    booking, record = _record_base(application, user)
    if record is None:
        return None
    units = services.units_of(application)
    decisions = services.decisions_of(record)
    return {
        "version": _version(application), "record": record, "booking": booking,
        "rows": [(u, decisions.get(u.pk)) for u in units], "recommendation": services.recommend(units, decisions),
        "resit": services.resit_of(application), **_assessor_context(booking, record),
    }


def ak03_context(application, user):
    booking = services.exam_booking(application)
    if booking is None or not (is_owner(user, application) or rules.may_read_record(user, booking)):
        return None
    given = CandidateFeedback.objects.filter(booking=booking).first()
    if given is None:
        return None
    record = services.record_of(booking)
    return {
        "version": _version(application), "feedback": given,
        "rows": [(text, given.answers.get(key), given.comments.get(key, "")) for key, text in standard.FEEDBACK_QUESTIONS],
        **_assessor_context(booking, record),
    }


def ak05_context(application, user):
    booking, record = _record_base(application, user, candidate=False)
    if record is None:
        return None
    report = AssessorReport.objects.filter(record=record, confirmed_at__isnull=False).first()
    if report is None:
        return None
    units = services.units_of(application)
    decisions = services.decisions_of(record)
    return {
        "version": _version(application), "record": record, "report": report,
        "rows": [(u, decisions.get(u.pk), report.gaps.get(u.code, "")) for u in units],
        "recommendation": services.recommend(units, decisions), **_assessor_context(booking, record),
    }


def ak06_context(application, user):
    booking, record = _record_base(application, user, candidate=False)
    if record is None:
        return None
    review = ProcessReview.objects.filter(record=record, submitted_at__isnull=False).first()
    if review is None:
        return None
    dims = set(review.dimensions)
    return {
        "version": _version(application), "record": record, "review": review,
        "stages": [(label, [(p_label, p in review.principles.get(key, [])) for p, p_label in standard.PRINCIPLES])
                   for key, label in standard.REVIEW_STAGES],
        "principles": standard.PRINCIPLES,
        "dimensions": [(label, key in dims) for key, label in standard.DIMENSIONS],
        "units": services.units_of(application), **_assessor_context(booking, record),
    }


# --- the file sections (certification.extensions.FileSection) ---------------------------------------------------
def section_context(application, user, place):
    """On the assessor's score page ("exam"): the link to FR.AK.02 with its state. On the candidate's status
    page ("status"): the decision per unit once the plenary decided, the re-sit this application is."""
    if place == "exam":
        booking = services.exam_booking(application)
        if booking is None or not rules.may_record(user, booking) or not services.units_of(application):
            return None
        record = services.record_of(booking)
        return {"place": place, "booking": booking, "record": record,
                "url": reverse("unitdecisions:record", args=[booking.pk])}
    if place == "status" and is_owner(user, application):
        resit = services.resit_of(application)
        booking = services.exam_booking(application)
        record = services.record_of(booking) if booking is not None and booking.result else None
        rows = []
        if record is not None and record.submitted_at:
            decisions = services.decisions_of(record)
            rows = [(u, decisions.get(u.pk)) for u in services.units_of(application)]
        if resit is None and not rows:
            return None
        return {"place": place, "resit": resit, "rows": rows}
    return None

