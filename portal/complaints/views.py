"""Complaints: the public form and tracking page (anyone, rate limited), the handlers' queue and a
complaint's page with its actions. Views are thin: a form, a service call, a message."""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django_ratelimit import UNSAFE

from portal.core.ratelimit import ratelimit
from portal.documents.forms import limit_uploads
from portal.workflow.engine import TransitionError
from portal.workflow.history import timeline_rows

from . import services
from .filters import ComplaintFilter
from .forms import (
    ComplaintForm,
    CredentialActionForm,
    DecisionForm,
    ReassignForm,
    ResponseForm,
    TrackForm,
    TriageForm,
)
from .models import Complaint
from .rules import is_complaint_staff, may_act_on_credential, may_reassign, may_respond
from .workflows import DECISIONS, SIMPLE

FILED_SESSION_KEY = "complaints.filed"


# ---- the public ---------------------------------------------------------------------------------
@never_cache
@ratelimit("complaints-file")
@ratelimit("complaints-file-send", rate="COMPLAINT_FILE_RATE", method=UNSAFE)
def file(request):
    """Anyone files a complaint. A signed-in complainant may attach evidence (uploads count against
    their account's quota; a visitor without an account has none to count against)."""
    form = ComplaintForm(request.POST or None, request.FILES or None, user=request.user)
    if request.user.is_authenticated:
        limit_uploads(form, request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        complaint, code = services.file_complaint(
            subject_kind=data["subject_kind"], subject_name=data["subject_name"], credential=form.credential,
            credential_number=data["credential_number"], description=data["description"],
            contact_name=data["contact_name"], contact_email=data["contact_email"],
            contact_phone=data["contact_phone"], complainant=request.user, evidence=data.get("evidence") or [],
            form_token=data["started"], request=request,
        )
        if code is not None:
            request.session[FILED_SESSION_KEY] = code
        return redirect("complaints:filed")
    return render(request, "complaints/complaint_form.html", {"form": form})


@never_cache
def filed(request):
    """The tracking code, shown once (it is kept nowhere but in the complainant's e-mail)."""
    code = request.session.pop(FILED_SESSION_KEY, None)
    return render(request, "complaints/complaint_filed.html", {
        "code": code, "triage_days": settings.COMPLAINT_SLA_TRIAGE_DAYS, "resolve_days": settings.COMPLAINT_SLA_RESOLVE_DAYS,
    })


@never_cache
@ratelimit("complaints-track")
def track(request):
    """The complainant follows the complaint with its code: status, stage dates, public responses
    and the decision; nothing about anyone. A wrong code and a malformed one answer alike."""
    form = TrackForm(request.POST or None)
    complaint = None
    if request.method == "POST" and form.is_valid():
        complaint = services.find_by_code(form.cleaned_data["code"])
        if complaint is None:
            form.not_found()
    responses = list(complaint.responses.filter(is_public=True).order_by("created_at", "id")) if complaint else []
    return render(request, "complaints/track.html", {"form": form, "complaint": complaint, "responses": responses})


# ---- handlers -----------------------------------------------------------------------------------
def _require_staff(user):
    if not is_complaint_staff(user):
        raise Http404


@login_required
def queue(request):
    _require_staff(request.user)
    filterset = ComplaintFilter(request.GET or None, user=request.user)
    page = Paginator(filterset.qs, 25).get_page(request.GET.get("page"))
    query = urlencode({k: v for k, v in request.GET.items() if k != "page" and v})
    return render(request, "complaints/queue.html", {"form": filterset.form, "page": page, "query": query})


def _complaint_for(user, pk):
    _require_staff(user)
    return get_object_or_404(
        Complaint.objects.visible_to(user).select_related("handler", "credential", "complainant"), pk=pk
    )


def _detail(request, complaint, status=200, **bound):
    user = request.user
    workflow = Complaint.workflow
    available = {t.name: t for t in workflow.available(complaint, user)}
    handlers = services.handler_choices(complaint)
    forms = {
        "triage_form": TriageForm(handlers=handlers) if "triage" in available else None,
        "assign_form": ReassignForm(handlers=handlers, initial={"handler": complaint.handler_id})
        if may_reassign(user, complaint) else None,
        "response_form": ResponseForm() if may_respond(user, complaint) else None,
        "decision_form": DecisionForm(transitions=[available[n] for n in DECISIONS if n in available])
        if any(n in available for n in DECISIONS) else None,
        "credential_form": None,
    }
    credential_transitions = []
    if may_act_on_credential(user, complaint):
        credential_transitions = [
            t for t in type(complaint.credential).workflow.available(complaint.credential, user)
            if t.name in services.CREDENTIAL_ACTIONS
        ]
        if credential_transitions:
            forms["credential_form"] = CredentialActionForm(transitions=credential_transitions)
    forms.update(bound)
    context = {
        "complaint": complaint,
        "timeline": timeline_rows(complaint),
        "responses": list(complaint.responses.select_related("author")),
        "evidence": list(complaint.evidence.all()),
        "buttons": [available[n] for n in SIMPLE if n in available],
        **forms,
    }
    return render(request, "complaints/detail.html", context, status=status)


@login_required
def detail(request, pk):
    return _detail(request, _complaint_for(request.user, pk))


def _done(request, complaint, message):
    messages.success(request, message)
    return redirect("complaints:detail", complaint.pk)


@require_POST
@login_required
def triage(request, pk):
    complaint = _complaint_for(request.user, pk)
    form = TriageForm(request.POST, handlers=services.handler_choices(complaint))
    if form.is_valid():
        try:
            services.triage(complaint, request.user, category=form.cleaned_data["category"],
                            handler=form.cleaned_data["handler"], note=form.cleaned_data["note"], request=request)
        except TransitionError as error:
            form.add_error(None, str(error))
        else:
            return _done(request, complaint, _("%(reference)s was triaged.") % {"reference": complaint.reference})
    return _detail(request, complaint, triage_form=form)


@require_POST
@login_required
def assign(request, pk):
    complaint = _complaint_for(request.user, pk)
    form = ReassignForm(request.POST, handlers=services.handler_choices(complaint))
    if form.is_valid():
        try:
            services.reassign(complaint, request.user, form.cleaned_data["handler"], request=request)
        except TransitionError as error:
            form.add_error(None, str(error))
        else:
            return _done(request, complaint, _("The handler was changed."))
    return _detail(request, complaint, assign_form=form)


@require_POST
@login_required
def respond(request, pk):
    complaint = _complaint_for(request.user, pk)
    form = ResponseForm(request.POST)
    if form.is_valid():
        public = form.cleaned_data["visibility"] == "public"
        try:
            services.respond(complaint, request.user, text=form.cleaned_data["text"], is_public=public, request=request)
        except TransitionError as error:
            form.add_error(None, str(error))
        else:
            return _done(request, complaint, _("Your response was sent to the complainant.") if public
                         else _("Your internal note was saved."))
    return _detail(request, complaint, response_form=form)


@require_POST
@login_required
def decide(request, pk):
    complaint = _complaint_for(request.user, pk)
    available = [t for t in Complaint.workflow.available(complaint, request.user) if t.name in DECISIONS]
    form = DecisionForm(request.POST, transitions=available)
    if form.is_valid():
        try:
            services.decide(complaint, request.user, form.cleaned_data["action"], reason=form.cleaned_data["reason"],
                            request=request)
        except TransitionError as error:
            form.add_error(None, str(error))
        else:
            return _done(request, complaint, _("%(reference)s is now “%(status)s”. The complainant was told.")
                         % {"reference": complaint.reference, "status": complaint.get_status_display()})
    return _detail(request, complaint, decision_form=form)


@require_POST
@login_required
def move(request, pk, name):
    complaint = _complaint_for(request.user, pk)
    if name not in SIMPLE:
        raise Http404
    try:
        services.move(complaint, request.user, name, request=request)
    except TransitionError as error:
        messages.error(request, str(error))
        return redirect("complaints:detail", complaint.pk)
    return _done(request, complaint, _("%(reference)s is now “%(status)s”.")
                 % {"reference": complaint.reference, "status": complaint.get_status_display()})


@require_POST
@login_required
def credential(request, pk):
    complaint = _complaint_for(request.user, pk)
    if not may_act_on_credential(request.user, complaint):
        raise Http404
    transitions = [t for t in type(complaint.credential).workflow.available(complaint.credential, request.user)
                   if t.name in services.CREDENTIAL_ACTIONS]
    form = CredentialActionForm(request.POST, transitions=transitions)
    if form.is_valid():
        try:
            changed = services.act_on_credential(complaint, request.user, form.cleaned_data["action"],
                                                 reason=form.cleaned_data["reason"], request=request)
        except TransitionError as error:
            form.add_error(None, str(error))
        else:
            return _done(request, complaint, _("%(number)s is now “%(status)s”.")
                         % {"number": changed.number, "status": changed.get_status_display()})
    return _detail(request, complaint, credential_form=form)
