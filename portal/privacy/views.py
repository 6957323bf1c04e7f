"""The person's data page (export, processing history, requests) and the officer's request queue."""

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import formats, timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.core.pdf import render_pdf
from portal.workflow.engine import TransitionError
from portal.workflow.history import timeline_rows

from . import exporters, history, readable, rules, services
from .forms import AnswerForm, DataRequestForm
from .models import DataRequest, RequestStatus

HISTORY_ON_PAGE = 50


def _no_store(response):
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def my_data(request, form=None, status=200):
    user = request.user
    context = {
        "history": history.rows(user, limit=HISTORY_ON_PAGE),
        "history_limit": HISTORY_ON_PAGE,
        "data_requests": user.data_requests.select_related("answered_by").order_by("-created_at"),
        "form": form or DataRequestForm(),
        "sections": [s.title for s in exporters.sections()],
    }
    return render(request, "privacy/my_data.html", context, status=status)


@login_required
def export_json(request):
    data = services.export(request.user, request=request)
    response = HttpResponse(
        json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2), content_type="application/json; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="my-data-{timezone.localdate():%Y%m%d}.json"'
    return _no_store(response)


@login_required
def export_pdf(request):
    data = services.export(request.user, request=request)
    labels = exporters.labels()
    # A section's own names first: "subject" is a certificate's scheme and a message's subject.
    parts = [(s.title, readable.node(data.get(s.key), {**labels, **s.labels})) for s in exporters.sections()]
    context = {
        "language": get_language(),
        "person": request.user,
        "exported_at": timezone.localtime(),
        "parts": parts,
        # The export's own history (read once from the audit trail), its times as the reader writes them.
        "history": [{**row, "at": readable.text(row["at"])} for row in data["processing_history"]],
        "data_requests": request.user.data_requests.order_by("created_at"),
    }
    pdf = render_pdf("privacy/pdf/export.html", context, language=get_language())
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="my-data-{timezone.localdate():%Y%m%d}.pdf"'
    return _no_store(response)


@login_required
@require_POST
def new_request(request):
    form = DataRequestForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Please correct the fields marked below."))
        return my_data(request, form=form, status=200)
    data_request = services.submit_request(request.user, form.cleaned_data["kind"], form.cleaned_data["details"], request)
    messages.success(request, _("Your request %(ref)s was received; it is answered by %(due)s.") % {
        "ref": data_request.reference,
        "due": formats.date_format(timezone.localtime(data_request.due_at), "DATETIME_FORMAT"),
    })
    return redirect(data_request.get_absolute_url())


def _officer(request):
    if not rules.may_handle(request.user):
        raise Http404
    return request.user


@login_required
def requests(request):
    _officer(request)
    status = request.GET.get("status") or RequestStatus.RECEIVED
    queryset = DataRequest.objects.select_related("person")
    if status != "all":
        queryset = queryset.filter(status=status)
    return render(request, "privacy/requests.html", {
        "data_requests": queryset.order_by("due_at")[:200],
        "status": status,
        "statuses": [(RequestStatus.RECEIVED, _("Waiting")), (RequestStatus.DONE, RequestStatus.DONE.label),
                     (RequestStatus.REFUSED, RequestStatus.REFUSED.label), ("all", _("All"))],
        "now": timezone.now(),
    })


@login_required
def request_detail(request, pk):
    officer = _officer(request)
    data_request = get_object_or_404(DataRequest.objects.select_related("person", "answered_by"), pk=pk)
    form = AnswerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        action = services.answer if form.cleaned_data["action"] == "complete" else services.refuse
        try:
            action(officer, data_request, form.cleaned_data["response"], request=request)
        except TransitionError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Answered; %(name)s is told.") % {"name": data_request.person.get_full_name()})
            return redirect("privacy:request", pk)
    context = {
        "data_request": data_request,
        "form": form,
        "open": data_request.status == RequestStatus.RECEIVED,
        "plan": services.erasure_plan(data_request.person) if data_request.kind == "erasure"
        and data_request.status == RequestStatus.RECEIVED else None,
        "timeline": timeline_rows(data_request),
    }
    return render(request, "privacy/request_detail.html", context)
