"""Appeals pages: the appellant's form and their appeal, the handlers' queue and panel forming, the
panel's decision, the FR.AK.04 print. Every appeal is scoped to the user first (404 otherwise)."""

import re

from django.apps import apps
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.core.pdf import render_pdf
from portal.documents.forms import limit_uploads
from portal.workflow.engine import TransitionError

from . import kinds, services
from .forms import AppealForm, DecisionForm, PanelMemberForm
from .models import Appeal, AppealStatus
from .rules import handles, may_decide, may_form_panel


def _subject_for(user, kind_key, pk):
    """The decided file, only for one of the people who may appeal it."""
    kind = kinds.get(kind_key)
    if kind is None:
        raise Http404
    obj = get_object_or_404(apps.get_model(kind.model), pk=pk)
    if user.pk not in {u.pk for u in kind.appellants(obj)}:
        raise Http404
    return kind, obj


@login_required
def new(request, kind, pk):
    spec, obj = _subject_for(request.user, kind, pk)
    decided = spec.decision(obj)
    problem = services.appeal_problem(request.user, obj, decided=decided)
    form = AppealForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        limit_uploads(form, request.user)
        if problem is None and form.is_valid():
            data = form.cleaned_data
            try:
                appeal = services.file_appeal(
                    request.user, obj, reasons=data["reasons"], process_explained=data["process_explained"],
                    discussed_with_assessor=data["discussed_with_assessor"], wants_help=data["wants_help"],
                    helper_name=data["helper_name"], uploads=data.get("documents") or [], request=request,
                )
            except services.AppealError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("Your appeal %(reference)s was received. You will be told of every step.")
                                 % {"reference": appeal.reference})
                return redirect(appeal)
    context = {
        "kind": spec, "subject": obj, "decided": decided, "problem": problem, "form": form,
        "last_day": services.last_day(decided.at) if decided else None,
        "existing": services.existing_appeal(obj), "back": spec.owner_url(obj),
    }
    return render(request, "appeals/new.html", context, status=200)


@login_required
def appeal_list(request):
    appeals = Appeal.objects.visible_to(request.user)
    status = request.GET.get("status", "open")
    if status == "open":
        appeals = appeals.open()
    elif status in AppealStatus.values:
        appeals = appeals.filter(status=status)
    else:
        status = "all"
    page = Paginator(appeals.select_related("appellant").order_by("due_at", "id") if status == "open"
                     else appeals.select_related("appellant"), 25).get_page(request.GET.get("page"))
    return render(request, "appeals/list.html", {
        "page": page, "status": status, "statuses": AppealStatus.choices,
        "is_staff": request.user.role in kinds.handler_roles() or request.user.role in kinds.panel_roles(),
    })


def _appeal_for(user, pk):
    return get_object_or_404(Appeal.objects.visible_to(user).select_related("appellant", "decided_by"), pk=pk)


def _detail(request, appeal, *, member_form=None, decision_form=None, status=200):
    user = request.user
    context = {
        "appeal": appeal,
        "subject": appeal.subject,
        "panel": list(appeal.panel.select_related("member")),
        "documents": list(appeal.documents.all()),
        "timeline": services.timeline(appeal),
        "is_handler": handles(user, appeal),
        "is_appellant": appeal.appellant_id == user.pk,
        "file_url": (appeal.kind_spec.owner_url(appeal.subject) if appeal.appellant_id == user.pk
                     else appeal.kind_spec.staff_url(appeal.subject)),
    }
    if may_form_panel(user, appeal):
        eligible, refused = services.panel_candidates(appeal)
        context.update(member_form=member_form or PanelMemberForm(eligible=eligible), refused=refused,
                       can_form=True)
    if may_decide(user, appeal):
        context["decision_form"] = decision_form or DecisionForm(appeal=appeal)
    return render(request, "appeals/detail.html", context, status=status)


@login_required
def detail(request, pk):
    return _detail(request, _appeal_for(request.user, pk))


@require_POST
@login_required
def add_member(request, pk):
    appeal = _appeal_for(request.user, pk)
    if not may_form_panel(request.user, appeal):
        raise Http404
    eligible, refused = services.panel_candidates(appeal)
    form = PanelMemberForm(request.POST, eligible=eligible)
    if form.is_valid():
        try:
            services.add_member(appeal, request.user, form.cleaned_data["member"], chair=form.cleaned_data["chair"],
                                request=request)
        except services.AppealError as error:
            form.add_error("member", str(error))
        else:
            messages.success(request, _("%(name)s was added to the panel.")
                             % {"name": form.cleaned_data["member"].get_full_name()})
            return redirect(appeal)
    elif re.fullmatch(r"[0-9]{1,12}", request.POST.get("member", "")):
        # A person not offered: say why beside the field rather than "not one of the choices".
        reason = dict((u.pk, r) for u, r in refused).get(int(request.POST["member"]))
        if reason:
            form.errors["member"] = form.error_class([_("This person cannot sit on this panel: %(reason)s.")
                                                      % {"reason": reason}])
    return _detail(request, appeal, member_form=form, status=400)


@require_POST
@login_required
def remove_member(request, pk, member_pk):
    appeal = _appeal_for(request.user, pk)
    if not may_form_panel(request.user, appeal):
        raise Http404
    member = get_object_or_404(appeal.panel, pk=member_pk)
    services.remove_member(appeal, request.user, member, request=request)
    messages.success(request, _("The member was removed from the panel."))
    return redirect(appeal)


@require_POST
@login_required
def form_panel(request, pk):
    appeal = _appeal_for(request.user, pk)
    if not may_form_panel(request.user, appeal):
        raise Http404
    try:
        services.form_panel(appeal, request.user, request=request)
    except TransitionError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The appeal is with the panel. The appellant and the members were told."))
    return redirect(appeal)


@require_POST
@login_required
def decide(request, pk):
    appeal = _appeal_for(request.user, pk)
    if not may_decide(request.user, appeal):
        raise Http404
    form = DecisionForm(request.POST, appeal=appeal)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.decide(appeal, request.user, data["action"], reason=data["reason"], outcome=data.get("outcome", ""),
                            new_decision=data.get("new_decision", ""), units=data.get("units") or [], request=request)
        except (services.AppealError, TransitionError) as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The panel's decision on %(reference)s was recorded. The appellant was told.")
                             % {"reference": appeal.reference})
            return redirect(appeal)
    return _detail(request, appeal, decision_form=form, status=400)


@login_required
def pdf(request, pk):
    appeal = _appeal_for(request.user, pk)
    context = {
        "appeal": appeal,
        "panel": list(appeal.panel.select_related("member")),
        "documents": list(appeal.documents.all()),
    }
    content = render_pdf("appeals/fr_ak_04.html", context, language=request.LANGUAGE_CODE)
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="FR.AK.04-{appeal.reference}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response
