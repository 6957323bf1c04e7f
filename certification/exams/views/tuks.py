"""The register of test sites (TUK): the secretariat keeps those of its office's provinces, LSP admins
all; a test site's page records its verifications. Outside the user's scope: 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import rules, services
from ..forms import TukForm, TukVerificationForm
from ..models import Tuk, TukKind
from .common import posted


def _require_keeper(request):
    if not rules.may_list_test_sites(request.user):
        raise Http404


def _tuk(request, pk):
    _require_keeper(request)
    return get_object_or_404(
        Tuk.objects.managed_by(request.user).select_related("province", "province__regional_office"), pk=pk
    )


@login_required
def tuk_list(request):
    _require_keeper(request)
    tuks = (
        Tuk.objects.managed_by(request.user)
        .select_related("province", "province__regional_office")
        .prefetch_related("verifications__verifier")
        .order_by("province__name", "name")
    )
    kind = request.GET.get("kind", "")
    if kind in TukKind.values:
        tuks = tuks.filter(kind=kind)
    rows = []
    for tuk in tuks[:500]:
        status, text = services.tuk_status(tuk)
        rows.append({"tuk": tuk, "status": status, "status_text": text, "last": services.last_verification(tuk)})
    return render(request, "exams/tuk_list.html", {"rows": rows, "kinds": TukKind.choices, "kind": kind})


@login_required
def tuk_create(request):
    _require_keeper(request)
    form = TukForm(posted(request), user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            tuk = services.save_tuk(request.user, form.save(commit=False), request=request)
        except services.ExamError as error:
            form.add_error("province", str(error))
        else:
            messages.success(request, _("The test site is registered. Record its verification before sessions take place there."))
            return redirect(tuk)
    return render(request, "exams/tuk_form.html", {"form": form})


@login_required
def tuk_edit(request, pk):
    tuk = _tuk(request, pk)
    form = TukForm(posted(request), instance=tuk, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_tuk(request.user, form.save(commit=False), changed=form.changed_data, request=request)
        except services.ExamError as error:
            form.add_error("province", str(error))
        else:
            messages.success(request, _("Saved."))
            return redirect(tuk)
    return render(request, "exams/tuk_form.html", {"form": form, "tuk": tuk})


@login_required
def tuk_detail(request, pk):
    """A test site: its facts, its verifications (newest first), the form to record one, its sessions."""
    tuk = _tuk(request, pk)
    form = TukVerificationForm(posted(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.record_verification(
                request.user, tuk, verified_on=data["verified_on"], result=data["result"],
                valid_until=data.get("valid_until"), notes=data.get("notes", ""), request=request,
            )
        except services.ExamError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The verification is recorded."))
            return redirect(tuk)
    verifications = list(tuk.verifications.select_related("verifier"))
    tuk._prefetched_objects_cache = {"verifications": verifications}
    status, status_text = services.tuk_status(tuk)
    sessions = list(
        tuk.sessions.filter(starts_at__gte=timezone.now()).select_related("scheme", "province").order_by("starts_at")[:50]
    )
    at_risk = {s.pk for s in sessions if services.tuk_problem(tuk, timezone.localtime(s.starts_at).date())}
    return render(request, "exams/tuk_detail.html", {
        "tuk": tuk, "form": form, "verifications": verifications, "status": status, "status_text": status_text,
        "sessions": sessions, "at_risk": at_risk,
    })
