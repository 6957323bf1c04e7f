"""The data protection officer's breach register and access log. Everyone else: 404."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_POST

from portal.core.text import sentence
from portal.workflow.engine import TransitionError, perform
from portal.workflow.history import timeline_rows

from . import access, breach_services, rules
from .breach_forms import AccessLogFilter, AddPersonForm, AuthorityForm, BreachForm, NoteForm, NoticeForm, TraceForm
from .models import AffectedPerson, Breach, BreachStatus

ACCESS_LOG_PAGE = 50
AFFECTED_ON_PAGE = 200


def _officer(request):
    if not rules.may_handle(request.user):
        raise Http404
    return request.user


def _breach(request, pk):
    officer = _officer(request)
    breach = get_object_or_404(Breach.objects.select_related("recorded_by"), pk=pk)
    if not rules.may_handle_breach(officer, breach):
        raise Http404
    return officer, breach


@login_required
def access_log(request):
    _officer(request)
    filterset = AccessLogFilter(request.GET or None)
    page = Paginator(filterset.qs, ACCESS_LOG_PAGE).get_page(request.GET.get("page"))
    query = urlencode({k: v for k, v in request.GET.items() if k != "page" and v})
    labels = access.labels()
    rows = [(event, labels.get(event.action, event.action)) for event in page.object_list]
    return render(request, "privacy/access_log.html", {"form": filterset.form, "page": page, "rows": rows,
                                                       "query": query})


@login_required
def breaches(request):
    _officer(request)
    show = request.GET.get("show") if request.GET.get("show") in ("open", "closed", "all") else "open"
    queryset = Breach.objects.all()
    if show == "open":
        queryset = queryset.exclude(status=BreachStatus.CLOSED)
    elif show == "closed":
        queryset = queryset.filter(status=BreachStatus.CLOSED)
    return render(request, "privacy/breaches.html", {
        "breaches": queryset.order_by("due_at", "id")[:200],
        "show": show,
        "shows": [("open", pgettext("breaches", "Open")), ("closed", pgettext("breaches", "Closed")), ("all", _("All"))],
    })


@login_required
def breach_new(request):
    officer = _officer(request)
    form = BreachForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            breach = breach_services.record_breach(officer, form.cleaned_data, request=request)
            messages.success(request, _("Incident %(ref)s recorded. Notify the people affected and the authority by "
                                        "%(due)s.") % {"ref": breach.reference, "due": _when(breach.due_at)})
            return redirect(breach)
        messages.error(request, _("Please correct the fields marked below."))
    return render(request, "privacy/breach_form.html", {"form": form, "breach": None})


@login_required
def breach_edit(request, pk):
    officer, breach = _breach(request, pk)
    if not breach.is_open:
        raise Http404
    initial = {name: getattr(breach, name) for name in breach_services.INCIDENT_FIELDS}
    form = BreachForm(request.POST or None, initial=initial)
    if request.method == "POST":
        if form.is_valid():
            breach_services.update_breach(officer, breach, form.cleaned_data, request=request)
            messages.success(request, _("Saved. The notice is not changed: fill it again from the incident if it "
                                        "should say the new facts."))
            return redirect(breach)
        messages.error(request, _("Please correct the fields marked below."))
    return render(request, "privacy/breach_form.html", {"form": form, "breach": breach})


def _when(value):
    return formats.date_format(timezone.localtime(value), "DATETIME_FORMAT")


def _detail(request, breach, status=200, **forms):
    affected = breach.affected.select_related("person").order_by("person__full_name", "person__email")
    context = {
        "breach": breach,
        "affected": affected[:AFFECTED_ON_PAGE],
        "affected_count": affected.count(),
        "waiting_count": affected.filter(notified_at=None).count(),
        "affected_limit": AFFECTED_ON_PAGE,
        "trace_form": forms.get("trace_form") or TraceForm(),
        "add_form": forms.get("add_form") or AddPersonForm(),
        "authority_form": forms.get("authority_form") or AuthorityForm(breach=breach, initial={
            "authority_notified_at": breach.authority_notified_at, "authority_note": breach.authority_note}),
        "notice_form": forms.get("notice_form") or NoticeForm(initial={"notice_id": breach.notice_id,
                                                                       "notice_en": breach.notice_en}),
        "transitions": type(breach).workflow.available(breach, request.user),
        "transition_error": forms.get("transition_error"),
        "note": forms.get("note", ""),
        "timeline": timeline_rows(breach),
    }
    return render(request, "privacy/breach_detail.html", context, status=status)


@login_required
def breach_detail(request, pk):
    _officer_user, breach = _breach(request, pk)
    return _detail(request, breach)


def _open_or_404(breach):
    if not breach.is_open:
        raise Http404


@login_required
def breach_trace(request, pk):
    """GET: the people the chosen audit events touched, as a preview; POST: add them to the list."""
    officer, breach = _breach(request, pk)
    _open_or_404(breach)
    form = TraceForm(request.POST if request.method == "POST" else request.GET)
    if not form.is_valid():
        return _detail(request, breach, trace_form=form)
    data = form.cleaned_data
    result = breach_services.trace(since=data["since"], until=data["until"], actor=data["actor"],
                                   actions=data["actions"])
    if request.method == "POST":
        added = breach_services.add_traced(officer, breach, result, form.criteria(), request=request)
        messages.success(request, _("%(added)s people added to the list (%(found)s found; the others were on it "
                                    "already).") % {"added": added, "found": result.people})
        return redirect(breach.get_absolute_url() + "#affected")
    return render(request, "privacy/breach_trace.html", {"breach": breach, "form": form, "result": result,
                                                         "query": request.GET.urlencode()})


@login_required
@require_POST
def breach_add_person(request, pk):
    officer, breach = _breach(request, pk)
    _open_or_404(breach)
    form = AddPersonForm(request.POST)
    if not form.is_valid():
        return _detail(request, breach, add_form=form)
    person = form.cleaned_data["email"]
    if breach_services.add_person(officer, breach, person, request=request):
        messages.success(request, _("%(name)s added to the list.") % {"name": person.get_full_name() or person.email})
    else:
        messages.info(request, _("%(name)s is on the list already.") % {"name": person.get_full_name() or person.email})
    return redirect(breach.get_absolute_url() + "#affected")


@login_required
@require_POST
def breach_remove_person(request, pk, affected_pk):
    officer, breach = _breach(request, pk)
    _open_or_404(breach)
    affected = get_object_or_404(AffectedPerson.objects.select_related("person"), pk=affected_pk, breach=breach)
    if breach_services.remove_person(officer, breach, affected, request=request):
        messages.success(request, _("Taken off the list."))
    else:
        messages.error(request, _("This person was told already: they stay on the list."))
    return redirect(breach.get_absolute_url() + "#affected")


@login_required
@require_POST
def breach_authority(request, pk):
    officer, breach = _breach(request, pk)
    _open_or_404(breach)
    form = AuthorityForm(request.POST, breach=breach)
    if not form.is_valid():
        return _detail(request, breach, authority_form=form)
    breach_services.record_authority(officer, breach, form.cleaned_data["authority_notified_at"],
                                     form.cleaned_data["authority_note"], request=request)
    messages.success(request, _("The authority's notification is recorded."))
    return redirect(breach.get_absolute_url() + "#authority")


@login_required
@require_POST
def breach_notice(request, pk):
    officer, breach = _breach(request, pk)
    _open_or_404(breach)
    if request.POST.get("prepare"):
        breach_services.prepare_again(officer, breach, request=request)
        messages.success(request, _("The notice is filled again from the incident."))
        return redirect(breach.get_absolute_url() + "#notice")
    form = NoticeForm(request.POST)
    if not form.is_valid():
        return _detail(request, breach, notice_form=form)
    breach_services.save_notice(officer, breach, form.cleaned_data["notice_id"], form.cleaned_data["notice_en"],
                                request=request)
    messages.success(request, _("The notice is saved."))
    return redirect(breach.get_absolute_url() + "#notice")


@login_required
@require_POST
def breach_send(request, pk):
    officer, breach = _breach(request, pk)
    _open_or_404(breach)
    if not breach.notice_id.strip() or not breach.notice_en.strip():
        messages.error(request, _("The notice is empty in one of the languages: write it first."))
    else:
        told = breach_services.send_notice(officer, breach, request=request)
        if told:
            messages.success(request, _("The notice was sent to %(n)s people.") % {"n": told})
        else:
            messages.info(request, _("Everyone on the list was told already."))
    return redirect(breach.get_absolute_url() + "#affected")


@login_required
@require_POST
def breach_transition(request, pk, name):
    officer, breach = _breach(request, pk)
    form = NoteForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        perform(breach, name, officer, note=note, request=request)
    except TransitionError as error:
        if name not in {t.name for t in type(breach).workflow.available(breach, officer)}:
            messages.error(request, str(error))
        return _detail(request, breach, transition_error=(name, str(error)), note=request.POST.get("note", "")[:4000])
    messages.success(request, sentence(type(breach).workflow.get(name).event_label))
    return redirect(breach)
