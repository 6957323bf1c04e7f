"""The LSP admin's pages: the plenary of an exam session (Kompeten / Belum Kompeten per candidate,
then the certificates) and a round's exam rules."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from certification.models import Round
from portal.accounts.roles import Role
from portal.audit.services import record

from .. import bnsp, queries, rules, services
from ..forms import ExamPolicyForm, PlenaryForm
from ..models import ExamPolicy
from .common import managed_session, posted, require_role


@login_required
def plenary(request, pk):
    require_role(request, Role.LSP_ADMIN)
    session = managed_session(request, pk, exam_only=True)
    rows = queries.plenary_rows(session)
    undecided = [row for row in rows if not row["booking"].result]
    form = PlenaryForm(posted(request), rows=undecided)
    report = None
    if request.method == "POST" and form.is_valid():
        try:
            report = services.hold_plenary(request.user, session, form.decisions, request=request)
        except services.PlenaryProblems as error:
            for booking_pk, problem in error.problems.items():
                field = f"reason_{booking_pk}"
                if field in form.fields:
                    form.add_error(field, problem)
                else:
                    messages.error(request, problem)
        except services.ExamError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                _("Plenary recorded: %(competent)s Kompeten, %(not_yet)s Belum Kompeten.")
                % {"competent": report.competent, "not_yet": report.not_yet_competent},
            )
            if report.batch is not None:
                return redirect(report.batch.get_absolute_url())
            return redirect("exams:plenary", pk=session.pk)
    decided = [row for row in rows if row["booking"].result]
    return render(
        request,
        "exams/plenary.html",
        {"session": session, "form": form, "decided": decided, "undecided_count": len(undecided)},
    )


@login_required
def policy(request, round_pk):
    require_role(request, Role.LSP_ADMIN)
    round_ = get_object_or_404(Round, pk=round_pk)
    instance = ExamPolicy.for_round(round_)
    form = ExamPolicyForm(posted(request), instance=instance)
    if request.method == "POST" and form.is_valid():
        saved = form.save()
        record(request.user, "exams.policy", saved, after=form.cleaned_data, request=request)
        messages.success(request, _("Saved."))
        return redirect("exams:policy", round_pk=round_.pk)
    return render(request, "exams/policy.html", {"round": round_, "form": form})


@login_required
def bnsp_export(request, pk):
    """The plenary's Kompeten candidates as the XLSX for BNSP. NIK included: LSP admins only (404 for
    everyone else), every download audited, never cached."""
    if not rules.may_export_for_bnsp(request.user):
        raise Http404
    session = managed_session(request, pk, exam_only=True)
    data, count = bnsp.workbook_bytes(session)
    record(request.user, "exams.bnsp_export", session, after={"candidates": count}, request=request)
    response = HttpResponse(data, content_type=bnsp.CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{bnsp.filename(session)}"'
    response["Cache-Control"] = "no-store, private"
    response["Pragma"] = "no-cache"
    response["X-Content-Type-Options"] = "nosniff"
    return response
