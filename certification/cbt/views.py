"""Pages of the computer-based test: the item bank and blueprints (item writers, LSP admins), the
candidate's test (its page, the JSON answers, submit). The proctor's console is in `proctor_views.py`.
Thin: a scoped queryset, a form, a service call, a message."""

import json
import logging
import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from certification.competency.models import SchemeVersion
from certification.exams.models import ExamBooking
from certification.models import Scheme
from portal.core.http import errors_as_messages
from portal.documents.forms import limit_uploads
from portal.documents.services import atomic_with_uploads, store_upload

from . import analysis_views, bank, qti, results, rules, services, spreadsheet
from .blueprints import bank_problem, save_blueprint, unit_quotas
from .forms import BlueprintForm, ImportForm, ItemForm
from .models import Attempt, AttemptItem, Blueprint, Domain, Item, ItemVersion

log = logging.getLogger("portal.cbt")
DEVICE_COOKIE = "cbt_device"


def _id_param(value):
    """A query parameter that names a row: ASCII digits, short; anything else is no filter."""
    return int(value) if re.fullmatch(r"[0-9]{1,9}", value or "") else None


def _require_writer(user):
    if not rules.may_write_items(user):
        raise Http404


# ---- the item bank -----------------------------------------------------------------------------------------
@login_required
def items(request, import_form=None, status=200):
    _require_writer(request.user)
    versions = ItemVersion.objects.filter(is_current=True, item__in=Item.objects.visible_to(request.user)).select_related(
        "item", "item__scheme", "unit"
    ).order_by("item__scheme__name", "item_id")
    scheme = request.GET.get("scheme", "")
    domain = request.GET.get("domain", "")
    if _id_param(scheme) is not None:
        versions = versions.filter(item__scheme_id=_id_param(scheme))
    if domain in Domain.values:
        versions = versions.filter(domain=domain)
    page = Paginator(versions, 50).get_page(request.GET.get("page"))
    used = set(AttemptItem.objects.filter(version__in=[v.pk for v in page]).values_list("version_id", flat=True))
    return render(request, "cbt/item_list.html", {
        "page": page, "used": used, "schemes": Scheme.objects.order_by("name"), "domains": Domain.choices,
        "scheme": scheme, "domain": domain, "columns": spreadsheet.COLUMNS,
        "form": import_form or ImportForm(initial={"scheme": _id_param(scheme)}),
    }, status=status)


def _item_form_page(request, form, item=None):
    return render(request, "cbt/item_form.html", {"form": form, "item": item})


@login_required
def item_new(request):
    _require_writer(request.user)
    form = ItemForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        limit_uploads(form, request.user)
        if form.is_valid():
            with atomic_with_uploads():
                image = _store_image(request, form)
                version = bank.create_item(request.user, form.cleaned_data["scheme"], form.content(image), request=request)
            messages.success(request, _("The item is saved."))
            return redirect("cbt:item", pk=version.item_id)
    return _item_form_page(request, form)


def _store_image(request, form):
    upload = form.cleaned_data.get("image")
    if upload:
        return store_upload(request.user, upload, kind="cbt_item", images_only=True)
    return None


@login_required
def item_detail(request, pk):
    _require_writer(request.user)
    item = get_object_or_404(Item.objects.visible_to(request.user).select_related("scheme"), pk=pk)
    versions = list(item.versions.select_related("unit", "image").annotate(uses=Count("placements")))
    analysis_views.item_versions_stats(request.user, item, versions)
    return render(request, "cbt/item_detail.html", {"item": item, "versions": versions,
                                                    "thresholds": analysis_views.thresholds()})


@login_required
def item_edit(request, pk):
    _require_writer(request.user)
    item = get_object_or_404(Item.objects.visible_to(request.user).select_related("scheme"), pk=pk)
    current = item.versions.select_related("image").get(is_current=True)
    form = ItemForm(request.POST or None, request.FILES or None, item=item, version=current)
    if request.method == "POST":
        limit_uploads(form, request.user)
        if form.is_valid():
            with atomic_with_uploads():
                image = _store_image(request, form)
                version = bank.edit_item(request.user, item, form.content(image), request=request)
            if version.pk != current.pk:
                messages.success(request, _("Version %(old)s is on candidates' tests and stays as it was; your change is version %(new)s.")
                                 % {"old": current.number, "new": version.number})
            else:
                messages.success(request, _("The item is saved."))
            return redirect("cbt:item", pk=item.pk)
    return _item_form_page(request, form, item)


@login_required
@require_POST
def item_pool(request, pk):
    _require_writer(request.user)
    item = get_object_or_404(Item.objects.visible_to(request.user), pk=pk)
    bank.set_active(request.user, item, not item.is_active, request=request)
    messages.success(request, _("The item is in the pool.") if not item.is_active else _("The item is out of the pool."))
    return redirect("cbt:item", pk=item.pk)


@login_required
@require_POST
def items_import(request):
    _require_writer(request.user)
    form = ImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return items(request, import_form=form, status=400)
    parsed = form.parsed
    if not parsed.ok:
        return render(request, "cbt/import_errors.html", {
            "form": form, "parsed": parsed, "file_name": form.cleaned_data["file"].name, "columns": spreadsheet.COLUMNS,
        }, status=400)
    versions = bank.import_items(request.user, form.cleaned_data["scheme"], parsed.rows,
                                     source_name=form.cleaned_data["file"].name, request=request)
    messages.success(request, _("%(n)s items imported.") % {"n": len(versions)})
    return redirect(f"{reverse('cbt:items')}?scheme={form.cleaned_data['scheme'].pk}")


@login_required
def items_export(request, fmt):
    _require_writer(request.user)
    versions = ItemVersion.objects.filter(is_current=True, item__in=Item.objects.visible_to(request.user)).select_related("unit")
    scheme = request.GET.get("scheme", "")
    if _id_param(scheme) is not None:
        versions = versions.filter(item__scheme_id=_id_param(scheme))
    versions = versions.order_by("item__scheme_id", "item_id")
    if fmt == "xlsx":
        response = HttpResponse(spreadsheet.export_xlsx(versions),
                                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    else:
        response = HttpResponse(spreadsheet.export_csv(versions), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="bank-soal.{fmt}"'
    response["Cache-Control"] = "no-store, private"
    return response


@login_required
def items_export_qti(request):
    """The current versions as a QTI 2.1 content package (docs/cbt.md): item writers and LSP admins only."""
    _require_writer(request.user)
    versions = ItemVersion.objects.filter(is_current=True, item__in=Item.objects.visible_to(request.user)).select_related(
        "item__scheme", "unit", "image"
    )
    scheme = _id_param(request.GET.get("scheme", ""))
    if scheme is not None:
        versions = versions.filter(item__scheme_id=scheme)
    body = qti.export(request.user, versions.order_by("item__scheme_id", "item_id"), scheme=scheme, request=request)
    response = HttpResponse(body, content_type="application/zip")
    response["Content-Disposition"] = 'attachment; filename="bank-soal-qti.zip"'
    response["Cache-Control"] = "no-store, private"
    return response


# ---- blueprints ----------------------------------------------------------------------------------------------
@login_required
def blueprints(request):
    if not rules.may_keep_blueprints(request.user):
        raise Http404
    schemes = Scheme.objects.order_by("name").select_related("cbt_blueprint").annotate(
        item_total=Count("cbt_items", filter=Q(cbt_items__is_active=True))
    )
    return render(request, "cbt/blueprint_list.html", {"schemes": schemes})


@login_required
def blueprint_edit(request, scheme_pk):
    if not rules.may_keep_blueprints(request.user):
        raise Http404
    scheme = get_object_or_404(Scheme, pk=scheme_pk)
    blueprint = Blueprint.objects.filter(scheme=scheme).first() or Blueprint(scheme=scheme, item_count=50, time_limit_minutes=90)
    version = SchemeVersion.objects.current_for(scheme.pk)
    units = list(version.units.all()) if version else []
    form = BlueprintForm(request.POST or None, instance=blueprint, units=units, quotas=unit_quotas(blueprint))
    if request.method == "POST" and form.is_valid():
        with errors_as_messages(request, services.CbtError):
            save_blueprint(request.user, form.save(commit=False), quotas=form.quotas(), request=request)
            messages.success(request, _("The blueprint of %(scheme)s is saved.") % {"scheme": scheme})
            return redirect("cbt:blueprint", scheme_pk=scheme.pk)
    problem = bank_problem(blueprint) if blueprint.pk else None
    return render(request, "cbt/blueprint_form.html", {"form": form, "scheme": scheme, "blueprint": blueprint, "problem": problem})


# ---- the candidate ---------------------------------------------------------------------------------------------
def _own_booking(request, pk):
    return get_object_or_404(
        ExamBooking.objects.of_candidate(request.user).select_related(
            "session", "session__scheme", "session__province", "application", "application__route"
        ),
        pk=pk,
    )


def _set_device(response, request, token):
    if token:
        response.set_cookie(DEVICE_COOKIE, token, max_age=24 * 3600, path="/cbt/", httponly=True, samesite="Strict",
                            secure=request.is_secure())
    return response


@login_required
def mine(request):
    bookings = list(
        ExamBooking.objects.of_candidate(request.user).confirmed().filter(session__kind="exam")
        .select_related("session", "session__scheme", "session__province", "cbt_attempt")
        .order_by("-session__starts_at")[:20]
    )
    with_blueprint = set(Blueprint.objects.filter(scheme__in={b.session.scheme_id for b in bookings}).values_list("scheme_id", flat=True))
    rows = [(b, getattr(b, "cbt_attempt", None)) for b in bookings if b.session.scheme_id in with_blueprint]
    return render(request, "cbt/mine.html", {"rows": rows})


@login_required
@never_cache
def start(request, pk):
    """Before the test: what it is, and the button. No item is in this page."""
    booking = _own_booking(request, pk)
    if request.method == "GET":
        attempt = Attempt.objects.filter(booking=booking).exclude(status=Attempt.Status.READY).only("pk").first()
        if attempt is not None:
            return redirect("cbt:attempt", pk=attempt.pk)
    if request.method == "POST":
        try:
            started = services.start_attempt(request.user, booking, request.COOKIES.get(DEVICE_COOKIE), request=request)
        except services.CbtError as error:
            messages.error(request, error.message)
            return redirect("cbt:start", pk=booking.pk)
        return _set_device(redirect("cbt:attempt", pk=started.attempt.pk), request, started.token)
    blueprint = getattr(booking.session.scheme, "cbt_blueprint", None)
    return render(request, "cbt/start.html", {
        "booking": booking, "session": booking.session, "blueprint": blueprint, "problem": services.start_problem(booking),
    })


def _own_attempt(request, pk):
    """The candidate's test. A form drawn at check-in but not started (`is_ready`) shows nothing: the views send
    the candidate to the start page."""
    attempt = get_object_or_404(
        Attempt.objects.of_candidate(request.user).select_related("booking", "booking__session", "booking__session__scheme"), pk=pk
    )
    return services.check_expiry(attempt, request=request)


@login_required
@never_cache
def attempt(request, pk):
    attempt = _own_attempt(request, pk)
    if attempt.is_ready:
        return redirect("cbt:start", pk=attempt.booking_id)
    if not attempt.is_open:
        visible = services.result_visible(attempt)
        return render(request, "cbt/done.html", {"attempt": attempt, "visible": visible, "scores": services.attempt_scores(attempt),
                                                 "units": results.unit_results(attempt) if visible else []})
    token = request.COOKIES.get(DEVICE_COOKIE)
    if not services.holds_device(attempt, token):
        # Another device (or a fresh browser): it takes over only when the proctor allowed it.
        try:
            started = services.start_attempt(request.user, attempt.booking, token, request=request)
        except services.DeviceRefused as error:
            return render(request, "cbt/device_refused.html", {"attempt": attempt, "message": error.message}, status=409)
        return _set_device(redirect("cbt:attempt", pk=attempt.pk), request, started.token)
    questions = list(attempt.items.select_related("version", "version__image"))
    shown = []
    for q in questions:
        options = [(index, chr(65 + index), q.version.options[original]) for index, original in enumerate(q.order)]
        shown.append({"q": q, "options": options, "chosen": q.shown_choice})
    left = attempt.seconds_left()
    return render(request, "cbt/attempt.html", {
        "attempt": attempt, "questions": shown, "seconds_left": left, "clock": f"{left // 3600}:{left // 60 % 60:02d}:{left % 60:02d}",
        "max_seq": max((q.seq for q in questions), default=0),
        "answered": sum(1 for q in questions if q.choice is not None),
    })


def _refusal(error, status):
    return JsonResponse({"ok": False, "code": error.code, "error": error.message}, status=status)


STATUS = {"malformed": 400, "time": 400, "not_on_form": 400, "not_found": 404, "device": 409, "closed": 409, "late": 409,
          "paused": 409}


@login_required
@require_POST
def answer(request, pk):
    """One answer as JSON: {"key", "item", "choice", "flagged", "seq"} (docs/cbt.md). Never a 500."""
    payload = None
    if request.content_type == "application/json":  # a form's body was read by the middleware already
        try:
            payload = json.loads(request.body.decode("utf-8") or "null")
        except (UnicodeDecodeError, ValueError):
            payload = None
    try:
        saved = services.save_answer(request.user, pk, request.COOKIES.get(DEVICE_COOKIE), payload, request=request)
    except services.CbtError as error:
        log.warning("cbt: answer refused (%s) for attempt %s by user %s: %s", error.code, pk, request.user.pk, error.message)
        return _refusal(error, STATUS.get(error.code, 400))
    return JsonResponse({
        "ok": True, "outcome": saved.outcome, "item": saved.item.position, "choice": saved.item.shown_choice,
        "flagged": saved.item.flagged, "seconds_left": saved.seconds_left,
    })


@login_required
@never_cache
def state(request, pk):
    """The clock and what the server holds, for the page to catch up after a reconnect."""
    attempt = _own_attempt(request, pk)
    if attempt.is_ready:
        return JsonResponse({"open": False, "started": False, "seconds_left": 0, "answered": 0, "device": False})
    return JsonResponse({
        "open": attempt.is_open, "paused": attempt.is_paused, "seconds_left": attempt.seconds_left() if attempt.is_open else 0,
        "answered": attempt.items.filter(choice__isnull=False).count(),
        "device": services.holds_device(attempt, request.COOKIES.get(DEVICE_COOKIE)),
    })


@login_required
@never_cache
def submit(request, pk):
    attempt = _own_attempt(request, pk)
    if attempt.is_ready:
        return redirect("cbt:start", pk=attempt.booking_id)
    if not attempt.is_open:
        return redirect("cbt:attempt", pk=attempt.pk)
    if not services.holds_device(attempt, request.COOKIES.get(DEVICE_COOKIE)):
        return redirect("cbt:attempt", pk=attempt.pk)
    if attempt.is_paused:
        messages.error(request, _("The test is paused by the proctor; it can be submitted once it resumes."))
        return redirect("cbt:attempt", pk=attempt.pk)
    if request.method == "POST":
        with errors_as_messages(request, services.CbtError):  # paused in the meantime
            services.submit(request.user, attempt, request=request)
            messages.success(request, _("Your answers are submitted."))
        return redirect("cbt:attempt", pk=attempt.pk)
    counts = attempt.items.aggregate(
        answered=Count("pk", filter=Q(choice__isnull=False)), flagged=Count("pk", filter=Q(flagged=True)), total=Count("pk")
    )
    return render(request, "cbt/submit.html", {"attempt": attempt, "counts": counts,
                                               "unanswered": counts["total"] - counts["answered"]})
