from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from certification.exams.models import BookingStatus
from certification.models import Application, Scheme
from certification.records import candidate_name
from certification.rules import is_owner, is_verifier
from certification.competency.models import SchemeVersion

from certification.exams.views.common import posted

from . import queries, rules, services
from .forms import AdjustmentsForm, ConfirmForm, PlanForm
from .models import Party


def _staff_or_assessor(user):
    if not (user.is_assessor or user.is_secretariat or user.is_lsp_admin):
        raise Http404


def _booking(request, pk):
    return get_object_or_404(queries.visible_bookings(request.user), pk=pk)


# --- the assessor's and the staff's overview ---------------------------------------------------------------
@login_required
def index(request):
    """The exam sessions whose plans and agreements the user follows, upcoming first."""
    _staff_or_assessor(request.user)
    sessions = list(
        queries.visible_sessions(request.user).filter(attendance_closed_at__isnull=True).order_by("starts_at")[:100]
    )
    return render(request, "planning/index.html", {"sessions": sessions})


@login_required
def session(request, pk):
    """A session's candidates: plan recorded, the candidate's and the assessor's confirmation, adjustments.
    An assessor sees the candidates assigned to them."""
    _staff_or_assessor(request.user)
    session = get_object_or_404(queries.visible_sessions(request.user), pk=pk)
    bookings = queries.visible_bookings(request.user).filter(session=session, status=BookingStatus.CONFIRMED)
    if request.user.is_assessor:
        bookings = bookings.filter(assessor__user=request.user)
    rows = services.session_rows(session, bookings.order_by("seat"))
    missing = sum(1 for _b, plan, found, _a in rows if plan is None or len(found) < 2)
    return render(request, "planning/session.html", {"session": session, "rows": rows, "missing": missing})


# --- FR.MAPA.01 ----------------------------------------------------------------------------------------
@login_required
def plan(request, pk):
    booking = _booking(request, pk)
    if not rules.may_plan(request.user, booking):
        raise Http404
    version = services.version_of(booking.application)
    units = services.units_of(version)
    initial = services.initial_plan(booking, version, units)
    form = PlanForm(posted(request), units=units, initial_plan=initial)
    problem = services.plannable_problem(booking)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            _plan, withdrawn = services.save_plan(
                request.user, booking, approach=data["approach"], evidence_kinds=data["evidence_kinds"],
                notes=data["notes"], methods=form.methods(), request=request,
            )
        except services.PlanningError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The assessment plan is saved. The candidate and you now confirm the agreement (FR.AK.01)."))
            if withdrawn:
                messages.warning(request, _("The plan changed: the confirmations given for the earlier plan were withdrawn and must be given again."))
            return redirect("planning:agreement", pk=booking.pk)
    return render(request, "planning/plan.html", {
        "booking": booking, "session": booking.session, "application": booking.application, "form": form,
        "version": version, "source": initial["source"], "problem": problem,
        "candidate_name": candidate_name(booking.application, request.user),
    })


# --- FR.AK.01 ------------------------------------------------------------------------------------------
def agreement_context(booking, user):
    plan = services.plan_of(booking)
    found = services.confirmations(booking)
    return {
        "booking": booking, "session": booking.session, "application": booking.application, "plan": plan,
        "rows": list(plan.rows.all()) if plan else [], "version": plan.version if plan else services.version_of(booking.application),
        "confirmations": found, "candidate_confirmation": found.get(Party.CANDIDATE),
        "assessor_confirmation": found.get(Party.ASSESSOR), "adjustments": services.adjustments_of(booking.application),
        "assessor_name": booking.assessor.user.get_full_name() if booking.assessor_id else "",
    }


@login_required
def agreement(request, pk):
    booking = _booking(request, pk)
    if not rules.may_view_agreement(request.user, booking):
        raise Http404
    party = rules.party_of(request.user, booking)
    form = ConfirmForm(posted(request))
    if request.method == "POST":
        if party is None:
            raise Http404
        if form.is_valid():
            try:
                _confirmation, created = services.confirm(request.user, booking, request=request)
            except services.PlanningError as error:
                form.add_error(None, str(error))
            else:
                if created:
                    messages.success(request, _("You confirmed the assessment agreement and confidentiality."))
                return redirect("planning:agreement", pk=booking.pk)
    context = agreement_context(booking, request.user)
    mine = context["confirmations"].get(party) if party else None
    return render(request, "planning/agreement.html", {
        **context, "form": form, "party": party, "mine": mine, "problem": services.plannable_problem(booking),
        "candidate_name": candidate_name(booking.application, request.user),
        "may_plan": rules.may_plan(request.user, booking),
        "may_adjust": rules.may_record_adjustments(request.user, booking.application),
    })


# --- FR.AK.07 ------------------------------------------------------------------------------------------
@login_required
def adjustments(request, pk):
    application = get_object_or_404(
        Application.objects.select_related("applicant", "round__scheme", "route"), pk=pk
    )
    if not rules.may_record_adjustments(request.user, application):
        raise Http404
    row = services.adjustments_of(application)
    form = AdjustmentsForm(posted(request), instance=row)
    if request.method == "POST" and form.is_valid():
        services.save_adjustments(request.user, application, form.cleaned_data, request=request)
        messages.success(request, _("The reasonable adjustments are saved; they appear on the attendance and check-in lists."))
        booking = queries.latest_booking(application)
        if booking is not None and booking.session.attendance_closed_at is None:
            return redirect("planning:agreement", pk=booking.pk) if rules.may_view_agreement(request.user, booking) else redirect("planning:adjustments", pk=pk)
        return redirect("planning:adjustments", pk=pk)
    return render(request, "planning/adjustments.html", {
        "application": application, "form": form, "row": row,
        "candidate_name": candidate_name(application, request.user),
    })


# --- the LSP admin's defaults per scheme ----------------------------------------------------------------
@login_required
def defaults(request):
    if not rules.may_manage_defaults(request.user):
        raise Http404
    schemes = list(Scheme.objects.filter(is_active=True).order_by("name"))
    versions = {}
    for version in SchemeVersion.objects.published().filter(scheme__in=schemes).order_by("scheme_id", "-number"):
        versions.setdefault(version.scheme_id, version)
    from .models import DefaultPlan

    present = set(DefaultPlan.objects.values_list("scheme_id", "version_id"))
    rows = [(s, versions.get(s.pk), (s.pk, getattr(versions.get(s.pk), "pk", None)) in present) for s in schemes]
    return render(request, "planning/defaults.html", {"rows": rows})


@login_required
def default_edit(request, pk):
    if not rules.may_manage_defaults(request.user):
        raise Http404
    scheme = get_object_or_404(Scheme, pk=pk)
    version = SchemeVersion.objects.current_for(scheme.pk)
    units = services.units_of(version)
    default = services.default_for(scheme, version)
    initial = {"approach": "final", "evidence_kinds": ["direct", "indirect"], "notes": "", "methods": {}}
    if default is not None:
        rows = {r.unit_id: r.methods for r in default.rows.all()}
        initial = {"approach": default.approach, "evidence_kinds": default.evidence_kinds, "notes": default.notes,
                   "methods": {services.key(u): rows.get(services.key(u), []) for u in units}}
    form = PlanForm(posted(request), units=units, initial_plan=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.save_default(request.user, scheme, version, approach=data["approach"], evidence_kinds=data["evidence_kinds"],
                                  notes=data["notes"], methods=form.methods(), request=request)
        except services.PlanningError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The default plan of %(scheme)s is saved; new plans start from it.") % {"scheme": scheme})
            return redirect("planning:defaults")
    return render(request, "planning/default_form.html", {"scheme": scheme, "version": version, "form": form, "default": default})


def status_context(application, user, place):
    """The candidate's status page (`certification.extensions.FileSection`): the plan and the agreement of
    their latest exam seat, with the adjustments; None before a seat with an assessor."""
    if not is_owner(user, application):
        return None
    booking = queries.latest_booking(application)
    if booking is None or booking.assessor_id is None:
        return None
    return agreement_context(booking, user)


# --- the printed records (certification.extensions.RecordForm) -------------------------------------------
def _may_read(user, application, booking):
    return bool(
        getattr(user, "is_authenticated", False)
        and (is_owner(user, application) or is_verifier(user, application)
             or (booking is not None and (rules.assesses_booking(user, booking) or rules.runs_session(user, booking))))
    )


def mapa01_context(application, user):
    """FR.MAPA.01: once the assessor recorded the plan of the latest sitting."""
    booking = queries.latest_booking(application)
    if booking is None or services.plan_of(booking) is None or not _may_read(user, application, booking):
        return None
    return agreement_context(booking, user)


def ak01_context(application, user):
    """FR.AK.01: the agreement of the latest sitting, once its plan is recorded (confirmed or not yet)."""
    return mapa01_context(application, user)


def ak07_context(application, user):
    """FR.AK.07: once adjustments were recorded (none needed is a record too)."""
    row = services.adjustments_of(application)
    booking = queries.latest_booking(application)
    if row is None or not _may_read(user, application, booking):
        return None
    return {"adjustments": row, "booking": booking, "session": booking.session if booking else None,
            "assessor_name": booking.assessor.user.get_full_name() if booking and booking.assessor_id else "",
            "version": services.version_of(application), "now": timezone.now()}
